import { createRoute } from '@hono/zod-openapi';
import { employerReviews, findEmployer, findOrganisation, listProjects, type StintDatabase, setOrganisation } from '@stint/db';
import { EmployerParam, EmployerProfileResponse, forbidden, notFound, OrganisationBody, OrganisationResponse, reviewAverages, type User } from '@stint/domain';
import { errorResponse, errorResponses, jsonBody, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import { newRouter } from '../http/router.ts';
import { requireUser } from '../middleware/authenticate.ts';

const { 400: e400, 401: e401, 403: e403, 404: e404 } = errorResponses;
const TAG = ['employers'];

const employerOnly = (user: User) => {
  if (user.accountType !== 'employer') throw forbidden('not_allowed', 'Only employer accounts describe an organisation.');
};

/** An employer's organisation (name, a few sentences, a website) and the public profile the board links to. */
export function organisationRoutes({ database }: { database: StintDatabase }) {
  const router = newRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/me/organisation',
      tags: TAG,
      summary: 'My organisation (employer accounts)',
      security: signedIn,
      responses: { 200: jsonResponse(OrganisationResponse, 'The organisation; null until described.'), 401: e401, 403: e403 },
    }),
    async (c) => {
      const user = requireUser(c);
      employerOnly(user);
      return c.json({ organisation: await findOrganisation(database.db, user.id) }, 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/me/organisation',
      tags: TAG,
      summary: 'Describe my organisation: name, a short description and a website (employer accounts)',
      security: signedIn,
      request: jsonBody(OrganisationBody),
      responses: {
        200: jsonResponse(OrganisationResponse, 'The organisation.'),
        400: e400,
        401: e401,
        403: e403,
        409: errorResponse('Another employer’s organisation reads the same (`organisation_name_taken`).'),
      },
    }),
    async (c) => {
      const user = requireUser(c);
      employerOnly(user);
      const body = c.req.valid('json');
      await setOrganisation(database.db, database.dialect, user.id, { name: body.name, about: body.about, website: body.website ?? null });
      return c.json({ organisation: await findOrganisation(database.db, user.id) }, 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/employers/{employerId}',
      tags: TAG,
      summary: "An employer's public profile: the organisation, students' review averages and its open projects (public)",
      request: { params: EmployerParam },
      responses: { 200: jsonResponse(EmployerProfileResponse, 'The profile.'), 404: e404 },
    }),
    async (c) => {
      const { employerId } = c.req.valid('param');
      const employer = await findEmployer(database.db, employerId);
      if (!employer) throw notFound('employer_not_found', 'There is no employer with that id.');
      // What anyone may see of theirs: the open projects (as on the board, signed out).
      const projects = await listProjects(database.db, null, { status: 'open', employer: employerId, limit: 50 });
      // What students said of working with them: averages only from a few reviews on (one would name its reviewer).
      const reviews = reviewAverages(await employerReviews(database.db, employerId));
      return c.json(
        { employer, reviews, projects: projects.map((p) => ({ id: p.id, title: p.title, summary: p.summary, skills: p.skills, dueDate: p.dueDate })) },
        200,
      );
    },
  );
  return router;
}
