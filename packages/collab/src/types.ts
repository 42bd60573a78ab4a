import type { CloseCode } from './protocol.ts';

/** The smallest socket the document server needs; apps/server adapts its websocket to it. */
export interface SocketLike {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Cuts the connection without a close handshake (when a close could not be sent). */
  terminate?(): void;
  /** Bytes accepted for sending but not yet sent (the transport's queue). */
  bufferedBytes?(): number;
}

export type Authorization =
  | {
      ok: true;
      userId: string;
      canWrite: boolean;
      /**
       * Without `canWrite`: whether the connection may propose changes as suggestions (text it
       * adds marked as its own suggestion, text it would remove marked for deletion). Checked on
       * every update it sends (suggestion-guard.ts).
       */
      canSuggest?: boolean;
      /** Shown to others in presence; the client can't choose it. */
      userName?: string;
      /**
       * Who this connection acts for (e.g. `session:<id>`, `user:<id>`): `reauthorizePrincipal`
       * re-asks for exactly their connections, on every process (a logout, say).
       */
      principals?: readonly string[];
      /** When the grant lapses on its own (a session's expiry): asked again then. */
      validUntil?: number;
    }
  | { ok: false; code: CloseCode; reason: string };

/**
 * Who may do what with a document. `identity` is whatever the caller handed to `connect`
 * (apps/server passes the session token); it is asked again whenever rights may have changed.
 */
export type Authorize<Identity = unknown> = (identity: Identity, docName: string) => Promise<Authorization>;

export interface StoredUpdate {
  docName: string;
  update: Uint8Array;
  /** The authenticated author; null for the server's own writes. */
  authorId: string | null;
  /** The Yjs client ids whose content this update carries, so content can be traced to authors. */
  clients?: number[];
  /** Writes that must be stored with this update or not at all. */
  alongside?: Alongside | null;
}

/**
 * What an update causes that must be durable exactly when the update is (the notifications a
 * comment or a mention sends, say): the store makes `write` in the transaction that stores the
 * update, and if it fails neither is stored. `transaction` is the store's own handle; whoever
 * builds an Alongside knows which store it writes to.
 */
export interface Alongside {
  write(transaction: unknown): Promise<void>;
  /** Both are on disk (called once, after the commit): tell whoever is waiting. */
  committed?(): void;
}

export interface LoadedDocument {
  /** The snapshot (if any) then every log row not folded into it, in order. */
  updates: Uint8Array[];
  /** The ids of those log rows: what a compaction may fold and delete. */
  ids: number[];
  /** Bytes in those log rows. */
  logBytes: number;
  /** Clients fenced off for want of the right (see DocumentStore.fence). */
  fences?: readonly Fence[];
  /** Who first wrote under each Yjs client id: the only person who may write under it again. */
  owners?: ReadonlyMap<number, string>;
}

export interface DocumentStore {
  load(docName: string): Promise<LoadedDocument>;
  /**
   * All entries in one transaction, in order: their ids once on disk. A store that writes
   * synchronously (SQLite) returns them at once, so the relay follows in the same turn.
   */
  append(entries: readonly StoredUpdate[]): number[] | Promise<number[]>;
  /**
   * In one transaction: the stored snapshot becomes `fold(stored snapshot)` and exactly the log
   * rows `ids` are deleted, so rows written meanwhile by another process are never lost.
   */
  compact(docName: string, fold: (snapshot: Uint8Array | null) => Uint8Array, ids: readonly number[]): Promise<void>;
  /**
   * Remembers that nothing of Yjs client `client` from `fromClock` on may ever be stored: a
   * connection without the right sent it. A store without it forgets fences on restart.
   */
  fence?(docName: string, fence: Fence): Promise<void>;
}

/**
 * Nothing of Yjs client `client` from `fromClock` on is ever stored when offered by `userId`:
 * that person's copy holds structs they made without the right to edit. (Another person offering
 * the same ids could only be a client id collision, or structs both made identically.)
 */
export interface Fence {
  client: number;
  fromClock: number;
  userId: string;
}

/**
 * What the document server counts as it works, for the operator's metrics (apps/server turns
 * them into Prometheus series). Every call is cheap and synchronous; the default counts nothing.
 */
export interface CollabMetrics {
  /** A client's update accepted for storing. */
  received(): void;
  /** One group commit: how many updates went into the transaction, and how long the store took. */
  committed(updates: number, seconds: number): void;
  /** A stored update sent on to `sockets` other sockets. */
  relayed(sockets: number): void;
  /** The server closed a socket, with this close code (refused writes, too slow, too large…). */
  closed(code: number): void;
  /** One compaction folded a document's log into its snapshot. */
  compacted(seconds: number): void;
  /** Another process's bus message arrived this long after it was published. */
  busLag(seconds: number): void;
}

export const NO_METRICS: CollabMetrics = {
  received() {},
  committed() {},
  relayed() {},
  closed() {},
  compacted() {},
  busLag() {},
};
