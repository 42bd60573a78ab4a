import { createRoute } from '@hono/zod-openapi';
import { listActivity, type StintDatabase } from '@stint/db';
import { ActivityQuery, ActivityResponse, activityVisibleTo, IdParam } from '@stint/domain';
import type { Authorize } from '../access/authorize.ts';
import { errorResponses, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import { newRouter } from '../http/router.ts';
import { requireUser } from '../middleware/authenticate.ts';

const PAGE = 30;

/** `GET /api/projects/:id/activity`: the project's timeline, newest first, from its append-only events. */
export function activityRoutes({ database, authorize }: { database: StintDatabase; authorize: Authorize }) {
  const router = newRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects/{id}/activity',
      tags: ['projects'],
      summary: "A project's activity: every move with who, when and its message, newest first (members)",
      security: signedIn,
      request: { params: IdParam, query: ActivityQuery },
      responses: { 200: jsonResponse(ActivityResponse, 'A page of events.'), 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id } = c.req.valid('param');
      const { role } = await authorize(user, id, 'member');
      const { before, limit = PAGE } = c.req.valid('query');
      const rows = await listActivity(database.db, id, { before, limit });
      const events = rows
        .filter((row) => activityVisibleTo(row.action, role!))
        .map((row) => {
          const message = (row.payload as { message?: unknown } | null)?.message;
          return {
            id: row.id,
            at: row.createdAt,
            actor: row.actorName === null ? null : { id: row.actorId, name: row.actorName },
            kind: row.action,
            ...(row.from ? { from: row.from } : {}),
            ...(row.to ? { to: row.to } : {}),
            ...(typeof message === 'string' ? { message } : {}),
          };
        });
      const last = rows[rows.length - 1];
      return c.json({ events, next: rows.length === limit && last ? String(last.id) : null }, 200);
    },
  );
  return router;
}
