import { createRoute } from '@hono/zod-openapi';
import { findProfile, type StintDatabase, saveProfile } from '@stint/db';
import { ProfileBody, ProfileResponse } from '@stint/domain';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import { newRouter } from '../http/router.ts';
import { requireUser } from '../middleware/authenticate.ts';

const TAG = ['profile'];

/** What a person tells employers about themselves (a few sentences, skills, links), read with each of their applications. */
export function profileRoutes({ database, clock }: { database: StintDatabase; clock: () => number }) {
  const router = newRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/me/profile',
      tags: TAG,
      summary: 'My profile, as employers read it beside my applications',
      security: signedIn,
      responses: { 200: jsonResponse(ProfileResponse, 'The profile; empty until written.'), 401: errorResponses[401] },
    }),
    async (c) => c.json({ profile: await findProfile(database.db, requireUser(c).id) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/me/profile',
      tags: TAG,
      summary: 'Write my profile: a few sentences, up to 12 skills and 5 links',
      security: signedIn,
      request: jsonBody(ProfileBody),
      responses: { 200: jsonResponse(ProfileResponse, 'The profile as saved.'), 400: errorResponses[400], 401: errorResponses[401] },
    }),
    async (c) => {
      const user = requireUser(c);
      await saveProfile(database.db, user.id, c.req.valid('json'), clock());
      return c.json({ profile: await findProfile(database.db, user.id) }, 200);
    },
  );

  return router;
}
