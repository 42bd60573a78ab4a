import { createRoute } from '@hono/zod-openapi';
import { changeMilestone, decideExtension, findMilestone, insertExtension, insertMilestone, listMilestones, type Milestone, type OnEvent } from '@stint/db';
import {
  AddMilestoneBody,
  CompleteMilestoneBody,
  checkExtensionRequest,
  checkMilestoneDate,
  checkWithinProject,
  DecideExtensionBody,
  decideMilestone,
  EditMilestoneBody,
  ExtensionParams,
  IdParam,
  type MilestoneAction,
  MilestoneParams,
  MilestoneResponse,
  MilestonesResponse,
  milestoneAbilities,
  milestoneAddedAs,
  milestoneStanding,
  notFound,
  ReopenMilestoneBody,
  RequestExtensionBody,
  type Role,
  type Status,
  type User,
} from '@stint/domain';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import { newRouter } from '../http/router.ts';
import { requireUser } from '../middleware/authenticate.ts';
import type { ChangeDeps } from './change-deps.ts';

const { 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 } = errorResponses;
const TAG = ['milestones'];

export interface MilestoneDeps extends ChangeDeps {
  /** The server's clock (tests move it): what "today" and "overdue" mean. */
  clock: () => number;
  /** How many days before a due date an extension must be asked for. */
  extensionNoticeDays: number;
}

/**
 * A project's milestones: the employer plans them (freely while preparing, as proposals the
 * student agrees to once the work began); the student marks each done with a check-in; the
 * employer accepts or reopens it; the student may ask for more time. Every rule is the domain's
 * milestone table; every change is a project event, so the activity, the notifications and open
 * pages follow.
 */
