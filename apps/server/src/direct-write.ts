import type { Socket } from 'node:net';

/**
 * A write straight to a TCP socket's libuv handle, skipping Node's Writable machinery (several
 * frames and a nextTick per call). For a relay that writes the same few dozen bytes to a hundred
 * sockets per keystroke, that machinery is a quarter of the server's CPU per delivery (see
 * test/bench/README.md). It relies on `process.binding('stream_wrap').WriteWrap`, the request
 * object net.Socket itself uses; where that is missing, or the socket has anything queued in
 * JS, it returns false and the caller uses socket.write, so ordering and errors stay Node's.
 */
interface StreamHandle {
  writeBuffer(req: object, data: Uint8Array): number;
  writeQueueSize?: number;
}
type WriteWrapClass = new () => { handle: unknown; oncomplete: (status: number) => void; async: boolean; bytes: number; buffer: unknown };

const WriteWrap = loadWriteWrap();

function loadWriteWrap(): WriteWrapClass | null {
  try {
    const binding = (process as unknown as { binding(name: string): { WriteWrap?: WriteWrapClass } }).binding('stream_wrap');
    return typeof binding.WriteWrap === 'function' ? binding.WriteWrap : null;
  } catch {
    return null;
  }
}

/** Above this much data waiting in libuv for one socket, writes go through Node's stream again. */
const MAX_QUEUED_BYTES = 1024 * 1024;

export function writeDirect(socket: Socket, frame: Buffer): boolean {
  const handle = (socket as unknown as { _handle?: StreamHandle | null })._handle;
  if (!WriteWrap || !handle || socket.writableLength > 0 || socket.destroyed || (handle.writeQueueSize ?? 0) > MAX_QUEUED_BYTES) return false;
  const req = new WriteWrap();
  req.handle = handle;
  req.async = false;
  req.bytes = 0;
  // Kept on the request so a partial write's remainder stays alive until libuv sends it.
  req.buffer = frame;
  req.oncomplete = (status) => {
    if (status < 0) socket.destroy(new Error(`write failed: ${status}`));
  };
  if (handle.writeBuffer(req, frame) !== 0) return false;
  return true;
}
