import type { CloseCode } from './close-codes.ts';

/** The smallest socket the document server needs; apps/server adapts its websocket to it. */
export interface SocketLike {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
}

export type Authorization =
  | { ok: true; userId: string; canWrite: boolean; /** Shown to others in presence; the client can't choose it. */ userName?: string }
  | { ok: false; code: CloseCode; reason: string };

/**
 * Who may do what with a document. `identity` is whatever the caller handed to `connect`
 * (apps/server passes the session token); it is asked again whenever rights may have changed.
 */
export type Authorize = (identity: unknown, docName: string) => Promise<Authorization>;

export interface StoredUpdate {
  docName: string;
  update: Uint8Array;
  /** The authenticated author; null for the server's own writes. */
  authorId: string | null;
  /** The Yjs client ids whose content this update carries, so content can be traced to authors. */
  clients?: number[];
}

export interface LoadedDocument {
  /** The snapshot (if any) then every later update, in order. */
  updates: Uint8Array[];
  /** The id of the last update folded in: compaction may drop everything up to it. */
  lastId: number;
  /** Updates and bytes in the log beyond the snapshot. */
  logCount: number;
  logBytes: number;
}

export interface DocumentStore {
  load(docName: string): Promise<LoadedDocument>;
  /**
   * All entries in one transaction, in order: their ids once on disk. A store that writes
   * synchronously (SQLite) returns them at once, so the relay follows in the same turn.
   */
  append(entries: readonly StoredUpdate[]): number[] | Promise<number[]>;
  /** Replaces the log up to and including `upToId` with `state`, in one transaction. */
  compact(docName: string, state: Uint8Array, upToId: number): Promise<void>;
}
