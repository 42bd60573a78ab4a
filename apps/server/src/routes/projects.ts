import { createRoute } from '@hono/zod-openapi';
import { EMPTY_PROFILE, insertApplication, insertProject, latestApplicationsTo, listApplications, listMembers, listProjects, profilesOf } from '@stint/db';
import {
  type Action,
  ApplicationCreatedResponse,
  ApplicationListResponse,
  ApplicationParams,
  type ApplicationStatus,
  ApplyBody,
  applicationAbilities,
  assertCanApply,
  assertCanReviewApplications,
  assertRatingFits,
  CompleteBody,
  CreateProjectBody,
  canDecideApplications,
  EmptyBody,
  IdParam,
  ListProjectsQuery,
  type Project,
  ProjectDetailResponse,
  ProjectListResponse,
  ProjectResponse,
  projectAbilities,
  RequestChangesBody,
  type Status,
  StepAwayBody,
  type User,
} from '@stint/domain';
import type { z } from 'zod';
import type { TransitionInput } from '../commands/transition-project.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import type { Limit } from '../http/rate-limits.ts';
import { newRouter } from '../http/router.ts';
import { requireUser } from '../middleware/authenticate.ts';
import type { ChangeDeps, OnPeopleChanged } from './change-deps.ts';

const TAG = ['projects'];
const { 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 } = errorResponses;

/** The routes that just move a project along the lifecycle table, and what they carry. */
function transitionRoute<B extends z.ZodType>(path: string, summary: string, body: B) {
  return createRoute({
    method: 'post',
    path: `/api/projects/{id}/${path}`,
    tags: TAG,
    summary,
    security: signedIn,
    request: { params: IdParam, ...jsonBody(body) },
    responses: { 200: jsonResponse(ProjectResponse, 'The project in its new status.'), 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 },
  });
}

export interface ProjectRoutesDeps extends ChangeDeps {
  onPeopleChanged: OnPeopleChanged;
  /** Accepting an application (commands/applications.ts). */
  accept: (input: { project: Project; to: Status; applicationId: string; actorId: string }) => Promise<Project>;
  /** The whole of a lifecycle move (commands/transition-project.ts). */
  transition: (input: TransitionInput) => Promise<Project>;
  limit: Limit;
  /** Where links to people's public portfolios point (never a request's Host). */
  origin: () => string;
  /** The brief as rendered now (the offer a visitor reads before applying). */
  renderOffer: (projectId: string) => Promise<{ text: string; html: string }>;
}

