import * as decoding from 'lib0/decoding';
import { encodeAwarenessUpdate } from 'y-protocols/awareness';
import { awarenessMessage } from './messages.ts';
import { CloseCode, fitCloseReason, MessageType, SyncType } from './protocol.ts';
import type { Origin, Room } from './room.ts';
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
}

/**
 * One socket on one document: decodes its frames and enforces its right, nothing more. Until
 * `authorize` has answered it has no user and no right: it only holds frames.
 */
export class Connection<Identity = unknown> {
  /** This connection as the origin of what it changes. */
  readonly origin: Origin = { kind: 'client', connection: this };
  readonly awarenessIds = new Set<number>();
  /** Presence ids this connection introduced: the only ones it may ever change. */
  readonly ownedAwarenessIds = new Set<number>();
  room: Room | null = null;
  closed = false;
  /** The name the server knows this user by, stamped over whatever presence claims. */
  userName: string | null = null;
  /** Whom the last authorization said this connection acts for. */
  principals: readonly string[] = [];
  /** Re-asks authorize when the grant lapses. */
  expiryTimer: NodeJS.Timeout | null = null;
  private early: Uint8Array[] = [];
  /** While held, frames wait (in `early`) instead of being handled: see DocServer.hold. */
  private held = false;

  /** Set by each authorization. */
  userId = '';
  canWrite = false;
  readonly docName: string;
  readonly identity: Identity;
  readonly wantsAcks: boolean;
  private readonly socket: SocketLike;
  private readonly limits: ConnectionLimits;
  private readonly onClose: () => void;
  private readonly metrics: CollabMetrics;

  constructor(options: ConnectionOptions<Identity>) {
    this.socket = options.socket;
    this.docName = options.docName;
    this.identity = options.identity;
    this.wantsAcks = options.wantsAcks;
    this.limits = options.limits;
    this.metrics = options.metrics ?? NO_METRICS;
    this.onClose = options.onClose;
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
    }
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.metrics.closed(code);
    try {
      this.socket.close(code, fitCloseReason(reason));
    } catch {
      // Already gone; or the transport refused the frame: then cut it, never leave it open.
      this.socket.terminate?.();
    }
    this.onClose();
  }

  /** Bytes the transport holds for this socket, not yet sent (a slow reader's backlog). */
  queuedBytes(): number {
    return this.socket.bufferedBytes?.() ?? 0;
  }

  /** The socket went away on its own. */
  gone(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }

  attach(room: Room): void {
    this.room = room;
    room.join(this);
    if (!this.held) for (const frame of this.early.splice(0)) this.receive(frame);
  }

  receive(frame: Uint8Array): void {
    if (this.closed) return;
    if (frame.byteLength > this.limits.maxFrameBytes) {
      this.close(CloseCode.tooLarge, `Frames are limited to ${this.limits.maxFrameBytes} bytes.`);
      return;
    }
    if (!this.room || this.held) {
      if (this.early.length >= this.limits.maxEarlyFrames) this.close(CloseCode.tooLarge, 'Too many frames before the document loaded.');
      else this.early.push(frame);
      return;
    }
    try {
      this.dispatch(this.room, frame);
    } catch {
      this.close(CloseCode.malformed, 'Malformed frame.');
    }
  }

  hold(): void {
    this.held = true;
  }

  /** Handles the frames that waited, with whatever right the connection has now. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    if (this.room) for (const frame of this.early.splice(0)) this.receive(frame);
  }

  /**
   * A write without the right: closed at once with 4409, so the client learns now (not when it
   * next has the right) that its copy holds edits that will never be stored.
   */
  refusedWrite(): void {
    this.close(CloseCode.refusedEdits, 'This copy has edits made without the right to edit; load the document again.');
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

  private dispatch(room: Room, frame: Uint8Array): void {
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
