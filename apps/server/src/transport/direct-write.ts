import type { Socket } from 'node:net';

/**
 * A write straight to a TCP socket's libuv handle, skipping Node's Writable machinery (several
 * frames, a request object, a callback and a nextTick per call). For a relay that writes the
 * same few dozen bytes to a hundred sockets per keystroke, that machinery is a large share of
 * the server's CPU per delivery (see test/bench/README.md). It relies on
 * `process.binding('stream_wrap')` — the WriteWrap request net.Socket itself uses, and the
 * shared state that says whether a write finished at once. Where that is missing, or the
 * socket has anything queued in JS, it returns false and the caller uses socket.write, so
 * ordering and errors stay Node's.
 */
interface StreamHandle {
  writeBuffer(req: object, data: Uint8Array): number;
  readonly writeQueueSize: number;
}
interface WriteRequest {
  oncomplete?: (status: number) => void;
  buffer?: unknown;
}
interface StreamWrapBinding {
  WriteWrap: new () => WriteRequest;
  streamBaseState: Int32Array;
  kLastWriteWasAsync: number;
}

const binding = loadBinding();

function loadBinding(): StreamWrapBinding | null {
  try {
    const b = (process as unknown as { binding(name: string): Partial<StreamWrapBinding> }).binding('stream_wrap');
    const usable = typeof b.WriteWrap === 'function' && b.streamBaseState instanceof Int32Array && typeof b.kLastWriteWasAsync === 'number';
    return usable ? (b as StreamWrapBinding) : null;
  } catch {
    return null;
  }
}

/** Above this much data waiting in libuv for one socket, writes go through Node's stream again. */
const MAX_QUEUED_BYTES = 1024 * 1024;
/** Direct writes libuv has not finished, per socket. */
const unfinished = Symbol('stint.unfinishedDirectWrites');
type TrackedSocket = Socket & { [unfinished]?: number; _handle?: StreamHandle | null };

/**
 * A write that finishes at once never binds its request object to anything native, so one
 * object serves every such write; only a write libuv must finish later keeps its own.
 */
let spare: WriteRequest | null = null;

export function writeDirect(socket: Socket, frame: Buffer): boolean {
  const tracked = socket as TrackedSocket;
  const handle = tracked._handle;
  if (!binding || !handle || socket.writableLength > 0 || socket.destroyed) return false;
  const pending = tracked[unfinished] ?? 0;
  if (pending > 0 && handle.writeQueueSize > MAX_QUEUED_BYTES) return false;
  const req = spare ?? new binding.WriteWrap();
  spare = null;
  // On an error the request may have been bound natively; a fresh one serves the next write.
  if (handle.writeBuffer(req, frame) !== 0) return false;
  if (binding.streamBaseState[binding.kLastWriteWasAsync] === 0) {
    spare = req;
    return true;
  }
  // libuv holds the rest of the frame (not a copy) until it is sent: keep it alive until then.
  req.buffer = frame;
  tracked[unfinished] = pending + 1;
  req.oncomplete = (status) => {
    tracked[unfinished] = (tracked[unfinished] ?? 1) - 1;
    if (status < 0) socket.destroy(new Error(`Socket write failed (${status}).`));
  };
  return true;
}
