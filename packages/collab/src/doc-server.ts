import type * as Y from 'yjs';
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
  const rooms = new Map<string, { room: Room; ready: Promise<Room> }>();
  const connections = new Set<Connection>();
  let shuttingDown = false;

  /** One load per document, however many connect at once. */
  function roomFor(docName: string): Promise<Room> {
    const existing = rooms.get(docName);
    if (existing) return existing.ready;
    const room = new Room(docName, committer, compaction);
    room.onApplyError = (error) => onError(error, `applying a stored update to ${docName}`);
    room.onFailed = (failed) => {
      if (rooms.get(docName)?.room === failed) rooms.delete(docName);
      failed.destroy();
    };
    const ready = options.store.load(docName).then(
      (loaded) => {
        room.restore(loaded.updates, loaded.lastId, loaded.logCount, loaded.logBytes);
        return room;
      },
      (error: unknown) => {
        rooms.delete(docName);
        throw error;
      },
    );
    rooms.set(docName, { room, ready });
    return ready;
  }

  function scheduleUnload(room: Room): void {
    if (room.connections.size > 0 || room.idleTimer) return;
    room.idleTimer = setTimeout(() => {
      room.idleTimer = null;
      if (room.connections.size > 0) return;
      if (!room.isQuiet) return scheduleUnload(room);
      if (rooms.get(room.docName)?.room === room) rooms.delete(room.docName);
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
      const affected = [...connections].filter((c) => c.docName.startsWith(prefix) && !c.closed);
      await Promise.all(
        affected.map(async (connection) => {
          const verdict = await options.authorize(connection.identity, connection.docName);
          if (!verdict.ok) connection.close(verdict.code, verdict.reason);
          else connection.canWrite = verdict.canWrite;
        }),
      );
    },

    async close() {
      shuttingDown = true;
      await committer.drain();
      for (const connection of [...connections]) connection.close(CloseCode.goingAway, 'The server is shutting down.');
      for (const { room } of rooms.values()) {
        if (room.idleTimer) clearTimeout(room.idleTimer);
        room.destroy();
      }
      rooms.clear();
    },

    stats: () => ({ documents: rooms.size, connections: connections.size }),
  };
}
