import { createRoute } from '@hono/zod-openapi';
import { appendEvent, listCheckinDates, setCheckinDates } from '@stint/db';
import { assertCanScheduleCheckins, CheckinDatesBody, CheckinDatesResponse, checkCheckinDates, IdParam } from '@stint/domain';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import { newRouter } from '../http/router.ts';
import { requireUser } from '../middleware/authenticate.ts';
import type { ChangeDeps } from './change-deps.ts';

const { 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 } = errorResponses;

/** When check-ins are due: set by the employer or mentor; the student is reminded the day before and when one is missed. */
export function checkinDateRoutes({ database, authorize, onProjectChanged, tell, clock }: ChangeDeps & { clock: () => number }) {
  const router = newRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects/{id}/checkin-dates',
      tags: ['projects'],
      summary: 'When check-ins are due (members)',
      security: signedIn,
      request: { params: IdParam },
      responses: { 200: jsonResponse(CheckinDatesResponse, 'Due dates, earliest first.'), 401: e401, 404: e404 },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await authorize(requireUser(c), id, 'member');
      return c.json({ dates: await listCheckinDates(database.db, id) }, 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/checkin-dates',
      tags: ['projects'],
      summary: 'Set when check-ins are due (employer or mentor); reminders follow',
      security: signedIn,
      request: { params: IdParam, ...jsonBody(CheckinDatesBody) },
      responses: { 200: jsonResponse(CheckinDatesResponse, 'Due dates, earliest first.'), 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id } = c.req.valid('param');
      const { project, role } = await authorize(user, id, 'member');
      assertCanScheduleCheckins(project.status, role);
      const dates = [...new Set(c.req.valid('json').dates)].sort();
      checkCheckinDates(dates, {
        today: new Date(clock()).toISOString().slice(0, 10),
        projectDue: project.dueDate,
        scheduled: await listCheckinDates(database.db, id),
      });
      const telling = tell();
      await database.db.transaction().execute(async (trx) => {
        await setCheckinDates(trx, id, dates);
        // An event like any change: the timeline shows it and the reminders move with it.
        await appendEvent(trx, { projectId: id, actorId: user.id, action: 'schedule_checkins', payload: { dates }, now: clock(), onEvent: telling.onEvent });
      });
      await onProjectChanged(id, ['activity']);
      telling.done();
      return c.json({ dates }, 200);
    },
  );
  return router;
}
