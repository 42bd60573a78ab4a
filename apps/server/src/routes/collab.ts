import { upgradeWebSocket } from '@hono/node-server';
import { isSameOriginRequest, SESSION_COOKIE, type Sessions } from '@stint/auth';
import { CloseCode, type ConnectionHandle, type DocServer, fitCloseReason } from '@stint/collab';
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type WebSocket from 'ws';
import type { CollabIdentity } from '../collab-authorize.ts';
import type { AppEnv } from '../http/env.ts';
import { ownOrigins } from '../http/own-origins.ts';
import { wsSocket } from '../transport/ws-socket.ts';

export interface CollabRoutesDeps {
  docServer: DocServer;
  sessions: Sessions;
  publicUrl?: string;
  clientIp: (c: Context<AppEnv>) => string;
  /** Open document sockets one user may hold on this process (tabs × documents, with room). */
  maxSocketsPerUser?: number;
  /** Open document sockets one address may hold on this process (a school behind one NAT…). */
  maxSocketsPerIp?: number;
  /**
   * Every this often each socket is pinged; one that has not answered the previous ping is cut
   * (a laptop closed mid-session, a dead NAT entry): its room stops relaying to a ghost.
   */
  heartbeatMs?: number;
}

/** How long a socket refused at the door may linger before it is cut (its close frame unread). */
const REFUSED_LINGER_MS = 1000;

/** Counts open sockets per key; `take` fails past the limit. */
function counter(limit: number) {
  const open = new Map<string, number>();
  return {
    take(key: string): boolean {
      const n = open.get(key) ?? 0;
      if (n >= limit) return false;
      open.set(key, n + 1);
      return true;
    },
    give(key: string): void {
      const n = (open.get(key) ?? 1) - 1;
      if (n <= 0) open.delete(key);
      else open.set(key, n);
    },
  };
}

/** Pings every watched socket each `intervalMs`; one still owing the previous pong is terminated. */
function heartbeats(intervalMs: number) {
  const answered = new Map<WebSocket, boolean>();
  let timer: NodeJS.Timeout | null = null;
  const beat = () => {
    for (const [socket, alive] of answered) {
      if (!alive) {
        answered.delete(socket);
        socket.terminate();
        continue;
      }
      answered.set(socket, false);
      socket.ping();
    }
    if (answered.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
  return {
    watch(socket: WebSocket) {
      answered.set(socket, true);
      socket.on('pong', () => answered.has(socket) && answered.set(socket, true));
      socket.once('close', () => answered.delete(socket));
      timer ??= setInterval(beat, intervalMs).unref();
    },
  };
}

/**
 * `GET /collab/<projectId>/<kind>`: the y-websocket endpoint. The caller's session is checked
 * before the socket is handed to the document server, so a stranger's frames are never read
 * into anything: an unauthenticated socket is told 4401 and cut off a moment later. The document
 * server then authorizes the document itself before it touches any Yjs state.
 */
export function collabRoutes(deps: CollabRoutesDeps) {
  const { docServer, publicUrl } = deps;
  const router = new Hono<AppEnv>();
  const publicOrigin = publicUrl ? new URL(publicUrl).origin : undefined;
  const perUser = counter(deps.maxSocketsPerUser ?? 100);
  const perIp = counter(deps.maxSocketsPerIp ?? 500);
  const heartbeat = heartbeats(deps.heartbeatMs ?? 30_000);

  router.get(
    '/collab/:projectId/:kind',
    upgradeWebSocket(async (c) => {
      const queryToken = c.req.query('token');
      const cookie = getCookie(c, SESSION_COOKIE);
      const origin = c.req.header('origin');
      // A cookie rides along on cross-site socket opens too; only our own pages may use it.
      const sameOrigin =
        queryToken !== undefined || cookie === undefined || origin === undefined
          ? true
          : isSameOriginRequest({ method: 'POST', secFetchSite: undefined, origin }, ownOrigins(c.req.url, publicOrigin));
      const token = queryToken ?? cookie ?? null;
      const identity: CollabIdentity = { token, sameOrigin };
      const docName = `${c.req.param('projectId')}/${c.req.param('kind')}`;
      const acks = c.req.query('acks') === '1';
      const ip = deps.clientIp(c);
      const valid = token && sameOrigin ? await deps.sessions.validate(token) : null;
      let handle: ConnectionHandle | null = null;
      let release: (() => void) | null = null;

      /** Closes at once with `code`, and cuts the socket if the client doesn't finish the close. */
      const refuse = (raw: WebSocket, code: number, reason: string) => {
        // Read nothing more from it: whatever it sends now is never buffered here.
        raw.pause();
        raw.close(code, fitCloseReason(reason));
        setTimeout(() => raw.terminate(), REFUSED_LINGER_MS).unref();
      };

      return {
        // Frames are read from the ws socket itself rather than through an onMessage here:
        // the adapter would wrap each in a MessageEvent around a copied ArrayBuffer.
        onOpen(_event, ws) {
          const raw = ws.raw as WebSocket | undefined;
          if (!raw) {
            ws.close(CloseCode.internalError, 'The websocket transport is not available.');
            return;
          }
          if (!sameOrigin) return refuse(raw, CloseCode.forbidden, 'This socket must be opened from a Stint page.');
          if (!valid) return refuse(raw, CloseCode.unauthenticated, 'Sign in first: send the session cookie or a token parameter.');
          const userKey = valid.user.id;
          if (!perIp.take(ip)) return refuse(raw, CloseCode.tooMany, 'Too many open documents from this address.');
          if (!perUser.take(userKey)) {
            perIp.give(ip);
            return refuse(raw, CloseCode.tooMany, 'Too many open documents for this account; close some tabs.');
          }
          release = () => {
            release = null;
            perIp.give(ip);
            perUser.give(userKey);
          };
          const close = (code: number, reason: string) => {
            // A client that stopped reading would never read the close frame either.
            if (code === CloseCode.tooSlow) raw.terminate();
            else ws.close(code, fitCloseReason(reason));
          };
          heartbeat.watch(raw);
          const connection = docServer.connect(wsSocket(raw, close), docName, identity, { acks });
          handle = connection;
          raw.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
            if (isBinary && data instanceof Uint8Array) return connection.receive(data);
            if (isBinary && data instanceof ArrayBuffer) return connection.receive(new Uint8Array(data));
            close(CloseCode.malformed, 'Frames are binary y-websocket messages.');
            connection.closed();
          });
        },
        onClose() {
          release?.();
          handle?.closed();
        },
        onError() {
          release?.();
          handle?.closed();
        },
      };
    }),
  );
  return router;
}
