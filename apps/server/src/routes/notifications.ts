import { createRoute, z } from '@hono/zod-openapi';
import { countUnread, listNotifications, markNotificationsRead, notificationPrefs, rolesHeldBy, type StintDatabase, setNotificationPrefs } from '@stint/db';
import {
  channelFor,
  MarkReadBody,
  NOTIFICATION_KIND_NAMES,
  NOTIFICATION_KINDS,
  type NotificationKind,
  NotificationPrefsBody,
  NotificationPrefsResponse,
  NotificationsQuery,
  NotificationsResponse,
  notificationConcerns,
  type Role,
  type User,
} from '@stint/domain';
import { ApiError } from '../http/api-error.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import { newRouter } from '../http/router.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { escapeHtml } from '../notifications/emails.ts';
import type { Inbox } from '../notifications/inbox.ts';
import type { UnsubscribeLinks } from '../notifications/unsubscribe.ts';

const TAG = ['notifications'];
const PAGE = 30;

/** The inbox, each person's choices, and one-click unsubscribe (its live stream: live-stream.ts). */
export function notificationRoutes({ database, inbox, unsubscribe }: { database: StintDatabase; inbox: Inbox; unsubscribe: UnsubscribeLinks }) {
  const { db } = database;
  const router = newRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/me/notifications',
      tags: TAG,
      summary: 'Your notifications, newest first, with the unread count',
      security: signedIn,
      request: { query: NotificationsQuery },
      responses: { 200: jsonResponse(NotificationsResponse, 'A page of notifications.'), 400: errorResponses[400], 401: errorResponses[401] },
    }),
    async (c) => {
      const user = requireUser(c);
      const { unread, before, limit = PAGE } = c.req.valid('query');
      const [rows, count] = await Promise.all([listNotifications(db, user.id, { unreadOnly: unread === '1', before, limit }), countUnread(db, user.id)]);
      const notifications = rows.map((n) => ({
        id: n.id,
        kind: n.kind,
        at: n.at,
        read: n.read,
        text: n.text,
        link: n.link,
        ...(n.projectId ? { projectId: n.projectId } : {}),
        ...(n.message ? { message: n.message } : {}),
      }));
      const last = rows[rows.length - 1];
      return c.json({ notifications, unread: count, next: rows.length === limit && last ? String(Date.parse(last.at)) : null }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/me/notifications/read',
      tags: TAG,
      summary: 'Mark notifications read: those named, or all',
      security: signedIn,
      request: jsonBody(MarkReadBody),
      responses: { 204: { description: 'Marked.' }, 400: errorResponses[400], 401: errorResponses[401] },
    }),
    async (c) => {
      const user = requireUser(c);
      const { ids } = c.req.valid('json');
      if ((await markNotificationsRead(db, user.id, ids ?? null, Date.now())) > 0) inbox.changed([user.id], ['inbox']);
      return c.body(null, 204);
    },
  );

  async function prefsOf(user: User) {
    const chosen = (await notificationPrefs(db, [user.id])).get(user.id) ?? new Map();
    const roles = new Set<Role>([user.accountType, ...(await rolesHeldBy(db, user.id))]);
    return NOTIFICATION_KIND_NAMES.map((kind) => ({
      kind,
      label: NOTIFICATION_KINDS[kind].label,
      channel: channelFor(kind, chosen),
      default: NOTIFICATION_KINDS[kind].defaultChannel,
      group: NOTIFICATION_KINDS[kind].group,
      concernsYou: notificationConcerns(kind, roles),
    }));
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/me/notification-prefs',
      tags: TAG,
      summary: 'How you get each kind of notification',
      security: signedIn,
      responses: { 200: jsonResponse(NotificationPrefsResponse, 'One line per kind.'), 401: errorResponses[401] },
    }),
    async (c) => c.json({ prefs: await prefsOf(requireUser(c)) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/me/notification-prefs',
      tags: TAG,
      summary: 'Choose how you get kinds of notification (in_app, email, digest, off)',
      security: signedIn,
      request: jsonBody(NotificationPrefsBody),
      responses: { 200: jsonResponse(NotificationPrefsResponse, 'Every kind, after the change.'), 400: errorResponses[400], 401: errorResponses[401] },
    }),
    async (c) => {
      const user = requireUser(c);
      await setNotificationPrefs(db, user.id, c.req.valid('json').prefs);
      return c.json({ prefs: await prefsOf(user) }, 200);
    },
  );

  const UnsubscribeQuery = z.object({ u: z.string().max(40), k: z.string().max(40), e: z.string().max(12).optional(), t: z.string().max(100) });
  type UnsubscribeLink = z.infer<typeof UnsubscribeQuery>;
  function linkedKind(query: UnsubscribeLink): NotificationKind {
    const kind = query.k as NotificationKind;
    if (!NOTIFICATION_KIND_NAMES.includes(kind) || !unsubscribe.verify(query.u, query.k, query.e ?? '', query.t)) {
      throw new ApiError(400, 'invalid_link', 'This unsubscribe link is not valid, or has expired. Change your emails under Settings → Notifications.');
    }
    return kind;
  }
  async function applyUnsubscribe(query: UnsubscribeLink): Promise<NotificationKind> {
    const kind = linkedKind(query);
    // Emails stop; the inbox keeps telling.
    await setNotificationPrefs(db, query.u, [{ kind, channel: 'in_app' }]);
    return kind;
  }
  const page = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title} · Stint</title></head>` +
    `<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">${body}` +
    `<p><a href="/settings/notifications">Choose what Stint emails you</a></p></body></html>`;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/unsubscribe',
      tags: TAG,
      summary: 'The link in each email: a page asking to confirm (nothing changes on a GET: mail scanners follow links)',
      request: { query: UnsubscribeQuery },
      responses: { 200: { description: 'A page with the button that confirms.', content: { 'text/html': { schema: z.string() } } }, 400: errorResponses[400] },
    }),
    (c) => {
      const query = c.req.valid('query');
      const kind = linkedKind(query);
      const action = `/api/unsubscribe?${new URLSearchParams({ u: query.u, k: query.k, e: query.e ?? '', t: query.t })}`;
      return c.html(
        page(
          'Unsubscribe',
          `<h1>Stop these emails?</h1><p>You will no longer get emails for: ${NOTIFICATION_KINDS[kind].label.toLowerCase()}. They still show in your Stint inbox.</p>` +
            `<form method="post" action="${escapeHtml(action)}"><button type="submit">Stop these emails</button></form>`,
        ),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/unsubscribe',
      tags: TAG,
      summary: 'Stops emails of that kind: the page’s button (answers a page), or one-click (RFC 8058) as mail clients send it (204)',
      request: { query: UnsubscribeQuery },
      responses: {
        200: { description: 'Unsubscribed: a page saying so (a browser asked).', content: { 'text/html': { schema: z.string() } } },
        204: { description: 'Unsubscribed.' },
        400: errorResponses[400],
      },
    }),
    async (c) => {
      const kind = await applyUnsubscribe(c.req.valid('query'));
      if (!(c.req.header('accept') ?? '').includes('text/html')) return c.body(null, 204);
      return c.html(
        page(
          'Unsubscribed',
          `<h1>Done</h1><p>You will no longer get emails for: ${NOTIFICATION_KINDS[kind].label.toLowerCase()}. They still show in your Stint inbox.</p>`,
        ),
        200,
      );
    },
  );

  return router;
}
