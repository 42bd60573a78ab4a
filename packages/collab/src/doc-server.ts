import type * as Y from 'yjs';
import type { Bus, BusListener } from './bus.ts';
import { decodeBusMessage, encodeBusMessage, ORIGIN_BYTES, sameOrigin } from './bus-messages.ts';
import { CloseCode } from './close-codes.ts';
import { Committer } from './committer.ts';
import { Connection, type ConnectionLimits } from './connection.ts';
import { Room, type CompactionPolicy } from './room.ts';
import type { Authorize, DocumentStore, SocketLike } from './types.ts';

export interface DocServerOptions {
  store: DocumentStore;
  authorize: Authorize;
  compaction?: Partial<CompactionPolicy>;
  limits?: Partial<ConnectionLimits>;
  /** A document nobody is connected to is dropped from memory after this long. */
  idleUnloadMs?: number;
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
}

/** What the transport holds for one socket: feed it frames, tell it when the socket closed. */
export interface ConnectionHandle {
  receive(frame: Uint8Array): void;
  closed(): void;
}

export interface DocServer {
  connect(socket: SocketLike, docName: string, identity: unknown, options?: { acks?: boolean }): ConnectionHandle;
  /** Changes a document through its room, so every client sees it live; resolves once stored. */
  change(docName: string, fn: (doc: Y.Doc) => void, authorId?: string | null): Promise<void>;
  /** Reads a document's current (durable) state through its room. */
  read<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T>;
  /** Asks `authorize` again for every connection whose document starts with `prefix`. */
  reauthorize(prefix: string): Promise<void>;
  /** Finishes pending writes, then closes every socket. */
  close(): Promise<void>;
  stats(): { documents: number; connections: number };
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  maxFrameBytes: 2 * 1024 * 1024,
  maxRefusedWrites: 3,
  maxEarlyFrames: 256,
};

