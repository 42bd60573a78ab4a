export { createDocServer, DEFAULT_LIMITS, type ConnectionHandle, type DocServer, type DocServerOptions } from './doc-server.ts';
export { CloseCode } from './close-codes.ts';
export { MessageType, SyncType } from './messages.ts';
export { createLocalBus, type Bus, type BusListener } from './bus.ts';
export { createRedisBus, type RedisBusOptions } from './redis-bus.ts';
export type { Authorization, Authorize, DocumentStore, LoadedDocument, SocketLike, StoredUpdate } from './types.ts';
export type { DocShape, FieldShape, TypeShape, XmlNodeRule, XmlSchema } from './shape.ts';
export { ShapeGuard } from './shape-guard.ts';
