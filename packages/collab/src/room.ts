import * as decoding from 'lib0/decoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Committable, Committer, Compaction } from './committer.ts';
import { awarenessMessage, encodeStateVectorMap, savedMessage, syncMessage } from './messages.ts';
import type { Origin, Peer } from './peer.ts';
import { CloseCode, SyncType } from './protocol.ts';
import { type PendingWrite, RoomWrites } from './room-writes.ts';
import type { DocShape, SuggestionMarks } from './shape.ts';
import { ShapeGuard } from './shape-guard.ts';
import { checkSuggestion } from './suggestion-guard.ts';
import { type Alongside, type CollabMetrics, type Fence, NO_METRICS, type StoredUpdate } from './types.ts';
import { readUpdateMeta } from './update-meta.ts';

export interface CompactionPolicy {
  maxUpdates: number;
  maxBytes: number;
}

const REMOTE: Origin = { kind: 'remote' };
const STORE: Origin = { kind: 'store' };

/** The origin of a Yjs transaction or awareness change, if it is one of ours. */
function originOf(value: unknown): Origin | null {
  if (typeof value !== 'object' || value === null) return null;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'client' || kind === 'server' || kind === 'remote' || kind === 'store' ? (value as Origin) : null;
}

/** What the room tells whoever holds it. */
export interface RoomHooks {
  /** Storing failed: the room must be dropped (its clients resync). */
  failed(room: Room): void;
  /** A stored update Yjs could read but not apply: kept in the log, skipped in memory. */
  applyError(error: unknown): void;
  /** Each update once it is stored: for the bus. */
  stored(entry: { update: Uint8Array; authorId: string | null; origin: Origin }, id: number): void;
  /** What a client's update causes that must be stored with it (the people a mention tells). */
  alongsideOf?(update: Uint8Array, authorId: string): Alongside | null;
  /** Each presence change of this room's own sockets: for the bus. */
  awareness(update: Uint8Array): void;
  /** A client fenced off here (a write without the right): for the store and the bus. */
  fenced(fence: Fence): void;
}

export interface RoomOptions {
  docName: string;
  committer: Committer;
  compaction: CompactionPolicy;
  hooks: RoomHooks;
  /** What the document may hold; none for documents only the server writes. */
  shape?: DocShape | null;
  /** Presence ids one connection may introduce. */
  maxAwarenessIds?: number;
  /** Past this many stored bytes (snapshot and log) clients may only delete. */
  maxStoredBytes?: number;
  metrics?: CollabMetrics;
}

/**
 * One loaded document and everyone connected to it. A client's update is validated (read
 * whole), stored, and only then relayed — so nothing a client has seen can be lost. The room's
 * own Y.Doc takes stored updates in lazily, in one batch, when something needs the document
 * (a sync answer, a join, a server change, compaction): applying every keystroke as it arrives
 * would cost more than everything else on the path together, and the relay doesn't need it.
 * The document therefore only ever holds durable state, except server changes in flight; sync
 * answers wait for those, so no client ever reads anything that is not on disk.
 */
export class Room implements Committable {
  /** Read it through current(): stored updates may not be in it yet. */
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new Awareness(this.doc);
  readonly connections = new Set<Peer>();
  /** Writes between accepted and on disk (room-writes.ts). */
  private readonly writes = new RoomWrites();
  /** Stored client updates the document has not taken in yet. */
  private unapplied: Uint8Array[] = [];
  /** Log rows (by id) the document holds: what the next compaction folds and deletes. */
  private foldable: number[] = [];
  /** Bytes in those rows. */
  private logBytes = 0;
  /**
   * Who first wrote under each Yjs client id (from the store, this process's writes and the
   * others' over the bus): only they may write under it again. The store keeps the first one.
   */
  private readonly owners = new Map<number, string>();
  private idleTimer: NodeJS.Timeout | null = null;
  readonly docName: string;
  private readonly committer: Committer;
  private readonly compaction: CompactionPolicy;
  private readonly hooks: RoomHooks;
  private readonly maxAwarenessIds: number;
  private readonly maxStoredBytes: number;
  /** Bytes of the stored snapshot (as loaded or last folded); logBytes counts the log since. */
  private snapshotBytes = 0;
  /** Unloaded: a compaction still queued for it is dropped (the log stays whole). */
  private destroyed = false;
  private readonly metrics: CollabMetrics;

