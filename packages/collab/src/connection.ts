import * as decoding from 'lib0/decoding';
import type { Awareness } from 'y-protocols/awareness';
import { encodeAwarenessUpdate } from 'y-protocols/awareness';
import { awarenessMessage } from './messages.ts';
import type { Origin, Peer } from './peer.ts';
import { CloseCode, fitCloseReason, MessageType, SyncType } from './protocol.ts';
import { type CollabMetrics, NO_METRICS, type SocketLike } from './types.ts';

export interface ConnectionLimits {
  maxFrameBytes: number;
  /** Frames buffered while the document loads. */
  maxEarlyFrames: number;
  /** Past this many unsent bytes the client is not reading: it is cut off (it resyncs later). */
  maxBufferedBytes: number;
  /** One presence (awareness) message at most. */
  maxAwarenessBytes: number;
  /** Presence client ids one connection may introduce (a tab has one; a few for reconnects). */
  maxAwarenessIds: number;
  /** Sockets one document may have open on this process (hosted peers use 100). */
  maxConnectionsPerDocument: number;
}

export interface ConnectionOptions<Identity> {
  socket: SocketLike;
  docName: string;
  /** Whatever the transport knows of the caller; handed back to `authorize` on every re-check. */
  identity: Identity;
  /** Whether the client asked for "saved up to" messages. */
  wantsAcks: boolean;
  limits: ConnectionLimits;
  metrics?: CollabMetrics;
  /** Told once, when the connection closes (either side). */
  onClose: () => void;
  /** Told of every message handed to the socket (its size): the process's bound on queued bytes is checked by volume, not only by time. */
  onSent?: (bytes: number) => void;
}

/** What an authorization gave a connection: whom it acts for and what it may do. */
export interface Grant {
  readonly userId: string;
  readonly canWrite: boolean;
  /** Without canWrite: may send suggestions only (see Authorization). */
  readonly canSuggest: boolean;
  /** The name the server knows this user by. */
  readonly userName: string | null;
  /** Whom the authorization said this connection acts for (see Authorization). */
  readonly principals: readonly string[];
}

/** What a connection hands its frames to: the room it was admitted to (room.ts). */
export interface RoomPort {
  readonly awareness: Awareness;
  join(peer: Peer): void;
  answerSync(peer: Peer, stateVector: Uint8Array): void;
  receiveUpdate(peer: Peer, update: Uint8Array, how: { relay: Uint8Array | null; syncAnswer: boolean }): void;
  receiveAwareness(peer: Peer, update: Uint8Array): void;
}

/**
 * A connection's life. Until `authorize` has answered and its room has loaded it is `awaiting`:
 * no user, no right, frames wait (and a hold that began meanwhile is remembered). Admitted, it
 * is `attached` to its room — or `held`, frames waiting again, while a hand-off reads the
 * documents. `closed` is the end, whichever side closed.
 */
export type ConnectionState =
  | { readonly phase: 'awaiting'; readonly waiting: Uint8Array[]; readonly held: boolean }
  | { readonly phase: 'held'; readonly room: RoomPort; readonly grant: Grant; readonly waiting: Uint8Array[] }
  | { readonly phase: 'attached'; readonly room: RoomPort; readonly grant: Grant }
  | { readonly phase: 'closed'; readonly code: number | null };

export type Phase = ConnectionState['phase'];
export type ConnectionEvent = 'admit' | 'hold' | 'release' | 'regrant' | 'close';

/**
 * Every legal move, and nothing else: a phase an event may not leave is refused (throws). Holds
 * may overlap and both sides may close, so `hold` while held, `release` while attached and
 * `close` while closed are legal and change nothing.
 */
const MOVES = {
  awaiting: { admit: ['attached', 'held'], hold: ['awaiting'], release: ['awaiting'], close: ['closed'] },
  held: { hold: ['held'], release: ['attached'], regrant: ['held'], close: ['closed'] },
  attached: { hold: ['held'], release: ['attached'], regrant: ['attached'], close: ['closed'] },
  closed: { close: ['closed'] },
} as const satisfies Record<Phase, Partial<Record<ConnectionEvent, readonly Phase[]>>>;
export const TRANSITIONS: Readonly<Record<Phase, Readonly<Partial<Record<ConnectionEvent, readonly Phase[]>>>>> = MOVES;

/** The phases `event` may leave, read from the table: what each method may find the connection in. */
type From<E extends ConnectionEvent> = { [P in Phase]: E extends keyof (typeof MOVES)[P] ? P : never }[Phase];

