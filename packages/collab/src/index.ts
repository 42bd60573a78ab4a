export { type Bus, type BusListener, createLocalBus } from './bus.ts';
export { type ConnectionHandle, createDocServer, DEFAULT_LIMITS, DEFAULT_MAX_QUEUED_BYTES, type DocServer, type DocServerOptions } from './doc-server.ts';
export { CloseCode, fitCloseReason, MAX_CLOSE_REASON_BYTES, MessageType, SyncType, shouldReconnect } from './protocol.ts';
export { createRedisBus, type RedisBusOptions } from './redis-bus.ts';
export type { DocShape, FieldShape, SuggestionMarks, TypeShape, XmlNodeRule, XmlSchema } from './shape.ts';
export { ShapeGuard } from './shape-guard.ts';
export { checkSuggestion } from './suggestion-guard.ts';
export type { Alongside, Authorization, Authorize, CollabMetrics, DocumentStore, Fence, LoadedDocument, SocketLike, StoredUpdate } from './types.ts';
