/**
 * The wire protocol's constants, shared by the document server and the browser: import it as
 * `@stint/collab/protocol` (no Node, no Yjs, no Redis in it).
 */

/** Top-level message types of the y-websocket protocol, plus Stint's own durable ack. */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /**
   * "Saved up to": the state vector that is on disk. Sent only to clients that asked with
   * `acks=1`, because the stock y-websocket client logs an error for types it doesn't know.
   */
  saved: 100,
  /**
   * A heartbeat: a client that sends this one byte gets the same byte back at once, whatever
   * state its connection is in. A browser does not see websocket pings, so this is how it
   * learns within seconds that a silent network has dropped it (the stock client never sends it).
   */
  ping: 101,
} as const;

export const SyncType = { step1: 0, step2: 1, update: 2 } as const;

/** Why the server closed a document socket; API.md documents the 44xx codes for clients. */
export const CloseCode = {
  malformed: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  notFound: 4404,
  /** The client stopped reading: its unsent messages passed the bound. Reconnect to resync. */
  tooSlow: 4408,
  tooLarge: 4413,
  /** An update that would put into the document something its shape does not allow. */
  invalidShape: 4422,
  /** Too many sockets for one user or address. */
  tooMany: 4429,
  /**
   * This copy of the document holds edits the server refused (made without the right to edit):
   * it can never be merged. Keep what the person typed for them, drop the copy, load it again.
   */
  refusedEdits: 4409,
  /**
   * An update carrying content under a Yjs client id another person already wrote with in this
   * document: authorship can't be borrowed. Nothing of it is stored. An honest client never sends
   * one (a fresh copy per person gets a fresh id).
   */
  foreignClient: 4410,
  /**
   * The document is at its size limit: this copy's new content will never be stored (it is
   * fenced, like refused edits). Keep the person's text, load the document again, trim it.
   */
  documentFull: 4507,
  /** This document is full: as many sockets as one document may have are open. Retry later. */
  documentCrowded: 4508,
  /** The server is shutting down; reconnect elsewhere or later. */
  goingAway: 1001,
  /** Storage failed; the client should reconnect and resync. */
  internalError: 1011,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** The most a websocket close frame's reason may hold (RFC 6455: 125 bytes of payload, 2 for the code). */
export const MAX_CLOSE_REASON_BYTES = 123;

/**
 * A close reason that fits the frame: cut at a character boundary (never inside a UTF-8
 * sequence) and marked with an ellipsis when cut. A reason too long makes the transport refuse
 * to close at all, which would leave a refused socket open.
 */
const utf8 = new TextEncoder();
export function fitCloseReason(reason: string): string {
  if (utf8.encode(reason).byteLength <= MAX_CLOSE_REASON_BYTES) return reason;
  const ellipsis = '…';
  let fitted = '';
  let bytes = utf8.encode(ellipsis).byteLength;
  for (const char of reason) {
    const size = utf8.encode(char).byteLength;
    if (bytes + size > MAX_CLOSE_REASON_BYTES) break;
    fitted += char;
    bytes += size;
  }
  return fitted + ellipsis;
}

/**
 * Whether a client should try again after the server closed with `code`. A refusal (not signed
 * in, not a member, a bad frame, a copy with refused edits) won't change by retrying; a client
 * cut off for not reading resyncs when it comes back. Pass it as y-websocket's `shouldReconnect`
 * (whose default stops on every 44xx code, 4408 included).
 */
export function shouldReconnect(code: number): boolean {
  if (code === CloseCode.tooSlow) return true;
  return !(code >= 4400 && code < 4500);
}
