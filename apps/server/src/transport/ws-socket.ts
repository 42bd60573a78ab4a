import type { Socket } from 'node:net';
import type { SocketLike } from '@stint/collab';
import type WebSocket from 'ws';
import { writeDirect } from './direct-write.ts';

/**
 * A relayed update goes to every reader as the very same bytes. A server-to-client websocket
 * frame is unmasked (RFC 6455 §5.1), so it can be framed once per message and written to each
 * socket as one buffer — one write per reader instead of ws framing, corking and a two-buffer
 * writev for each. The room sends one message to all its readers in a row, so remembering the
 * last frame built means only the first reader pays.
 */
let last: { payload: Uint8Array; frame: Buffer } | null = null;

export function binaryFrame(payload: Uint8Array): Buffer {
  if (last?.payload === payload) return last.frame;
  const length = payload.byteLength;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x82; // FIN, binary
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.set(payload, headerLength);
  last = { payload, frame };
  return frame;
}

/**
 * Adapts a ws socket to the document server's SocketLike. With `fastRelay` (STINT_FAST_RELAY,
 * on by default) relayed messages are framed once and written to ws's net.Socket — straight to
 * its libuv handle where direct-write.ts can — instead of through ws's sender. That reaches into
 * ws's private `_socket` and Node's deprecated `process.binding('stream_wrap')`, so it lives in
 * this one module and can be switched off: then every message goes through ws's public `send`,
 * as any ws application does (CI runs the socket suites both ways; `pnpm bench` measures both).
 */
export function wsSocket(ws: WebSocket, close: (code: number, reason: string) => void, options: { fastRelay: boolean }): SocketLike {
  // ws keeps its net.Socket here; without compression its sender writes frames straight to it.
  const net = options.fastRelay ? (ws as unknown as { _socket?: Socket })._socket : undefined;
  return {
    send(data) {
      if (ws.readyState !== 1) return;
      if (net && !net.destroyed) {
        const frame = binaryFrame(data);
        if (!writeDirect(net, frame)) net.write(frame);
      } else ws.send(data, { binary: true });
    },
    close,
    // ws counts what its sender and the net.Socket hold; direct writes add at most what
    // direct-write.ts lets libuv queue before it falls back to the stream.
    bufferedBytes: () => ws.bufferedAmount,
  };
}