export function projectRoutes({
  database,
  authorize,
  accept,
  onProjectChanged,
  onPeopleChanged,
  transition,
  limit,
  tell,
  origin,
  renderOffer,
}: ProjectRoutesDeps) {
  const { db } = database;
  const router = newRouter();

  async function move(id: string, user: User, action: Action, payload?: unknown, check?: (p: Project) => void | Promise<void>) {
    const { project, role } = await authorize(user, id, { action });
    await check?.(project);
    return transition({ project, role, actorId: user.id, action, payload });
  }

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects',
      tags: TAG,
      summary: 'Post a micro-internship (as a draft); the caller becomes its employer',
      security: signedIn,
      request: jsonBody(CreateProjectBody),
      responses: { 201: jsonResponse(ProjectResponse, 'The new draft.'), 400: e400, 401: e401 },
    }),
    async (c) => {
      const user = requireUser(c);
      await limit('createProject', c);
      return c.json({ project: await insertProject(db, user.id, c.req.valid('json')) }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects',
      tags: TAG,
      summary: 'The board: open projects and your own, filtered',
      request: { query: ListProjectsQuery },
      responses: { 200: jsonResponse(ProjectListResponse, 'Matching projects, newest first.'), 400: e400 },
    }),
    async (c) => {
      const user = c.get('auth').user;
      const filters = c.req.valid('query');
      const projects = await listProjects(db, user?.id ?? null, filters);
      // A card says where the reader's own application stands, so Apply isn't offered twice.
      const mine = user
        ? await latestApplicationsTo(
            db,
            user.id,
            projects.map((p) => p.id),
          )
        : new Map<string, ApplicationStatus>();
      return c.json({ projects, applied: Object.fromEntries(mine) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects/{id}',
      tags: TAG,
      summary: 'A project, its members and your role in it',
      request: { params: IdParam },
      responses: { 200: jsonResponse(ProjectDetailResponse, 'The project.'), 400: e400, 404: e404 },
    }),
    async (c) => {
      const user = c.get('auth').user;
      const { project, role, application } = await authorize(user, c.req.valid('param').id, 'see');
      const members = role ? await listMembers(db, project.id) : [{ userId: project.employer.id, name: project.employer.name, role: 'employer' as const }];
      const myApplication = application ? { id: application.id, status: application.status } : null;
      const abilities = projectAbilities({ status: project.status, role, signedIn: user !== null, application: myApplication?.status ?? null });
      const brief = abilities.readOffer ? await renderOffer(project.id) : null;
      return c.json({ project, members, myRole: role, myApplication, abilities, brief: brief && { text: brief.text, html: brief.html } }, 200);
    },
  );

  router.openapi(transitionRoute('publish', 'Put a draft on the board', EmptyBody), async (c) => {
    const user = requireUser(c);
    return c.json({ project: await move(c.req.valid('param').id, user, 'publish', undefined, () => limit('publish', c)) }, 200);
  });

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/applications',
      tags: TAG,
      summary: 'Apply to an open project with a short pitch',
      security: signedIn,
      request: { params: IdParam, ...jsonBody(ApplyBody) },
      responses: { 201: jsonResponse(ApplicationCreatedResponse, 'Your application, pending.'), 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { project, role, application: earlier } = await authorize(user, c.req.valid('param').id, 'see');
      assertCanApply(project.status, role, earlier?.status ?? null);
      await limit('apply', c);
      const telling = tell();
      const pitch = c.req.valid('json').pitch;
      const application = await insertApplication(db, { projectId: project.id, applicantId: user.id, pitch, onEvent: telling.onEvent });
      // No one's rights change, so no re-check: the employer's open page just learns of it.
      await onProjectChanged(project.id, ['applications']);
      onPeopleChanged([user.id], ['applications']);
      telling.done();
      return c.json({ application }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects/{id}/applications',
      tags: TAG,
      summary: "A project's applications (employer only)",
      security: signedIn,
      request: { params: IdParam },
      responses: { 200: jsonResponse(ApplicationListResponse, 'Applications, oldest first.'), 401: e401, 403: e403, 404: e404 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { project, role } = await authorize(user, c.req.valid('param').id, 'see');
      assertCanReviewApplications(role);
      const decide = canDecideApplications(project.status, role);
      const listed = await listApplications(db, project.id);
      const profiles = await profilesOf(
        db,
        listed.map((a) => a.applicant.id),
      );
      const applications = listed.map((a) => {
        const { accept, decline } = applicationAbilities(a.status, 'employer', decide);
        const { handle, ...profile } = profiles.get(a.applicant.id) ?? { ...EMPTY_PROFILE, handle: null };
        const portfolioUrl = handle ? `${origin()}/u/${handle}` : null;
        return { ...a, applicant: { ...a.applicant, profile: { ...profile, portfolioUrl } }, abilities: { accept, decline } };
      });
      return c.json({ applications }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/applications/{appId}/accept',
      tags: TAG,
      summary: 'Accept one application: the project starts and the others are declined',
      security: signedIn,
      request: { params: ApplicationParams, ...jsonBody(EmptyBody) },
      responses: { 200: jsonResponse(ProjectResponse, 'The project, now in progress.'), 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id, appId } = c.req.valid('param');
      const { project, to } = await authorize(user, id, { action: 'accept' });
      const started = await accept({ project, to: to!, applicationId: appId, actorId: user.id });
      return c.json({ project: started }, 200);
    },
  );

  router.openapi(transitionRoute('submit', 'Hand the deliverable in for review', EmptyBody), async (c) => {
    const user = requireUser(c);
    return c.json({ project: await move(c.req.valid('param').id, user, 'submit') }, 200);
  });

  router.openapi(transitionRoute('request-changes', 'Send the work back with a message', RequestChangesBody), async (c) => {
    const user = requireUser(c);
    const { message } = c.req.valid('json');
    return c.json({ project: await move(c.req.valid('param').id, user, 'request_changes', { message }) }, 200);
  });

  router.openapi(transitionRoute('complete', 'Complete with a rating; every document freezes', CompleteBody), async (c) => {
    const user = requireUser(c);
    const { rating } = c.req.valid('json');
    const project = await move(c.req.valid('param').id, user, 'complete', { rating }, (p) => assertRatingFits(p.skills, rating));
    return c.json({ project }, 200);
  });

  router.openapi(transitionRoute('cancel', 'Cancel a project that is not completed', EmptyBody), async (c) => {
    const user = requireUser(c);
    return c.json({ project: await move(c.req.valid('param').id, user, 'cancel') }, 200);
  });

  router.openapi(
    transitionRoute(
      'step-away',
      'Step away from a project in progress, with a reason (its student): it is a draft again for the employer to re-open',
      StepAwayBody,
    ),
    async (c) => {
      const user = requireUser(c);
      const { reason } = c.req.valid('json');
      return c.json({ project: await move(c.req.valid('param').id, user, 'step_away', { message: reason }) }, 200);
    },
  );

  return router;
}