const PONG = new Uint8Array([MessageType.ping]);

export class IllegalTransition extends Error {
  constructor(
    readonly from: Phase,
    readonly event: ConnectionEvent,
  ) {
    super(`A connection that is ${from} cannot ${event}.`);
  }
}

/**
 * One socket on one document: decodes its frames and enforces its right, nothing more. Its
 * life is one ConnectionState, moved only by the methods below, each checked against
 * TRANSITIONS.
 */
export class Connection<Identity = unknown> implements Peer {
  readonly origin: Origin = { kind: 'client', peer: this };
  readonly awarenessIds = new Set<number>();
  readonly ownedAwarenessIds = new Set<number>();
  readonly docName: string;
  readonly identity: Identity;
  readonly wantsAcks: boolean;
  private current: ConnectionState = { phase: 'awaiting', waiting: [], held: false };
  private readonly socket: SocketLike;
  private readonly limits: ConnectionLimits;
  private readonly onClose: () => void;
  private readonly onSent: ((bytes: number) => void) | undefined;
  private readonly metrics: CollabMetrics;

  constructor(options: ConnectionOptions<Identity>) {
    this.socket = options.socket;
    this.docName = options.docName;
    this.identity = options.identity;
    this.wantsAcks = options.wantsAcks;
    this.limits = options.limits;
    this.metrics = options.metrics ?? NO_METRICS;
    this.onClose = options.onClose;
    this.onSent = options.onSent;
  }

  get state(): ConnectionState {
    return this.current;
  }

  get closed(): boolean {
    return this.current.phase === 'closed';
  }

  /** Whom the last authorization said this connection acts for (none before admission). */
  get principals(): readonly string[] {
    return this.grantOrNull()?.principals ?? [];
  }

  // What a room asks of its peers: only admitted connections are in a room.
  get userId(): string {
    return this.grant().userId;
  }

  get canWrite(): boolean {
    return this.grant().canWrite;
  }

  get canSuggest(): boolean {
    return this.grant().canSuggest;
  }

  get userName(): string | null {
    return this.grant().userName;
  }

  /** Admitted with `grant` to `room`: joins it, then handles the frames that waited (unless held). */
  admit(room: RoomPort, grant: Grant): void {
    const from = this.expect('admit');
    if (from.held) {
      this.current = { phase: 'held', room, grant, waiting: from.waiting };
      room.join(this);
      return;
    }
    this.current = { phase: 'attached', room, grant };
    room.join(this);
    this.replay(from.waiting);
  }

  /** A re-authorization's answer: the same room, the new right. */
  regrant(grant: Grant): void {
    const from = this.expect('regrant');
    this.current = { ...from, grant };
  }

  /** Frames wait (in order) until release: see DocServer.hold. */
  hold(): void {
    const from = this.expect('hold');
    if (from.phase === 'awaiting') this.current = { ...from, held: true };
    else if (from.phase === 'attached') this.current = { phase: 'held', room: from.room, grant: from.grant, waiting: [] };
  }

  /** Handles the frames that waited, with whatever right the connection has now. */
  release(): void {
    const from = this.expect('release');
    if (from.phase === 'awaiting') this.current = { ...from, held: false };
    else if (from.phase === 'held') {
      this.current = { phase: 'attached', room: from.room, grant: from.grant };
      this.replay(from.waiting);
    }
  }

  send(message: Uint8Array): void {
    if (this.closed) return;
    if ((this.socket.bufferedBytes?.() ?? 0) > this.limits.maxBufferedBytes) {
      this.close(CloseCode.tooSlow, 'The client is not reading; reconnect to resync.');
      return;
    }
    try {
      this.socket.send(message);
    } catch {
      this.close(CloseCode.internalError, 'Send failed.');
      return;
    }
    this.onSent?.(message.byteLength);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.end(code);
    this.metrics.closed(code);
    try {
      this.socket.close(code, fitCloseReason(reason));
    } catch {
      // Already gone; or the transport refused the frame: then cut it, never leave it open.
      this.socket.terminate?.();
    }
    this.onClose();
  }

  /** The socket went away on its own. */
  gone(): void {
    if (this.closed) return;
    this.end(null);
    this.onClose();
  }

  /** Bytes the transport holds for this socket, not yet sent (a slow reader's backlog). */
  queuedBytes(): number {
    return this.socket.bufferedBytes?.() ?? 0;
  }

