import type { Alongside } from './types.ts';

/**
 * What a room knows of one socket in it: who it acts for, what it may do, how to reach it and
 * how to refuse it. The room never sees the socket, its frames or its life (connection.ts).
 */
export interface Peer {
  /** This peer as the origin of what it changes. */
  readonly origin: Origin;
  readonly wantsAcks: boolean;
  readonly userId: string;
  /** The name the server knows this user by, stamped over whatever presence claims. */
  readonly userName: string | null;
  readonly canWrite: boolean;
  /** Without canWrite: its updates may only propose (suggestion-guard.ts). */
  readonly canSuggest: boolean;
  /** Presence ids this peer's messages currently speak for (the room keeps them). */
  readonly awarenessIds: Set<number>;
  /** Presence ids this peer introduced: the only ones it may ever change. */
  readonly ownedAwarenessIds: Set<number>;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
  /** A write without the right: closed with 4409, its copy holds edits that will never be stored. */
  refusedWrite(): void;
  /** An update from a suggester that does more than suggest: closed with 4409 too, saying what it did. */
  refusedSuggestion(reason: string): void;
  /** An edit that would grow the document past its limit. */
  refusedFull(maxBytes: number): void;
  /** Content under another person's Yjs client id. */
  refusedForeignClient(): void;
  /** An update that does not fit the document's shape. */
  refusedShape(reason: string): void;
}

/**
 * Where a change to a room's document or presence came from: one of its peers, the server
 * itself (comments, freezing, restores), another process over the bus, or the store.
 */
export type Origin =
  | { readonly kind: 'client'; readonly peer: Peer }
  | { readonly kind: 'server'; readonly authorId: string | null; readonly alongside: Alongside | null }
  | { readonly kind: 'remote' }
  | { readonly kind: 'store' };
