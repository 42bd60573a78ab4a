import * as Y from 'yjs';
import type { Bus } from './bus.ts';
import { createBusLink } from './bus-link.ts';
import { Committer } from './committer.ts';
import { Connection, type ConnectionLimits, type Grant } from './connection.ts';
import { CloseCode } from './protocol.ts';
import { type CompactionPolicy, Room } from './room.ts';
import type { DocShape } from './shape.ts';
import { type Alongside, type Authorization, type Authorize, type CollabMetrics, type DocumentStore, NO_METRICS, type SocketLike } from './types.ts';

export interface DocServerOptions<Identity = unknown> {
  store: DocumentStore;
  authorize: Authorize<Identity>;
  compaction?: Partial<CompactionPolicy>;
  limits?: Partial<ConnectionLimits>;
  /** A document nobody is connected to is dropped from memory after this long. */
  idleUnloadMs?: number;
  /**
   * At most one commit per this many ms, across documents (committer.ts): what arrives meanwhile
   * joins the next one. 0 commits once per event-loop turn. Default `DEFAULT_COMMIT_WINDOW_MS`.
   */
  commitWindowMs?: number;
  onError?: (error: unknown, context: string) => void;
  /**
   * Connects this server with others on the same store (several processes): updates, presence
   * and rights changes travel over it. One process alone needs none.
   */
  bus?: Bus;
  /**
   * How long opening a document waits for the bus to subscribe. A bus that is down must not
   * keep documents closed: past this the document opens, and hears the others once it is back.
   */
  busWaitMs?: number;
  /**
   * What each document may hold: client updates that would leave it are refused (4422). A
   * document with no shape takes any well-formed update.
   */
  shapeOf?: (docName: string) => DocShape | null;
  /**
   * What a client's update causes that must be stored in its transaction (the people a mention
   * tells), asked as the update is accepted; null for nothing. Not asked of the server's own
   * changes: those pass theirs to `change`.
   */
  alongsideOf?: (docName: string, update: Uint8Array, authorId: string) => Alongside | null;
  /** Past this many stored bytes a document takes only deletions from clients (unlimited without it). */
  maxDocumentBytes?: number;
  /** Counts what the server does, for the operator's metrics. */
  metrics?: CollabMetrics;
  /**
   * What the process holds unsent for all its sockets together (slow readers' backlogs): past
   * this, the largest backlogs are cut (4408) until it is well under. Per socket, `limits` bound it too.
   */
  maxQueuedBytes?: number;
}

/** Measured (test/bench/README.md, "Group commit by time"): under load it cuts p99 and main-thread time; a quiet spell's first update still goes at once. */
export const DEFAULT_COMMIT_WINDOW_MS = 5;

/** The process's bound on bytes held for readers that don't keep up, all sockets together. */
export const DEFAULT_MAX_QUEUED_BYTES = 32 * 1024 * 1024;
/** How often the process's backlog is summed. */
const QUEUE_SWEEP_MS = 100;
/** A backlog this small is a reader keeping up: never cut for the others' sake. */
const CUTTABLE_BACKLOG_BYTES = 256 * 1024;

/** What the transport holds for one socket: feed it frames, tell it when the socket closed. */
export interface ConnectionHandle {
  receive(frame: Uint8Array): void;
  closed(): void;
}

/** `Identity` is whatever the transport learns of a caller (apps/server: the session token). */
export interface DocServer<Identity = unknown> {
  connect(socket: SocketLike, docName: string, identity: Identity, options?: { acks?: boolean }): ConnectionHandle;
  /**
   * Changes a document through its room, so every client sees it live; resolves once stored,
   * with `alongside` (if any) in the same transaction.
   */
  change(docName: string, fn: (doc: Y.Doc) => void, authorId?: string | null, alongside?: Alongside | null): Promise<void>;
  /**
   * Reads a copy of a document's current (durable) state: whatever `fn` does to it (renderers
   * that normalise, say) never reaches the live document.
   */
  read<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T>;
  /**
   * Stops handling frames on every connection to documents under `prefix` — this process's and,
   * with a bus, every other process's (they answer once theirs are held and on disk) — and
   * resolves once every update accepted before is on disk and in this process's rooms: what is
   * read then is everything anyone was told was saved. `release` handles the waiting frames with
   * the rights the connections have by then (call `reauthorize` first when those changed).
   */
  hold(prefix: string): Promise<{ release: () => void }>;
  /** Asks `authorize` again for every connection whose document starts with `prefix`. */
  reauthorize(prefix: string): Promise<void>;
  /**
   * Asks `authorize` again for every connection acting for `principal` (see Authorization), on
   * every process: a session that ended closes its sockets at once.
   */
  reauthorizePrincipal(principal: string): Promise<void>;
  /** Finishes pending writes, then closes every socket. */
  close(): Promise<void>;
  /** What this process holds now: loaded documents, open sockets, bytes queued to sockets not yet sent. */
  stats(): { documents: number; connections: number; queuedBytes: number };
}

