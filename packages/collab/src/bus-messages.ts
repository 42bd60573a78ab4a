import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** What document servers tell each other over the bus. */
export type BusMessage =
  /**
   * A stored update, with its log id (so any process may fold it in a compaction) and who wrote
   * it (so every process knows whose client ids it used; absent from older servers).
   */
  | { type: 'update'; origin: Uint8Array; id: number; update: Uint8Array; authorId?: string | null }
  /** A presence change from one of the sender's sockets. */
  | { type: 'awareness'; origin: Uint8Array; update: Uint8Array }
  /** Rights may have changed for documents whose name starts with `prefix`. */
  | { type: 'rights'; origin: Uint8Array; prefix: string }
  /** Rights may have changed for every connection of `principal` (a session ended, say). */
  | { type: 'principal'; origin: Uint8Array; principal: string }
  /** Nothing of Yjs client `client` from `fromClock` on may be stored in this document. */
  | { type: 'fence'; origin: Uint8Array; client: number; fromClock: number; userId: string }
  /** A hand-off: stop handling frames under `prefix`, put what was accepted on disk, then answer `held`. */
  | { type: 'hold'; origin: Uint8Array; token: string; prefix: string }
  /** The answer to hold `token`: this server holds, and everything it accepted before is stored (and published). */
  | { type: 'held'; origin: Uint8Array; token: string }
  /** Hold `token` is over: handle the waiting frames, with the rights re-asked since. */
  | { type: 'release'; origin: Uint8Array; token: string };

// New types go last: a server of the release before reads only the indexes it knows.
const TYPES = ['update', 'awareness', 'rights', 'principal', 'fence', 'hold', 'held', 'release'] as const;
/** Identifies one document server, so it can ignore what it published itself. */
export const ORIGIN_BYTES = 8;

/** A message as heard: with when its sender published it, if the sender said (ms since the epoch). */
export type HeardBusMessage = BusMessage & { sentAt: number | null };

/**
 * `sentAt` goes last, so servers of the release before, which stop reading after the fields they
 * know, and this one, which reads it only if present, understand each other during a rolling deploy.
 */
export function encodeBusMessage(message: BusMessage, sentAt: number = Date.now()): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeUint8(encoder, TYPES.indexOf(message.type));
  encoding.writeUint8Array(encoder, message.origin);
  switch (message.type) {
    case 'update':
      encoding.writeVarUint(encoder, message.id);
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case 'awareness':
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case 'rights':
      encoding.writeVarString(encoder, message.prefix);
      break;
    case 'principal':
      encoding.writeVarString(encoder, message.principal);
      break;
    case 'fence':
      encoding.writeVarUint(encoder, message.client);
      encoding.writeVarUint(encoder, message.fromClock);
      encoding.writeVarString(encoder, message.userId);
      break;
    case 'hold':
      encoding.writeVarString(encoder, message.token);
      encoding.writeVarString(encoder, message.prefix);
      break;
    case 'held':
    case 'release':
      encoding.writeVarString(encoder, message.token);
      break;
  }
  encoding.writeVarUint(encoder, sentAt);
  // After sentAt, for the same reason: an older server stops reading before it.
  if (message.type === 'update') encoding.writeVarString(encoder, message.authorId ?? '');
  return encoding.toUint8Array(encoder);
}

/** Throws on anything malformed: the bus is ours, but a bad message must not be half-used. */
export function decodeBusMessage(bytes: Uint8Array): HeardBusMessage {
  const decoder = decoding.createDecoder(bytes);
  const message = readBody(decoder);
  const sentAt = decoding.hasContent(decoder) ? decoding.readVarUint(decoder) : null;
  if (message.type === 'update' && decoding.hasContent(decoder)) message.authorId = decoding.readVarString(decoder) || null;
  return { ...message, sentAt };
}

function readBody(decoder: decoding.Decoder): BusMessage {
  const type = TYPES[decoding.readUint8(decoder)];
  const origin = decoding.readUint8Array(decoder, ORIGIN_BYTES);
  switch (type) {
    case 'update':
      return { type, origin, id: decoding.readVarUint(decoder), update: decoding.readVarUint8Array(decoder) };
    case 'awareness':
      return { type, origin, update: decoding.readVarUint8Array(decoder) };
    case 'rights':
      return { type, origin, prefix: decoding.readVarString(decoder) };
    case 'principal':
      return { type, origin, principal: decoding.readVarString(decoder) };
    case 'fence':
      return { type, origin, client: decoding.readVarUint(decoder), fromClock: decoding.readVarUint(decoder), userId: decoding.readVarString(decoder) };
    case 'hold':
      return { type, origin, token: decoding.readVarString(decoder), prefix: decoding.readVarString(decoder) };
    case 'held':
    case 'release':
      return { type, origin, token: decoding.readVarString(decoder) };
    default:
      throw new Error('Unknown bus message type.');
  }
}

export function sameOrigin(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
