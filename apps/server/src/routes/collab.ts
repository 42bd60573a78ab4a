import { upgradeWebSocket } from '@hono/node-server';
import { isSameOriginRequest, SESSION_COOKIE } from '@stint/auth';
import { CloseCode, type ConnectionHandle, type DocServer } from '@stint/collab';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { CollabIdentity } from '../collab-authorize.ts';
import type { AppEnv } from '../http/env.ts';
import { ownOrigins } from '../http/own-origins.ts';
import { framedSocket } from '../ws-broadcast.ts';
import type WebSocket from 'ws';

/**
 * `GET /collab/<projectId>/<kind>`: the y-websocket endpoint. The upgrade only gathers who is
 * calling; the document server authorizes before it touches any Yjs state.
 */
export function collabRoutes({ docServer, publicUrl }: { docServer: DocServer; publicUrl?: string }) {
  const router = new Hono<AppEnv>();
  const publicOrigin = publicUrl ? new URL(publicUrl).origin : undefined;

  router.get(
    '/collab/:projectId/:kind',
    upgradeWebSocket((c) => {
      const queryToken = c.req.query('token');
      const cookie = getCookie(c, SESSION_COOKIE);
      const origin = c.req.header('origin');
      // A cookie rides along on cross-site socket opens too; only our own pages may use it.
      const sameOrigin = queryToken !== undefined || cookie === undefined || origin === undefined
        ? true
        : isSameOriginRequest({ method: 'POST', secFetchSite: undefined, origin }, ownOrigins(c.req.url, publicOrigin));
      const identity: CollabIdentity = { token: queryToken ?? cookie ?? null, sameOrigin };
      const docName = `${c.req.param('projectId')}/${c.req.param('kind')}`;
      const acks = c.req.query('acks') === '1';
      let handle: ConnectionHandle | null = null;

      return {
        // Frames are read from the ws socket itself rather than through an onMessage here:
        // the adapter would wrap each in a MessageEvent around a copied ArrayBuffer.
        onOpen(_event, ws) {
          const raw = ws.raw as WebSocket | undefined;
          const close = (code: number, reason: string) => ws.close(code, reason);
          if (!raw) {
            close(CloseCode.internalError, 'The websocket transport is not available.');
            return;
          }
          const connection = docServer.connect(framedSocket(raw, close), docName, identity, { acks });
          handle = connection;
          raw.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
            if (isBinary && data instanceof Uint8Array) return connection.receive(data);
            if (isBinary && data instanceof ArrayBuffer) return connection.receive(new Uint8Array(data));
            close(CloseCode.malformed, 'Frames are binary y-websocket messages.');
            connection.closed();
          });
        },
        onClose() {
          handle?.closed();
        },
        onError() {
          handle?.closed();
        },
      };
    }),
  );
  return router;
}