export function milestoneRoutes(deps: MilestoneDeps) {
  const { database, authorize, onProjectChanged, tell, clock } = deps;
  const router = newRouter();
  const today = () => new Date(clock()).toISOString().slice(0, 10);
  // Changes happen only while a project is under way; a finished one's standings say so (closed).
  // What the reader may do with each is the domain's table, asked for them.
  const view = (m: Milestone, status: Status, role: Role | null) => ({
    ...m,
    standing: milestoneStanding(m.state, m.dueDate, today(), status),
    abilities: milestoneAbilities(status, role, m.state),
  });

  /** The milestone, and where `action` by the caller takes it: the domain's answer, or its 403 / 409. */
  async function decided(user: User, projectId: string, milestoneId: string, action: MilestoneAction) {
    const { project, role } = await authorize(user, projectId, 'member');
    const milestone = await findMilestone(database.db, projectId, milestoneId);
    return { project, milestone, to: decideMilestone(project.status, action, role, milestone.state) };
  }

  /**
   * Writes one change with its event (`write` returns the milestone's id); whom it concerns is
   * told once it is committed, open pages follow, and the answer is the milestone as it is now.
   */
  async function recorded(user: User, projectId: string, write: (onEvent: OnEvent) => Promise<string>) {
    const telling = tell();
    const milestoneId = await write(telling.onEvent);
    await onProjectChanged(projectId, ['plan', 'activity']);
    telling.done();
    const { project, role } = await authorize(user, projectId, 'see');
    return { milestone: view(await findMilestone(database.db, projectId, milestoneId), project.status, role) };
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects/{id}/milestones',
      tags: TAG,
      summary: "The project's milestones, by due date, each with how it stands today (whoever may see the project)",
      request: { params: IdParam },
      responses: { 200: jsonResponse(MilestonesResponse, 'The milestones.'), 404: e404 },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      // The plan is part of the brief: whoever may see the project sees it, signed in or not (an open one is on the board).
      const { project, role } = await authorize(c.get('auth').user, id, 'see');
      const milestones = (await listMilestones(database.db, id)).map((m) => view(m, project.status, role));
      return c.json({ milestones, today: today(), extensionNoticeDays: deps.extensionNoticeDays, addedAs: milestoneAddedAs(project.status, role) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/milestones',
      tags: TAG,
      summary: 'Add a milestone (employer; once the work began, a proposal the student agrees to)',
      security: signedIn,
      request: { params: IdParam, ...jsonBody(AddMilestoneBody) },
      responses: { 201: jsonResponse(MilestoneResponse, 'The milestone.'), 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id } = c.req.valid('param');
      const { project, role } = await authorize(user, id, 'member');
      const state = decideMilestone(project.status, 'add', role, 'none');
      const body = c.req.valid('json');
      checkMilestoneDate(body.dueDate, { today: today(), projectDue: project.dueDate });
      const answer = await recorded(user, id, async (onEvent) => {
        return insertMilestone(
          database.db,
          { projectId: id, actorId: user.id, title: body.title, dueDate: body.dueDate, state: state as 'open' | 'proposed', onEvent },
          clock(),
        );
      });
      return c.json(answer, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/api/projects/{id}/milestones/{milestoneId}',
      tags: TAG,
      summary: 'Change a milestone’s title or due date (employer, while it is not yet agreed)',
      security: signedIn,
      request: { params: MilestoneParams, ...jsonBody(EditMilestoneBody) },
      responses: { 200: jsonResponse(MilestoneResponse, 'The milestone.'), 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id, milestoneId } = c.req.valid('param');
      const body = c.req.valid('json');
      const { project, milestone, to } = await decided(user, id, milestoneId, 'edit');
      if (body.dueDate !== undefined) checkMilestoneDate(body.dueDate, { today: today(), projectDue: project.dueDate });
      const answer = await recorded(user, id, async (onEvent) => {
        await changeMilestone(
          database.db,
          {
            projectId: id,
            actorId: user.id,
            milestoneId,
            expected: milestone.state,
            to: to as 'open' | 'proposed',
            action: 'milestone_edit',
            set: { title: body.title, dueDate: body.dueDate },
            message: body.title ?? milestone.title,
            onEvent,
          },
          clock(),
        );
        return milestoneId;
      });
      return c.json(answer, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/api/projects/{id}/milestones/{milestoneId}',
      tags: TAG,
      summary: 'Remove a milestone (employer, while it is not yet agreed)',
      security: signedIn,
      request: { params: MilestoneParams },
      responses: { 204: { description: 'Removed.' }, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id, milestoneId } = c.req.valid('param');
      const { milestone } = await decided(user, id, milestoneId, 'remove');
      const telling = tell();
      await changeMilestone(
        database.db,
        {
          projectId: id,
          actorId: user.id,
          milestoneId,
          expected: milestone.state,
          to: null,
          action: 'milestone_remove',
          message: milestone.title,
          onEvent: telling.onEvent,
        },
        clock(),
      );
      await onProjectChanged(id, ['plan', 'activity']);
      telling.done();
      return c.body(null, 204);
    },
  );

  /** agree, complete, accept, reopen: one state move each, with what it records. */
  const moves = [
    { action: 'agree', event: 'milestone_agree', summary: 'Agree to a proposed milestone (student)', body: null },
    { action: 'complete', event: 'milestone_complete', summary: 'Mark a milestone done, with a check-in (student)', body: CompleteMilestoneBody },
    { action: 'accept', event: 'milestone_accept', summary: 'Accept a milestone marked done (employer)', body: null },
    { action: 'reopen', event: 'milestone_reopen', summary: 'Reopen a milestone marked done, saying what is missing (employer)', body: ReopenMilestoneBody },
  ] as const;
  for (const move of moves) {
    router.openapi(
      createRoute({
        method: 'post',
        path: `/api/projects/{id}/milestones/{milestoneId}/${move.action}`,
        tags: TAG,
        summary: move.summary,
        security: signedIn,
        request: { params: MilestoneParams, ...(move.body ? jsonBody(move.body) : {}) },
        responses: { 200: jsonResponse(MilestoneResponse, 'The milestone.'), 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 },
      }),
      async (c) => {
        const user = requireUser(c);
        const { id, milestoneId } = c.req.valid('param');
        const { milestone, to } = await decided(user, id, milestoneId, move.action);
        // Validated against the move's body schema by the route (the loop hides its type).
        const note = move.body ? (c.req.valid('json' as never) as { note: string }).note : undefined;
        const set =
          move.action === 'complete'
            ? { submittedNote: note }
            : move.action === 'accept' || move.action === 'reopen'
              ? { review: { accepted: move.action === 'accept', note: note ?? null } }
              : undefined;
        const answer = await recorded(user, id, async (onEvent) => {
          await changeMilestone(
            database.db,
            {
              projectId: id,
              actorId: user.id,
              milestoneId,
              expected: milestone.state,
              to: to as 'open' | 'submitted' | 'done',
              action: move.event,
              set,
              message: milestone.title,
              onEvent,
            },
            clock(),
          );
          return milestoneId;
        });
        return c.json(answer, 200);
      },
    );
  }

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/milestones/{milestoneId}/extensions',
      tags: TAG,
      summary: 'Ask for a later due date, with a reason, in time (student)',
      security: signedIn,
      request: { params: MilestoneParams, ...jsonBody(RequestExtensionBody) },
      responses: { 201: jsonResponse(MilestoneResponse, 'The milestone, the request listed.'), 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id, milestoneId } = c.req.valid('param');
      const { project, milestone } = await decided(user, id, milestoneId, 'request_extension');
      const body = c.req.valid('json');
      checkExtensionRequest({
        projectDue: project.dueDate,
        dueDate: milestone.dueDate,
        requested: body.dueDate,
        today: today(),
        noticeDays: deps.extensionNoticeDays,
        pending: milestone.extensions.some((e) => e.state === 'pending'),
      });
      const answer = await recorded(user, id, async (onEvent) => {
        const { title, dueDate: fromDate } = milestone;
        await insertExtension(
          database.db,
          { projectId: id, actorId: user.id, milestoneId, title, fromDate, requestedDate: body.dueDate, reason: body.reason, onEvent },
          clock(),
        );
        return milestoneId;
      });
      return c.json(answer, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/milestones/{milestoneId}/extensions/{extensionId}/decide',
      tags: TAG,
      summary: 'Grant (the due date moves) or decline a request for more time (employer)',
      security: signedIn,
      request: { params: ExtensionParams, ...jsonBody(DecideExtensionBody) },
      responses: { 200: jsonResponse(MilestoneResponse, 'The milestone.'), 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id, milestoneId, extensionId } = c.req.valid('param');
      const { project, milestone } = await decided(user, id, milestoneId, 'decide_extension');
      const extension = milestone.extensions.find((e) => e.id === extensionId);
      if (!extension) throw notFound('extension_not_found', 'No such extension request on this milestone.');
      const body = c.req.valid('json');
      // The project's due date may have moved since it was asked for: a grant still fits the project.
      if (body.grant) checkWithinProject(extension.requestedDate, project.dueDate);
      const answer = await recorded(user, id, async (onEvent) => {
        await decideExtension(
          database.db,
          {
            projectId: id,
            actorId: user.id,
            milestoneId,
            extensionId,
            grant: body.grant,
            note: body.note ?? null,
            title: milestone.title,
            onEvent,
          },
          clock(),
        );
        return milestoneId;
      });
      return c.json(answer, 200);
    },
  );

  return router;
}
