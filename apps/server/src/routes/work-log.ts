import { createRoute } from '@hono/zod-openapi';
import { deleteWorkEntry, findWorkEntry, insertWorkEntry, listWorkLog, updateWorkEntry, type WorkEntry } from '@stint/db';
import {
  assertCanEditWorkEntry,
  assertCanLogWork,
  checkRoomInDay,
  checkWorkDate,
  EditWorkBody,
  IdParam,
  LogWorkBody,
  type Status,
  type User,
  WORK_LOG_EDIT_HOURS,
  WORK_LOG_STATUSES,
  WorkEntryParams,
  WorkEntryResponse,
  WorkLogResponse,
} from '@stint/domain';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import { newRouter } from '../http/router.ts';
import { requireUser } from '../middleware/authenticate.ts';
import type { MilestoneDeps } from './milestones.ts';

const { 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 } = errorResponses;
const TAG = ['work log'];

/**
 * The student's work log: date, minutes, what was done. Every member reads it (the total against
 * the estimate is on the project page); the student changes an entry for 48 hours, then it is
 * part of the record. Logging is no project event: the activity would drown in it.
 */
export function workLogRoutes({ database, authorize, onProjectChanged, clock }: Pick<MilestoneDeps, 'database' | 'authorize' | 'onProjectChanged' | 'clock'>) {
  const router = newRouter();
  const today = () => new Date(clock()).toISOString().slice(0, 10);
  /** `editableUntil` says whether the caller may still change it: their own, young enough, the work still under way. */
  const view = (e: WorkEntry, userId: string, logging: boolean) => {
    const until = Date.parse(e.loggedAt) + WORK_LOG_EDIT_HOURS * 3_600_000;
    return { ...e, editableUntil: logging && e.by.id === userId && until > clock() ? new Date(until).toISOString() : null };
  };
  const logging = (status: Status) => WORK_LOG_STATUSES.includes(status);

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects/{id}/work-log',
      tags: TAG,
      summary: 'The work log, newest first, with its total and the estimate (members)',
      security: signedIn,
      request: { params: IdParam },
      responses: { 200: jsonResponse(WorkLogResponse, 'The log.'), 401: e401, 404: e404 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id } = c.req.valid('param');
      const { project } = await authorize(user, id, 'member');
      const log = await listWorkLog(database.db, id);
      return c.json(
        {
          entries: log.entries.map((e) => view(e, user.id, logging(project.status))),
          totalMinutes: log.totalMinutes,
          estimatedMinutes: project.estimatedHours * 60,
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/work-log',
      tags: TAG,
      summary: 'Log time worked (the student, while the work is under way)',
      security: signedIn,
      request: { params: IdParam, ...jsonBody(LogWorkBody) },
      responses: { 201: jsonResponse(WorkEntryResponse, 'The entry.'), 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id } = c.req.valid('param');
      const { project, role } = await authorize(user, id, 'member');
      assertCanLogWork(project.status, role);
      const body = c.req.valid('json');
      checkWorkDate(body.date, today());
      const entryId = await insertWorkEntry(
        database.db,
        { projectId: id, userId: user.id, ...body },
        { dialect: database.dialect, fits: (logged) => checkRoomInDay(logged, body.minutes) },
        clock(),
      );
      await onProjectChanged(id, ['plan']);
      return c.json({ entry: view(await findWorkEntry(database.db, id, entryId), user.id, true) }, 201);
    },
  );

  /** The entry, if it is the caller's and still young enough to change. */
  async function ownEntry(projectId: string, entryId: string, user: User) {
    await authorize(user, projectId, 'member');
    const entry = await findWorkEntry(database.db, projectId, entryId);
    const { project, role } = await authorize(user, projectId, { owner: entry.by.id });
    assertCanEditWorkEntry({ status: project.status, role, createdAt: entry.loggedAt, now: new Date(clock()) });
    return entry;
  }

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/api/projects/{id}/work-log/{entryId}',
      tags: TAG,
      summary: 'Correct an entry (its author, within 48 hours)',
      security: signedIn,
      request: { params: WorkEntryParams, ...jsonBody(EditWorkBody) },
      responses: { 200: jsonResponse(WorkEntryResponse, 'The entry.'), 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id, entryId } = c.req.valid('param');
      const entry = await ownEntry(id, entryId, user);
      const body = c.req.valid('json');
      if (body.date !== undefined) checkWorkDate(body.date, today());
      const minutes = body.minutes ?? entry.minutes;
      await updateWorkEntry(
        database.db,
        { projectId: id, entryId, userId: user.id, ...body },
        { dialect: database.dialect, date: body.date ?? entry.date, fits: (logged) => checkRoomInDay(logged, minutes) },
        clock(),
      );
      await onProjectChanged(id, ['plan']);
      return c.json({ entry: view(await findWorkEntry(database.db, id, entryId), user.id, true) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/api/projects/{id}/work-log/{entryId}',
      tags: TAG,
      summary: 'Remove an entry (its author, within 48 hours)',
      security: signedIn,
      request: { params: WorkEntryParams },
      responses: { 204: { description: 'Removed.' }, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id, entryId } = c.req.valid('param');
      await ownEntry(id, entryId, user);
      await deleteWorkEntry(database.db, { projectId: id, entryId, userId: user.id });
      await onProjectChanged(id, ['plan']);
      return c.body(null, 204);
    },
  );
  return router;
}
