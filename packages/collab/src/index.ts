export { createDocServer, DEFAULT_LIMITS, type ConnectionHandle, type DocServer, type DocServerOptions } from './doc-server.ts';
export { CloseCode } from './close-codes.ts';
export { MessageType, SyncType } from './messages.ts';
export type { Authorization, Authorize, DocumentStore, LoadedDocument, SocketLike, StoredUpdate } from './types.ts';
