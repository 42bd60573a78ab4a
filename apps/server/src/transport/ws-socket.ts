import type { SocketLike } from '@stint/collab';
import type WebSocket from 'ws';

/**
 * Adapts a ws socket to the document server's SocketLike through ws's public API only. (A fast
 * path that framed each relayed message once and wrote it to the libuv handle was measured
 * against this in `pnpm bench` and did not earn its keep — see test/bench/README.md — so it
 * was removed with its reach into ws's and Node's internals.)
 */
export function wsSocket(ws: WebSocket, close: (code: number, reason: string) => void): SocketLike {
  return {
    send(data) {
      if (ws.readyState === ws.OPEN) ws.send(data, { binary: true });
    },
    close,
    terminate: () => ws.terminate(),
    // What ws's sender and the net.Socket hold, not yet on the wire.
    bufferedBytes: () => ws.bufferedAmount,
  };
}