  receive(frame: Uint8Array): void {
    const state = this.current;
    if (state.phase === 'closed') return;
    // A heartbeat needs no room and no right: answered even while the connection waits.
    if (frame.byteLength === 1 && frame[0] === MessageType.ping) {
      this.send(PONG);
      return;
    }
    if (frame.byteLength > this.limits.maxFrameBytes) {
      this.close(CloseCode.tooLarge, `Frames are limited to ${this.limits.maxFrameBytes} bytes.`);
      return;
    }
    if (state.phase === 'attached') {
      try {
        this.dispatch(state.room, frame);
      } catch {
        this.close(CloseCode.malformed, 'Malformed frame.');
      }
      return;
    }
    if (state.waiting.length >= this.limits.maxEarlyFrames) this.close(CloseCode.tooLarge, 'Too many frames before the document loaded.');
    else state.waiting.push(frame);
  }

  /**
   * A write without the right: closed at once with 4409, so the client learns now (not when it
   * next has the right) that its copy holds edits that will never be stored.
   */
  refusedWrite(): void {
    this.close(CloseCode.refusedEdits, 'This copy has edits made without the right to edit; load the document again.');
  }

  refusedSuggestion(reason: string): void {
    this.close(CloseCode.refusedEdits, reason);
  }

  /** An edit that would grow a document past its size limit: fenced like a refused write, told why. */
  refusedFull(maxBytes: number): void {
    const limit = maxBytes >= 1048576 ? `${Math.round(maxBytes / 1048576)} MiB` : `${Math.round(maxBytes / 1024)} KiB`;
    this.close(CloseCode.documentFull, `This document has reached its size limit (${limit}); only deletions are saved.`);
  }

  /** Content under another person's client id: dropped, and the socket closed. */
  refusedForeignClient(): void {
    this.close(CloseCode.foreignClient, "This update writes under another person's client id; load the document again.");
  }

  /** An update that does not fit the document's shape: dropped, and the socket closed. */
  refusedShape(reason: string): void {
    this.close(CloseCode.invalidShape, reason);
  }

  private replay(frames: Uint8Array[]): void {
    // A frame may close the connection or hold it again: the rest then wait, or go nowhere.
    for (let i = 0; i < frames.length; i++) {
      const state = this.current;
      if (state.phase !== 'attached') {
        if (state.phase === 'held') state.waiting.push(...frames.slice(i));
        return;
      }
      this.receive(frames[i]!);
    }
  }

  private end(code: number | null): void {
    this.expect('close');
    this.current = { phase: 'closed', code };
  }

  private grantOrNull(): Grant | null {
    return this.current.phase === 'held' || this.current.phase === 'attached' ? this.current.grant : null;
  }

  private grant(): Grant {
    const grant = this.grantOrNull();
    if (!grant) throw new IllegalTransition(this.current.phase, 'regrant');
    return grant;
  }

  /** The current state, if the table lets `event` leave it; refused otherwise. */
  private expect<E extends ConnectionEvent>(event: E): Extract<ConnectionState, { phase: From<E> }> {
    const state = this.current;
    if (!TRANSITIONS[state.phase][event]) throw new IllegalTransition(state.phase, event);
    return state as Extract<ConnectionState, { phase: From<E> }>;
  }

  private dispatch(room: RoomPort, frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync: {
        const kind = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (kind === SyncType.step1) room.answerSync(this, payload);
        else if (kind === SyncType.step2) room.receiveUpdate(this, payload, { relay: null, syncAnswer: true });
        else if (kind === SyncType.update) room.receiveUpdate(this, payload, { relay: decoder.pos === frame.byteLength ? frame : null, syncAnswer: false });
        else throw new Error(`Unknown sync message ${kind}`);
        return;
      }
      case MessageType.awareness: {
        const update = decoding.readVarUint8Array(decoder);
        if (update.byteLength > this.limits.maxAwarenessBytes) {
          this.close(CloseCode.tooLarge, `Presence updates are limited to ${this.limits.maxAwarenessBytes} bytes.`);
          return;
        }
        room.receiveAwareness(this, update);
        return;
      }
      case MessageType.queryAwareness:
        this.send(awarenessMessage(encodeAwarenessUpdate(room.awareness, [...room.awareness.getStates().keys()])));
        return;
      case MessageType.auth:
        // Authentication happens before the socket opens; the in-band auth message means nothing here.
        return;
      default:
        throw new Error(`Unknown message type ${type}`);
    }
  }
}