/** A hold asked by another server that never said release (it died) lets go after this long. */
const HOLD_LEASE_MS = 30_000;

/** How often an admission asks again when rights keep changing while it asks. */
const MAX_ADMIT_RECHECKS = 5;

export const DEFAULT_LIMITS: ConnectionLimits = {
  maxFrameBytes: 2 * 1024 * 1024,
  maxEarlyFrames: 256,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxAwarenessBytes: 64 * 1024,
  maxAwarenessIds: 4,
  maxConnectionsPerDocument: 100,
};

export function createDocServer<Identity = unknown>(options: DocServerOptions<Identity>): DocServer<Identity> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const compaction: CompactionPolicy = { maxUpdates: 500, maxBytes: 1024 * 1024, ...options.compaction };
  const idleUnloadMs = options.idleUnloadMs ?? 30_000;
  const onError = options.onError ?? (() => {});
  const metrics = options.metrics ?? NO_METRICS;
  const committer = new Committer(
    options.store,
    (error, docName) => onError(error, `compacting ${docName}`),
    metrics,
    options.commitWindowMs ?? DEFAULT_COMMIT_WINDOW_MS,
  );
  const rooms = new Map<string, { room: Room; ready: Promise<Room> }>();
  const link = options.bus
    ? createBusLink(options.bus, {
        waitMs: options.busWaitMs ?? 2000,
        onError,
        // A status change or removal handled by another process reaches this one's sockets too.
        onRights: (prefix) => void reauthorizeHere((c) => c.docName.startsWith(prefix)).catch((error: unknown) => onError(error, 'reauthorizing')),
        onPrincipal: (principal) => void reauthorizeHere((c) => c.principals.includes(principal)).catch((error: unknown) => onError(error, 'reauthorizing')),
        onResubscribed: catchUpAll,
        onHeard: (ms) => metrics.busLag(ms / 1000),
        onHold: async (prefix) => {
          const release = await holdHere(prefix);
          // The holder re-asked authorize (its rights message came first, in order): let go once
          // those answers are in, so the waiting frames meet the rights of after the hand-off.
          return () => void Promise.allSettled([...reauthorizing]).then(release);
        },
        holdLeaseMs: HOLD_LEASE_MS,
      })
    : null;

  /** A loaded room re-reads the store and takes in what the bus did not bring it. */
  async function catchUp(docName: string, ready: Promise<Room>): Promise<void> {
    const room = await ready;
    const loaded = await options.store.load(docName);
    if (rooms.get(docName)?.room === room) room.catchUp(loaded.updates, loaded.ids, loaded.owners);
  }

  /** After the bus was down, every loaded room re-reads the store for what it missed. */
  function catchUpAll(): void {
    for (const [docName, { ready }] of rooms) {
      catchUp(docName, ready).catch((error: unknown) => onError(error, `catching up ${docName} after the bus came back`));
    }
  }

  function unload(docName: string, room: Room): void {
    if (rooms.get(docName)?.room !== room) return;
    rooms.delete(docName);
    link?.detach(room);
  }

  const connections = new Set<Connection<Identity>>();
  const maxQueuedBytes = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
  // Per socket the bound is checked as each message is sent; across sockets, summed here: the
  // largest backlogs go first, until the total is three quarters of the bound. Swept on a timer,
  // and at once whenever an eighth of the bound has been sent since (a busy or loaded process
  // runs its timers late, and the backlog would outgrow the bound between two of them).
  let sentSinceSweep = 0;
  const sweepQueues = () => {
    sentSinceSweep = 0;
    let total = 0;
    const backlogs: Array<[Connection<Identity>, number]> = [];
    for (const connection of connections) {
      const queued = connection.queuedBytes();
      total += queued;
      if (queued > CUTTABLE_BACKLOG_BYTES) backlogs.push([connection, queued]);
    }
    if (total <= maxQueuedBytes) return;
    backlogs.sort((a, b) => b[1] - a[1]);
    for (const [connection, queued] of backlogs) {
      if (total <= maxQueuedBytes * 0.75) break;
      connection.close(CloseCode.tooSlow, 'The client is not reading; reconnect to resync.');
      total -= queued;
    }
  };
  const sweep = setInterval(sweepQueues, QUEUE_SWEEP_MS);
  sweep.unref();
  const sent = (bytes: number) => {
    sentSinceSweep += bytes;
    if (sentSinceSweep > maxQueuedBytes / 8) sweepQueues();
  };
  let shuttingDown = false;
  /** Counts rights changes and ended sessions heard, so an admission in flight can tell. */
  let rightsEpoch = 0;
  /** Prefixes on hold, with how many holders each (holds may overlap). */
  const holds = new Map<string, number>();
  const isHeld = (docName: string) => [...holds.keys()].some((prefix) => docName.startsWith(prefix));

  /** One load per document, however many connect at once. */
  function roomFor(docName: string): Promise<Room> {
    const existing = rooms.get(docName);
    if (existing) return existing.ready;
    const room = new Room({
      docName,
      committer,
      compaction,
      shape: options.shapeOf?.(docName) ?? null,
      maxAwarenessIds: limits.maxAwarenessIds,
      maxStoredBytes: options.maxDocumentBytes,
      metrics,
      hooks: {
        applyError: (error) => onError(error, `applying a stored update to ${docName}`),
        failed: (failed) => {
          unload(docName, failed);
          failed.destroy();
        },
        stored: (entry, id) => {
          link?.publishUpdate(docName, entry.update, id, entry.authorId);
        },
        alongsideOf: options.alongsideOf ? (update, authorId) => options.alongsideOf!(docName, update, authorId) : undefined,
        awareness: (update) => link?.publishAwareness(docName, update),
        fenced: (fence) => {
          link?.publishFence(docName, fence);
          options.store.fence?.(docName, fence).catch((error: unknown) => onError(error, `fencing client ${fence.client} of ${docName}`));
        },
      },
    });
    // Subscribed before the store is read, so an update stored elsewhere meanwhile can't fall
    // between the two: it is either read or heard (or both, which Yjs takes harmlessly).
    const subscribed = link ? link.attach(room) : Promise.resolve();
    const ready = subscribed
      .then(() => options.store.load(docName))
      .then(
        (loaded) => {
          room.restore(loaded.updates, loaded.ids, loaded.logBytes, loaded.fences, loaded.owners);
          return room;
        },
        (error: unknown) => {
          unload(docName, room);
          throw error;
        },
      );
    rooms.set(docName, { room, ready });
    return ready;
  }

  function scheduleUnload(room: Room): void {
    room.unloadWhenIdle(idleUnloadMs, () => {
      unload(room.docName, room);
      room.destroy();
    });
  }

  /** The room each admitted connection joined (what it leaves when it closes). */
  const admittedTo = new Map<Connection<Identity>, Room>();
  /** When each grant lapses and is asked again. */
  const expiries = new Map<Connection<Identity>, NodeJS.Timeout>();

  function onConnectionClosed(connection: Connection<Identity>): void {
    connections.delete(connection);
    clearTimeout(expiries.get(connection));
    expiries.delete(connection);
    const room = admittedTo.get(connection);
    if (!room) return;
    admittedTo.delete(connection);
    room.leave(connection);
    scheduleUnload(room);
  }

  async function admit(connection: Connection<Identity>, docName: string, identity: Identity): Promise<void> {
    // A rights change or an ended session heard while authorize was answering, or while the room
    // loaded, found no admitted connection to re-check: ask again, so a grant never outlives
    // what it was based on.
    let verdict: Authorization;
    let room: Room | null = null;
    for (let attempt = 0; ; attempt++) {
      const seen = rightsEpoch;
      verdict = await options.authorize(identity, docName);
      if (verdict.ok && !connection.closed) room = await roomFor(docName);
      if (seen === rightsEpoch || attempt >= MAX_ADMIT_RECHECKS) break;
    }
    if (connection.closed || !verdict.ok || !room) {
      if (!verdict.ok) connection.close(verdict.code, verdict.reason);
      if (room) scheduleUnload(room);
      return;
    }
    if (room.connections.size >= limits.maxConnectionsPerDocument) {
      connection.close(CloseCode.documentCrowded, `This document is full: ${limits.maxConnectionsPerDocument} people have it open. Try again in a while.`);
      return scheduleUnload(room);
    }
    admittedTo.set(connection, room);
    connection.admit(room, grantOf(connection, verdict));
  }

  /**
   * Holds this process's connections under `prefix` (their frames wait, in order; new ones start
   * held) and resolves, once everything accepted before is on disk, with how to let go.
   */
  async function holdHere(prefix: string): Promise<() => void> {
    holds.set(prefix, (holds.get(prefix) ?? 0) + 1);
    for (const connection of connections) if (connection.docName.startsWith(prefix)) connection.hold();
    await committer.drain();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (holds.get(prefix) ?? 1) - 1;
      if (left > 0) holds.set(prefix, left);
      else holds.delete(prefix);
      for (const connection of [...connections]) if (!isHeld(connection.docName)) connection.release();
    };
  }

  /** An authorization's grant for `connection`; its lapse time starts the timer that asks again. */
  function grantOf(connection: Connection<Identity>, verdict: Extract<Authorization, { ok: true }>): Grant {
    clearTimeout(expiries.get(connection));
    expiries.delete(connection);
    if (verdict.validUntil !== undefined) {
      // setTimeout takes at most ~24.8 days; a longer grant is simply asked again then.
      const delay = Math.min(Math.max(0, verdict.validUntil - Date.now()), 2 ** 31 - 1);
      const timer = setTimeout(() => {
        expiries.delete(connection);
        reauthorizeHere((c) => c === connection).catch((error: unknown) => onError(error, 'reauthorizing a lapsed grant'));
      }, delay);
      timer.unref();
      expiries.set(connection, timer);
    }
    return {
      userId: verdict.userId,
      canWrite: verdict.canWrite,
      canSuggest: !verdict.canWrite && verdict.canSuggest === true,
      userName: verdict.userName ?? null,
      principals: verdict.principals ?? [],
    };
  }

  /** Re-authorizations under way: a hold another server asked for lets go only once they are done. */
  const reauthorizing = new Set<Promise<void>>();

  /** Asks authorize again for this process's connections that `match`. */
  function reauthorizeHere(match: (connection: Connection<Identity>) => boolean): Promise<void> {
    const asking = reauthorizeMatching(match).finally(() => reauthorizing.delete(asking));
    reauthorizing.add(asking);
    return asking;
  }

  async function reauthorizeMatching(match: (connection: Connection<Identity>) => boolean): Promise<void> {
    rightsEpoch++;
    // Connections still being admitted re-ask by themselves (the epoch moved).
    const affected = [...connections].filter((c) => admittedTo.has(c) && match(c));
    await Promise.all(
      affected.map(async (connection) => {
        const verdict = await options.authorize(connection.identity, connection.docName);
        if (connection.closed) return;
        if (!verdict.ok) connection.close(verdict.code, verdict.reason);
        else connection.regrant(grantOf(connection, verdict));
      }),
    );
  }

  return {
    connect(socket, docName, identity, connectOptions = {}) {
      // No Yjs work until authorize says yes: the connection holds frames, nothing more.
      const connection: Connection<Identity> = new Connection({
        socket,
        docName,
        identity,
        wantsAcks: connectOptions.acks ?? false,
        limits,
        metrics,
        onClose: () => onConnectionClosed(connection),
        onSent: sent,
      });
      if (isHeld(docName)) connection.hold();
      if (shuttingDown) {
        connection.close(CloseCode.goingAway, 'The server is shutting down.');
      } else {
        connections.add(connection);
        admit(connection, docName, identity).catch((error: unknown) => {
          onError(error, `opening ${docName}`);
          connection.close(CloseCode.internalError, 'The document could not be opened.');
        });
      }
      return { receive: (frame) => connection.receive(frame), closed: () => connection.gone() };
    },

    async change(docName, fn, authorId = null, alongside = null) {
      const room = await roomFor(docName);
      try {
        await room.change(fn, authorId, alongside);
      } finally {
        scheduleUnload(room);
      }
    },

    async read(docName, fn) {
      const room = await roomFor(docName);
      const copy = new Y.Doc({ gc: true });
      try {
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.current()));
        return fn(copy);
      } finally {
        copy.destroy();
        scheduleUnload(room);
      }
    },

    async hold(prefix) {
      const here = await holdHere(prefix);
      if (!link) return { release: here };
      // Other processes hold too, and answer once what they accepted is stored; then this
      // process's rooms take in from the store whatever the bus has not brought yet.
      const everywhere = await link.holdEverywhere(prefix);
      await Promise.all([...rooms].filter(([docName]) => docName.startsWith(prefix)).map(([docName, { ready }]) => catchUp(docName, ready)));
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          here();
          everywhere.release();
        },
      };
    },

    async reauthorize(prefix) {
      link?.publishRights(prefix);
      await reauthorizeHere((c) => c.docName.startsWith(prefix));
    },

    async reauthorizePrincipal(principal) {
      link?.publishPrincipal(principal);
      await reauthorizeHere((c) => c.principals.includes(principal));
    },

    async close() {
      shuttingDown = true;
      clearInterval(sweep);
      // Queued compactions too: the store may be closed right after.
      await committer.idle();
      link?.close();
      for (const connection of [...connections]) connection.close(CloseCode.goingAway, 'The server is shutting down.');
      for (const [docName, { room }] of [...rooms]) {
        unload(docName, room);
        room.destroy();
      }
    },

    stats: () => {
      let queuedBytes = 0;
      for (const connection of connections) queuedBytes += connection.queuedBytes();
      return { documents: rooms.size, connections: connections.size, queuedBytes };
    },
  };
}