  /** Checks every client update against the document's shape; none for shapeless documents. */
  private readonly guard: ShapeGuard | null;
  /** The marks suggestions are made with, for documents people may suggest in. */
  private readonly suggestions: SuggestionMarks | null;

  constructor(options: RoomOptions) {
    this.docName = options.docName;
    this.committer = options.committer;
    this.compaction = options.compaction;
    this.hooks = options.hooks;
    this.metrics = options.metrics ?? NO_METRICS;
    this.maxAwarenessIds = options.maxAwarenessIds ?? 4;
    this.maxStoredBytes = options.maxStoredBytes ?? Number.POSITIVE_INFINITY;
    this.guard = options.shape ? new ShapeGuard(options.shape) : null;
    this.suggestions = options.shape?.suggestions ?? null;
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, raw: unknown) => {
      // Everything else the document takes in (restores, stored client updates) is on disk.
      const origin = originOf(raw);
      if (origin?.kind !== 'server') return;
      this.guard?.observe(Y.decodeUpdate(update).structs as StructList);
      this.enqueue(update, origin.authorId, origin, true, null, null, origin.alongside);
    });
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, raw: unknown) => {
      const changed = [...added, ...updated, ...removed];
      const origin = originOf(raw);
      if (origin?.kind === 'client') {
        const connection = origin.peer;
        for (const id of added) connection.awarenessIds.add(id);
        for (const id of removed) connection.awarenessIds.delete(id);
        // Presence says who is here: the identity in it is the server's, not the client's claim.
        for (const id of [...added, ...updated]) {
          const state = this.awareness.getStates().get(id) as { user?: Record<string, unknown> } | undefined;
          if (state?.user && typeof state.user === 'object') {
            state.user = { ...state.user, userId: connection.userId, ...(connection.userName ? { name: connection.userName } : {}) };
          }
        }
      }
      // Presence another process removed (its socket left, or timed out) is free to be taken.
      if (origin?.kind === 'remote') for (const id of removed) if (this.awarenessOwners.get(id) === 'remote') this.awarenessOwners.delete(id);
      const update = encodeAwarenessUpdate(this.awareness, changed);
      const message = awarenessMessage(update);
      for (const connection of this.connections) connection.send(message);
      if (origin?.kind !== 'remote') this.hooks.awareness(update);
    });
  }

  /** Fills the document from storage; called once, before anyone joins. */
  restore(updates: Uint8Array[], ids: number[], logBytes: number, fences: readonly Fence[] = [], owners: ReadonlyMap<number, string> = new Map()): void {
    for (const fence of fences) this.fence(fence, false);
    this.learnOwners(owners);
    this.applyStored(updates);
    this.guard?.indexDocument(this.doc);
    // Updates from the bus may have come in while the store was read: keep their ids too.
    this.foldable.push(...ids);
    this.logBytes += logBytes;
    this.snapshotBytes = Math.max(0, updates.reduce((sum, u) => sum + u.byteLength, 0) - logBytes);
    this.writes.startDurableAt(Y.decodeStateVector(Y.encodeStateVector(this.doc)));
  }

  /** The document with every stored update in it. */
  current(): Y.Doc {
    if (this.unapplied.length > 0) this.applyStored(this.unapplied.splice(0));
    return this.doc;
  }

  get isQuiet(): boolean {
    return this.writes.isQuiet;
  }

  /**
   * Calls `onIdle` after `ms` with nobody connected (unless someone joins meanwhile); while
   * writes are still in flight it waits another `ms`.
   */
  unloadWhenIdle(ms: number, onIdle: () => void): void {
    if (this.connections.size > 0 || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.connections.size > 0) return;
      if (!this.isQuiet) return this.unloadWhenIdle(ms, onIdle);
      onIdle();
    }, ms);
    this.idleTimer.unref();
  }

  join(connection: Peer): void {
    this.connections.add(connection);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    // Our state vector asks the client for what it has that we lack (offline edits).
    connection.send(syncMessage(SyncType.step1, Y.encodeStateVector(this.current())));
    const others = [...this.awareness.getStates().keys()];
    if (others.length > 0) connection.send(awarenessMessage(encodeAwarenessUpdate(this.awareness, others)));
  }

  leave(connection: Peer): void {
    this.connections.delete(connection);
    if (connection.awarenessIds.size > 0) removeAwarenessStates(this.awareness, [...connection.awarenessIds], null);
    for (const id of connection.ownedAwarenessIds) if (this.awarenessOwners.get(id) === connection) this.awarenessOwners.delete(id);
  }

  answerSync(connection: Peer, stateVector: Uint8Array): void {
    // Decode now, so a malformed vector closes the socket at once rather than later.
    Y.decodeStateVector(stateVector);
    const answer = () => connection.send(syncMessage(SyncType.step2, Y.encodeStateAsUpdate(this.current(), stateVector)));
    this.writes.answerWhenDurable(answer);
  }

  /**
   * A client's update. `relay` is the client's whole frame when it is exactly the message to
   * pass on (a sync "update" with nothing after it), so relaying costs no re-encoding.
   */
  receiveUpdate(connection: Peer, update: Uint8Array, { relay, syncAnswer }: { relay: Uint8Array | null; syncAnswer: boolean }): void {
    if (!connection.canWrite) {
      // Already known content is an honest read-only client syncing; anything new is a write.
      if (this.contains(update)) return;
      // Someone who may suggest sends updates that only propose; those go on like anyone's.
      const refusal =
        connection.canSuggest && this.suggestions
          ? checkSuggestion(this.current(), update, connection.userId, this.suggestions, this.writes.notInDocument())
          : '';
      if (refusal !== null) {
        this.fenceRefused(update, connection.userId);
        if (refusal) connection.refusedSuggestion(refusal);
        else connection.refusedWrite();
        return;
      }
    }
    const meta = readUpdateMeta(update);
    if (meta.empty) return;
    // What a client typed without the right is never stored, even once it has the right again.
    if (this.crossesFence(meta.structs, connection.userId)) {
      connection.refusedWrite();
      return;
    }
    if (this.borrowsClient(meta.to, connection.userId)) {
      connection.refusedForeignClient();
      return;
    }
    // A sync answer carries the client's whole delete set: store it only if it brings something.
    if (syncAnswer && this.contains(update)) return;
    const refusal = this.guard?.admit(meta.structs);
    if (refusal) {
      connection.refusedShape(refusal);
      return;
    }
    // A full document still takes deletions (an update without structs), so it can be trimmed.
    if (meta.structs.length > 0 && this.snapshotBytes + this.logBytes + update.byteLength > this.maxStoredBytes) {
      this.fenceRefused(update, connection.userId);
      connection.refusedFull(this.maxStoredBytes);
      return;
    }
    this.metrics.received();
    this.enqueue(update, connection.userId, connection.origin, false, relay, meta.to, this.hooks.alongsideOf?.(update, connection.userId) ?? null);
  }

  /** Per person and Yjs client, the first clock refused for want of the right: nothing from there is stored. */
  private readonly fences = new Map<string, number>();

  /** Fences every client whose new structs a connection without the right just sent. */
  private fenceRefused(update: Uint8Array, userId: string): void {
    let structs: Array<Y.Item | Y.GC | Y.Skip>;
    try {
      structs = Y.decodeUpdate(update).structs as StructList;
    } catch {
      return;
    }
    const have = Y.decodeStateVector(Y.encodeStateVector(this.current()));
    for (const struct of structs) {
      if (struct instanceof Y.Skip) continue;
      const client = struct.id.client;
      const known = have.get(client) ?? 0;
      if (struct.id.clock + struct.length <= known) continue;
      this.fence({ client, fromClock: Math.max(struct.id.clock, known), userId }, true);
    }
  }

  /** Records a fence (the lowest clock stands); `ours` when this process decided it. */
  fence(fence: Fence, ours: boolean): void {
    const key = `${fence.userId} ${fence.client}`;
    const existing = this.fences.get(key);
    if (existing !== undefined && existing <= fence.fromClock) return;
    this.fences.set(key, fence.fromClock);
    if (ours) this.hooks.fenced(fence);
  }

  /** Records who wrote under which client ids (the first one stands). */
  learnOwners(owners: ReadonlyMap<number, string>): void {
    for (const [client, userId] of owners) if (!this.owners.has(client)) this.owners.set(client, userId);
  }

  /**
   * Whether an update brings new content under a client id someone else owns. Content the
   * document already holds is not new (a client resyncing what it was sent), so only what lies
   * past the document's own clock for that client counts.
   */
  private borrowsClient(to: ReadonlyMap<number, number>, userId: string): boolean {
    let have: Map<number, number> | null = null;
    for (const [client, end] of to) {
      const owner = this.owners.get(client);
      if (owner === undefined || owner === userId) continue;
      have ??= Y.decodeStateVector(Y.encodeStateVector(this.current()));
      // What is being stored counts as held: two people may send the very same structs (Yjs
      // merges them), and the first may not be in the document yet.
      if (end > Math.max(have.get(client) ?? 0, this.writes.pendingClock(client))) return true;
    }
    return false;
  }

  private crossesFence(structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>, userId: string): boolean {
    if (this.fences.size === 0) return false;
    for (const struct of structs) {
      const fence = this.fences.get(`${userId} ${struct.id.client}`);
      if (fence !== undefined && struct.id.clock + struct.length > fence) return true;
    }
    return false;
  }

  /** Which connection (or another process) introduced each presence id: only it may change it. */
  private readonly awarenessOwners = new Map<number, Peer | 'remote'>();

  receiveAwareness(connection: Peer, update: Uint8Array): void {
    // A connection changes only the presence it introduced (a few ids at most): nobody moves
    // another person's caret, removes them from everyone's presence or adds a crowd of ghosts.
    const ids = awarenessClientIds(update);
    for (const id of ids) {
      const owner = this.awarenessOwners.get(id);
      // The same person may take their id over (a reconnect while the old socket lingers).
      if (owner !== undefined && owner !== connection && (owner === 'remote' || owner.userId !== connection.userId)) return;
      if (owner === undefined && !connection.ownedAwarenessIds.has(id) && connection.ownedAwarenessIds.size >= this.maxAwarenessIds) return;
    }
    for (const id of ids) {
      const previous = this.awarenessOwners.get(id);
      if (previous && previous !== 'remote' && previous !== connection) previous.ownedAwarenessIds.delete(id);
      this.awarenessOwners.set(id, connection);
      connection.ownedAwarenessIds.add(id);
    }
    applyAwarenessUpdate(this.awareness, update, connection.origin);
  }

  /** An update another process stored (log row `id`): relay it; the document takes it lazily. */
  receiveRemote(update: Uint8Array, id: number, authorId: string | null = null): void {
    if (authorId) for (const client of Y.parseUpdateMeta(update).to.keys()) if (!this.owners.has(client)) this.owners.set(client, authorId);
    this.foldable.push(id);
    this.logBytes += update.byteLength;
    this.guard?.observe(Y.decodeUpdate(update).structs as StructList);
    this.takeStored(update);
  }

  /**
   * The store's whole document, after the bus lost messages: whatever of it this room lacks is
   * taken in and relayed like a remote update, and its rows become foldable.
   */
  catchUp(updates: Uint8Array[], ids: number[], owners: ReadonlyMap<number, string> = new Map()): void {
    this.learnOwners(owners);
    const stored = new Y.Doc({ gc: true });
    for (const update of updates) {
      try {
        Y.applyUpdate(stored, update);
      } catch (error) {
        this.hooks.applyError(error);
      }
    }
    const known = new Set(this.foldable);
    for (const id of ids) if (!known.has(id)) this.foldable.push(id);
    const missing = Y.encodeStateAsUpdate(stored, Y.encodeStateVector(this.current()));
    stored.destroy();
    if (this.contains(missing)) return;
    this.guard?.observe(Y.decodeUpdate(missing).structs as StructList);
    this.takeStored(missing);
  }

  /** An update already on disk that this room's sockets haven't seen: relay it, apply it lazily. */
  private takeStored(update: Uint8Array): void {
    this.unapplied.push(update);
    const message = syncMessage(SyncType.update, update);
    for (const connection of this.connections) connection.send(message);
  }

  /** Presence from another process's sockets. */
  receiveRemoteAwareness(update: Uint8Array): void {
    for (const id of awarenessClientIds(update)) if (!this.awarenessOwners.has(id)) this.awarenessOwners.set(id, 'remote');
    applyAwarenessUpdate(this.awareness, update, REMOTE);
  }

  /**
   * A server-side change through the same pipeline as any client's; resolves once stored (with
   * `alongside`, if given, in the same transaction).
   */
  change(fn: (doc: Y.Doc) => void, authorId: string | null, alongside: Alongside | null = null): Promise<void> {
    const doc = this.current();
    doc.transact(() => fn(doc), { kind: 'server', authorId, alongside } satisfies Origin);
    return this.writes.whenWritten();
  }

  private contains(update: Uint8Array): boolean {
    return Y.snapshotContainsUpdate(Y.snapshot(this.current()), update);
  }

  private enqueue(
    update: Uint8Array,
    authorId: string | null,
    origin: Origin,
    inDocument: boolean,
    message: Uint8Array | null,
    to: Map<number, number> | null,
    alongside: Alongside | null,
  ): void {
    // Only client ids this room hasn't yet tied to an author need recording.
    const clients: number[] = [];
    if (authorId) {
      for (const client of (to ?? Y.parseUpdateMeta(update).to).keys()) {
        if (this.owners.has(client)) continue;
        this.owners.set(client, authorId);
        clients.push(client);
      }
    }
    // One literal, so every entry has the same shape: a spread here cost a map transition each time.
    const entry: PendingWrite = { docName: this.docName, update, authorId, clients, alongside, origin, inDocument, message, to };
    this.writes.add(entry);
    this.committer.schedule(this);
  }

  private applyStored(updates: Uint8Array[]): void {
    this.doc.transact(() => {
      for (const update of updates) {
        try {
          Y.applyUpdate(this.doc, update, STORE);
        } catch (error) {
          this.hooks.applyError(error);
        }
      }
    }, STORE);
  }

  takePending(): StoredUpdate[] {
    return this.writes.take();
  }

  committed(ids: number[]): void {
    this.foldable.push(...ids);
    let wantsAcks = false;
    for (const connection of this.connections) wantsAcks ||= connection.wantsAcks;
    this.writes.committed((done) => {
      for (let i = 0; i < done.length; i++) {
        const entry = done[i]!;
        this.logBytes += entry.update.byteLength;
        const message = entry.message ?? syncMessage(SyncType.update, entry.update);
        const from = entry.origin.kind === 'client' ? entry.origin.peer : null;
        let relayed = 0;
        for (const connection of this.connections) {
          if (connection === from) continue;
          connection.send(message);
          relayed++;
        }
        this.metrics.relayed(relayed);
        this.hooks.stored(entry, ids[i]!);
        entry.alongside?.committed?.();
        if (!entry.inDocument) this.unapplied.push(entry.update);
      }
      if (wantsAcks && done.length > 0) {
        const message = savedMessage(encodeStateVectorMap(this.writes.durableVector));
        for (const connection of this.connections) if (connection.wantsAcks) connection.send(message);
      }
    }, wantsAcks);
  }

  failed(error: unknown): void {
    // What was applied but not stored must not survive in memory: drop the room, clients resync.
    this.writes.failed(error);
    for (const connection of [...this.connections]) connection.close(CloseCode.internalError, 'Storage failed; reconnect to resync.');
    this.hooks.failed(this);
  }

  takeCompaction(): Compaction | null {
    if (this.foldable.length < this.compaction.maxUpdates && this.logBytes < this.compaction.maxBytes) return null;
    const ids = this.foldable;
    this.foldable = [];
    // Until the state is encoded, count the folded rows as snapshot: the size limit never dips.
    this.snapshotBytes += this.logBytes;
    this.logBytes = 0;
    // Encoded when the compaction runs, not in the commit's turn: rooms crossing the threshold
    // together must not each encode before anything is relayed. By then the document holds every
    // row in `ids` (and possibly more: harmless). The stored snapshot is merged in, not
    // replaced: another process may have folded rows we never saw.
    const fold = (snapshot: Uint8Array | null) => {
      const state = Y.encodeStateAsUpdate(this.current());
      this.snapshotBytes = state.byteLength;
      return snapshot ? Y.mergeUpdates([snapshot, state]) : state;
    };
    return { fold, ids, cancelled: () => this.destroyed };
  }

  destroy(): void {
    this.destroyed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.awareness.destroy();
    this.doc.destroy();
  }
}

type StructList = Array<Y.Item | Y.GC | Y.Skip>;

/** The client ids an awareness update speaks for (y-protocols: count, then id, clock, state). */
function awarenessClientIds(update: Uint8Array): number[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(decoding.readVarUint(decoder));
    decoding.readVarUint(decoder);
    decoding.readVarString(decoder);
  }
  return ids;
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };
