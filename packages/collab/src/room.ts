import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Committable, Committer } from './committer.ts';
import type { Connection } from './connection.ts';
import { CloseCode } from './close-codes.ts';
import { awarenessMessage, encodeStateVectorMap, savedMessage, SyncType, syncMessage } from './messages.ts';
import type { StoredUpdate } from './types.ts';

export interface CompactionPolicy {
  maxUpdates: number;
  maxBytes: number;
}

/** Marks updates the server made itself (comments, freezing, restores). */
export class ServerOrigin {
  constructor(readonly authorId: string | null) {}
}

/**
 * Marks a client update applied while the document held structs still waiting for their
 * dependencies: what Yjs then emits can include those, so the sender must get it back too.
 */
class MergedFrom {
  constructor(readonly connection: Connection) {}
}

interface Pending extends StoredUpdate {
  origin: Connection | ServerOrigin | null;
}

/**
 * One loaded document and everyone connected to it. Every update is applied here first (which
 * validates and de-duplicates it), then stored, and only then relayed — so nothing a client has
 * seen can be lost. Sync answers wait for the same point, so no client ever reads an update
 * that is not yet on disk.
 */
export class Room implements Committable {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new Awareness(this.doc);
  readonly connections = new Set<Connection>();
  private pending: Pending[] = [];
  private inFlight: Pending[] = [];
  /** Work that must not see undurable state: sync answers, and the updates held behind them. */
  private waiting: Array<() => void> = [];
  private held: Array<() => void> = [];
  private lastId = 0;
  private logCount = 0;
  private logBytes = 0;
  private durableSv = new Map<number, number>();
  /** Yjs client ids whose author has been sent to the store (the store keeps the first one). */
  private readonly attributed = new Set<number>();
  private commitWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private nextCommitWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  idleTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly docName: string,
    private readonly committer: Committer,
    private readonly compaction: CompactionPolicy,
  ) {
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      // Replaying what storage already holds (restore) is not a change to store again.
      if (origin === this) return;
      const from = origin instanceof ServerOrigin ? origin : isConnection(origin) ? origin : null;
      const authorId =
        origin instanceof MergedFrom ? origin.connection.userId : from instanceof ServerOrigin ? from.authorId : from ? from.userId : null;
      // Only client ids this room hasn't yet tied to an author need recording.
      const clients = authorId ? [...Y.parseUpdateMeta(update).from.keys()].filter((c) => !this.attributed.has(c)) : [];
      for (const c of clients) this.attributed.add(c);
      this.pending.push({ docName, update, authorId, clients, origin: from });
      this.committer.schedule(this);
    });
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      if (isConnection(origin)) {
        for (const id of added) origin.awarenessIds.add(id);
        for (const id of removed) origin.awarenessIds.delete(id);
        // Presence says who is here: the identity in it is the server's, not the client's claim.
        for (const id of [...added, ...updated]) {
          const state = this.awareness.getStates().get(id) as { user?: Record<string, unknown> } | undefined;
          if (state?.user && typeof state.user === 'object') {
            state.user = { ...state.user, userId: origin.userId, ...(origin.userName ? { name: origin.userName } : {}) };
          }
        }
      }
      const message = awarenessMessage(encodeAwarenessUpdate(this.awareness, changed));
      for (const connection of this.connections) connection.send(message);
    });
  }

  /** Fills the document from storage; called once, before anyone joins. */
  restore(updates: Uint8Array[], lastId: number, logCount: number, logBytes: number): void {
    this.doc.transact(() => {
      for (const update of updates) Y.applyUpdate(this.doc, update);
    }, this);
    this.lastId = lastId;
    this.logCount = logCount;
    this.logBytes = logBytes;
    this.durableSv = Y.decodeStateVector(Y.encodeStateVector(this.doc));
  }

  get isQuiet(): boolean {
    return this.pending.length === 0 && this.inFlight.length === 0;
  }

  join(connection: Connection): void {
    this.connections.add(connection);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    // Our state vector asks the client for what it has that we lack (offline edits).
    connection.send(syncMessage(SyncType.step1, Y.encodeStateVector(this.doc)));
    const others = [...this.awareness.getStates().keys()];
    if (others.length > 0) connection.send(awarenessMessage(encodeAwarenessUpdate(this.awareness, others)));
  }

  leave(connection: Connection): void {
    this.connections.delete(connection);
    if (connection.awarenessIds.size > 0) removeAwarenessStates(this.awareness, [...connection.awarenessIds], null);
  }

  answerSync(connection: Connection, stateVector: Uint8Array): void {
    // Decode now, so a malformed vector closes the socket at once rather than later.
    const answer = () => connection.send(syncMessage(SyncType.step2, Y.encodeStateAsUpdate(this.doc, stateVector)));
    Y.decodeStateVector(stateVector);
    if (this.isQuiet && this.waiting.length === 0) answer();
    else this.waiting.push(answer);
  }

  receiveUpdate(connection: Connection, update: Uint8Array): void {
    if (!connection.canWrite) {
      // Already known content is an honest read-only client syncing; anything new is a write.
      if (!Y.snapshotContainsUpdate(Y.snapshot(this.doc), update)) connection.refusedWrite();
      return;
    }
    const apply = () => {
      const settled = this.doc.store.pendingStructs === null && this.doc.store.pendingDs === null;
      Y.applyUpdate(this.doc, update, settled ? connection : new MergedFrom(connection));
    };
    if (this.waiting.length > 0) {
      // Validate now so a bad frame still closes its socket at once; apply after the answers.
      Y.decodeUpdate(update);
      this.held.push(() => {
        if (this.connections.has(connection)) this.safely(connection, apply);
      });
    } else apply();
  }

  receiveAwareness(connection: Connection, update: Uint8Array): void {
    applyAwarenessUpdate(this.awareness, update, connection);
  }

  /** A server-side change through the same pipeline as any client's; resolves once stored. */
  change(fn: (doc: Y.Doc) => void, authorId: string | null): Promise<void> {
    return new Promise((resolve, reject) => {
      const run = () => {
        this.doc.transact(() => fn(this.doc), new ServerOrigin(authorId));
        if (this.isQuiet) resolve();
        else this.nextCommitWaiters.push({ resolve, reject });
      };
      if (this.waiting.length > 0) this.held.push(run);
      else run();
    });
  }

  takePending(): StoredUpdate[] {
    this.inFlight = this.pending;
    this.pending = [];
    this.commitWaiters = this.nextCommitWaiters;
    this.nextCommitWaiters = [];
    return this.inFlight;
  }

  committed(ids: number[]): void {
    const done = this.inFlight;
    this.inFlight = [];
    if (ids.length > 0) this.lastId = ids[ids.length - 1]!;
    this.logCount += done.length;
    const wantsAcks = [...this.connections].some((c) => c.wantsAcks);
    for (const entry of done) {
      this.logBytes += entry.update.byteLength;
      const message = syncMessage(SyncType.update, entry.update);
      for (const connection of this.connections) if (connection !== entry.origin) connection.send(message);
      if (wantsAcks) {
        // parseUpdateMeta's `to` is where each client's structs in this update end; a state
        // vector read from an incremental update would only count runs that start at clock 0.
        for (const [client, clock] of Y.parseUpdateMeta(entry.update).to) {
          if ((this.durableSv.get(client) ?? 0) < clock) this.durableSv.set(client, clock);
        }
      }
    }
    if (wantsAcks && done.length > 0) {
      const message = savedMessage(encodeStateVectorMap(this.durableSv));
      for (const connection of this.connections) if (connection.wantsAcks) connection.send(message);
    }
    for (const waiter of this.commitWaiters.splice(0)) waiter.resolve();
    this.release();
  }

  failed(error: unknown): void {
    // What was applied but not stored must not survive in memory: drop the room, clients resync.
    for (const waiter of [...this.commitWaiters.splice(0), ...this.nextCommitWaiters.splice(0)]) waiter.reject(error);
    for (const connection of [...this.connections]) connection.close(CloseCode.internalError, 'Storage failed; reconnect to resync.');
    this.inFlight = [];
    this.pending = [];
    this.onFailed?.(this);
  }

  onFailed?: (room: Room) => void;

  takeCompaction(): { state: Uint8Array; upToId: number } | null {
    if (this.logCount < this.compaction.maxUpdates && this.logBytes < this.compaction.maxBytes) return null;
    // The document holds at least every stored update up to lastId (possibly more: harmless).
    const result = { state: Y.encodeStateAsUpdate(this.doc), upToId: this.lastId };
    this.logCount = 0;
    this.logBytes = 0;
    return result;
  }

  /** Once nothing undurable is in memory, answer waiting syncs, then apply what was held. */
  private release(): void {
    if (!this.isQuiet || this.waiting.length === 0) return;
    for (const answer of this.waiting.splice(0)) answer();
    for (const run of this.held.splice(0)) run();
  }

  private safely(connection: Connection, fn: () => void): void {
    try {
      fn();
    } catch {
      connection.close(CloseCode.malformed, 'Malformed update.');
    }
  }

  stats() {
    return { lastId: this.lastId, logCount: this.logCount, logBytes: this.logBytes };
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

function isConnection(value: unknown): value is Connection {
  return typeof value === 'object' && value !== null && (value as { isConnection?: boolean }).isConnection === true;
}
