import { createRoute } from '@hono/zod-openapi';
import { findApplication, listApplications, listMyApplications } from '@stint/db';
import {
  type ApplicationActor,
  ApplicationParams,
  ApplicationResponse,
  applicationAbilities,
  assertCanReviewApplications,
  canDecideApplications,
  DeclineBody,
  type DomainError,
  EmptyBody,
  MyApplicationsResponse,
  notFound,
} from '@stint/domain';
import type { MoveApplicationInput } from '../commands/applications.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import { newRouter } from '../http/router.ts';
import { requireUser } from '../middleware/authenticate.ts';
import type { ChangeDeps } from './change-deps.ts';

const TAG = ['applications'];
const { 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 } = errorResponses;

/** Declining (the employer, with an optional message), withdrawing (the applicant), and a person's own applications. */
export function applicationRoutes({
  database,
  authorize,
  moveApplication,
}: Pick<ChangeDeps, 'database' | 'authorize'> & {
  /** Declining and withdrawing (commands/applications.ts). */
  moveApplication: (input: MoveApplicationInput, absent?: DomainError) => Promise<void>;
}) {
  const { db } = database;
  const router = newRouter();

  /**
   * The application as `by` reads it after their move: what they may still do with it, the
   * domain's answer as the list gives it (`decideApplications` from the project's status and their role).
   */
  async function answer(projectId: string, applicationId: string, by: ApplicationActor, decideApplications: boolean) {
    const application = (await listApplications(db, projectId)).find((a) => a.id === applicationId);
    if (!application) throw notFound('application_not_found', 'This project has no such application.');
    const { accept, decline } = applicationAbilities(application.status, by, decideApplications);
    return { ...application, abilities: { accept, decline } };
  }

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/applications/{appId}/decline',
      tags: TAG,
      summary: 'Decline an application, with a message for the applicant (employer)',
      security: signedIn,
      request: { params: ApplicationParams, ...jsonBody(DeclineBody) },
      responses: { 200: jsonResponse(ApplicationResponse, 'The application, declined.'), 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id, appId } = c.req.valid('param');
      const { project, role } = await authorize(user, id, 'member');
      assertCanReviewApplications(role);
      const { message } = c.req.valid('json');
      await moveApplication({ projectId: id, applicationId: appId, action: 'decline', by: 'employer', actorId: user.id, message });
      return c.json({ application: await answer(id, appId, 'employer', canDecideApplications(project.status, role)) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/applications/{appId}/withdraw',
      tags: TAG,
      summary: 'Withdraw your own application while it is pending',
      security: signedIn,
      request: { params: ApplicationParams, ...jsonBody(EmptyBody) },
      responses: { 200: jsonResponse(ApplicationResponse, 'The application, withdrawn.'), 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id, appId } = c.req.valid('param');
      // Someone else's application is not there, as far as the caller can tell.
      const absent = notFound('application_not_found', 'You have no such application.');
      await authorize(user, id, 'see');
      const application = await findApplication(db, id, appId);
      if (!application) throw absent;
      await authorize(user, id, { owner: application.applicantId, otherwise: absent });
      await moveApplication({ projectId: id, applicationId: appId, action: 'withdraw', by: 'applicant', actorId: user.id }, absent);
      return c.json({ application: await answer(id, appId, 'applicant', false) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/me/applications',
      tags: TAG,
      summary: 'Your applications, newest first, with their status and any message',
      security: signedIn,
      responses: { 200: jsonResponse(MyApplicationsResponse, 'Your applications.'), 401: e401 },
    }),
    async (c) => {
      const applications = await listMyApplications(db, requireUser(c).id);
      return c.json({ applications: applications.map((a) => ({ ...a, abilities: { withdraw: applicationAbilities(a.status, 'applicant').withdraw } })) }, 200);
    },
  );

  return router;
}