export function createDocServer(options: DocServerOptions): DocServer {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const compaction: CompactionPolicy = { maxUpdates: 500, maxBytes: 1024 * 1024, ...options.compaction };
  const idleUnloadMs = options.idleUnloadMs ?? 30_000;
  const onError = options.onError ?? (() => {});
  const committer = new Committer(options.store, (error, docName) => onError(error, `compacting ${docName}`));
  const rooms = new Map<string, { room: Room; ready: Promise<Room>; listener: BusListener | null }>();
  const bus = options.bus ?? null;
  const busWaitMs = options.busWaitMs ?? 2000;
  const origin = crypto.getRandomValues(new Uint8Array(ORIGIN_BYTES));
  const channel = (docName: string) => `stint:doc:${docName}`;
  const RIGHTS_CHANNEL = 'stint:rights';

  /** Reads one bus message; what this server published itself, or can't read, is dropped. */
  function fromBus(bytes: Uint8Array) {
    try {
      const message = decodeBusMessage(bytes);
      return sameOrigin(message.origin, origin) ? null : message;
    } catch (error) {
      onError(error, 'reading a bus message');
      return null;
    }
  }

  /** Resolves when `subscribing` does or after busWaitMs, whichever comes first; never rejects. */
  function waitForBus(subscribing: Promise<void>, docName: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        onError(new Error(`the bus did not subscribe within ${busWaitMs} ms`), `opening ${docName}`);
        resolve();
      }, busWaitMs);
    });
    const settled = subscribing.catch((error: unknown) => onError(error, `subscribing to ${docName}`));
    return Promise.race([settled, late]).finally(() => clearTimeout(timer));
  }

  /** After the bus was down, every loaded room re-reads the store for what it missed. */
  bus?.onResubscribed?.(() => {
    for (const [docName, { ready }] of rooms) {
      ready
        .then(async (room) => {
          const loaded = await options.store.load(docName);
          if (rooms.get(docName)?.room === room) room.catchUp(loaded.updates, loaded.ids);
        })
        .catch((error: unknown) => onError(error, `catching up ${docName} after the bus reconnected`));
    }
  });

  function unload(docName: string, room: Room): void {
    const entry = rooms.get(docName);
    if (entry?.room !== room) return;
    rooms.delete(docName);
    if (bus && entry.listener) bus.unsubscribe(channel(docName), entry.listener);
  }
  const connections = new Set<Connection>();
  let shuttingDown = false;

  /** One load per document, however many connect at once. */
  function roomFor(docName: string): Promise<Room> {
    const existing = rooms.get(docName);
    if (existing) return existing.ready;
    const room = new Room(docName, committer, compaction);
    room.onApplyError = (error) => onError(error, `applying a stored update to ${docName}`);
    room.onFailed = (failed) => {
      unload(docName, failed);
      failed.destroy();
    };
    let listener: BusListener | null = null;
    if (bus) {
      room.onStored = (update, id) => bus.publish(channel(docName), encodeBusMessage({ type: 'update', origin, id, update }));
      room.onAwareness = (update) => bus.publish(channel(docName), encodeBusMessage({ type: 'awareness', origin, update }));
      listener = (bytes) => {
        const message = fromBus(bytes);
        if (message?.type === 'update') room.receiveRemote(message.update, message.id);
        else if (message?.type === 'awareness') room.receiveRemoteAwareness(message.update);
      };
    }
    // Subscribed before the store is read, so an update stored elsewhere meanwhile can't fall
    // between the two: it is either read or heard (or both, which Yjs takes harmlessly).
    const subscribed = bus && listener ? waitForBus(bus.subscribe(channel(docName), listener), docName) : Promise.resolve();
    const ready = subscribed
      .then(() => options.store.load(docName))
      .then(
        (loaded) => {
          room.restore(loaded.updates, loaded.ids, loaded.logBytes);
          return room;
        },
        (error: unknown) => {
          unload(docName, room);
          throw error;
        },
      );
    rooms.set(docName, { room, ready, listener });
    return ready;
  }

  function scheduleUnload(room: Room): void {
    if (room.connections.size > 0 || room.idleTimer) return;
    room.idleTimer = setTimeout(() => {
      room.idleTimer = null;
      if (room.connections.size > 0) return;
      if (!room.isQuiet) return scheduleUnload(room);
      unload(room.docName, room);
      room.destroy();
    }, idleUnloadMs);
    room.idleTimer.unref();
  }

  function onConnectionClosed(connection: Connection): void {
    connections.delete(connection);
    const room = connection.room;
    if (!room) return;
    room.leave(connection);
    scheduleUnload(room);
  }

  async function admit(connection: Connection, docName: string, identity: unknown): Promise<void> {
    const verdict = await options.authorize(identity, docName);
    if (connection.closed) return;
    if (!verdict.ok) {
      connection.close(verdict.code, verdict.reason);
      return;
    }
    connection.userId = verdict.userId;
    connection.canWrite = verdict.canWrite;
    connection.userName = verdict.userName ?? null;
    const room = await roomFor(docName);
    if (connection.closed) return scheduleUnload(room);
    connection.attach(room);
  }

  /** Asks authorize again for this process's connections to documents under `prefix`. */
  async function reauthorizeHere(prefix: string): Promise<void> {
    const affected = [...connections].filter((c) => c.docName.startsWith(prefix) && !c.closed);
    await Promise.all(
      affected.map(async (connection) => {
        const verdict = await options.authorize(connection.identity, connection.docName);
        if (!verdict.ok) connection.close(verdict.code, verdict.reason);
        else connection.canWrite = verdict.canWrite;
      }),
    );
  }

  // A status change or removal handled by another process reaches this one's sockets too.
  const onRights: BusListener = (bytes) => {
    const message = fromBus(bytes);
    if (message?.type === 'rights') reauthorizeHere(message.prefix).catch((error: unknown) => onError(error, 'reauthorizing'));
  };
  bus?.subscribe(RIGHTS_CHANNEL, onRights).catch((error: unknown) => onError(error, 'subscribing to rights changes'));

  return {
    connect(socket, docName, identity, connectOptions = {}) {
      // No Yjs work until authorize says yes: the connection holds frames, nothing more.
      const connection = new Connection(socket, docName, identity, '', false, connectOptions.acks ?? false, limits, onConnectionClosed);
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

    async change(docName, fn, authorId = null) {
      const room = await roomFor(docName);
      try {
        await room.change(fn, authorId);
      } finally {
        scheduleUnload(room);
      }
    },

    async read(docName, fn) {
      const room = await roomFor(docName);
      try {
        return fn(room.current());
      } finally {
        scheduleUnload(room);
      }
    },

    async reauthorize(prefix) {
      bus?.publish(RIGHTS_CHANNEL, encodeBusMessage({ type: 'rights', origin, prefix }));
      await reauthorizeHere(prefix);
    },

    async close() {
      shuttingDown = true;
      await committer.drain();
      if (bus) bus.unsubscribe(RIGHTS_CHANNEL, onRights);
      for (const connection of [...connections]) connection.close(CloseCode.goingAway, 'The server is shutting down.');
      for (const [docName, { room }] of [...rooms]) {
        if (room.idleTimer) clearTimeout(room.idleTimer);
        unload(docName, room);
        room.destroy();
      }
    },

    stats: () => ({ documents: rooms.size, connections: connections.size }),
  };
}
