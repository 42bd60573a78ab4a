import { createRoute } from '@hono/zod-openapi';
import {
  AcceptInvitationResponse,
  assertCanInvite,
  EmptyBody,
  IdParam,
  INVITED_ACCOUNT_TYPE,
  InvitationListResponse,
  InvitationPreviewResponse,
  InviteMemberBody,
  InviteResponse,
} from '@stint/domain';
import { z } from 'zod';
import type { Authorize } from '../access/authorize.ts';
import {
  type InvitationDeps,
  invitationByToken,
  invitationView,
  inviteCommand,
  joinByInvitationCommand,
  listInvitationsCommand,
  revokeInvitationCommand,
} from '../commands/invitations.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import type { Limit } from '../http/rate-limits.ts';
import { newRouter } from '../http/router.ts';
import { requireUser } from '../middleware/authenticate.ts';

const TAG = ['invitations'];
const { 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 } = errorResponses;
const TokenParam = z.object({ token: z.string().min(1).max(100) });
const InvitationParams = z.object({ id: z.string().min(1).max(64), invitationId: z.string().min(1).max(64) });

export interface InvitationRoutesDeps {
  authorize: Authorize;
  commands: InvitationDeps;
  limit: Limit;
}

/** Inviting by email, the employer's list of open invitations, and what an invitation's link opens. */
export function invitationRoutes({ authorize, commands, limit }: InvitationRoutesDeps) {
  const router = newRouter();

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/members',
      tags: TAG,
      summary: 'Invite a mentor or viewer by email: an account holder is added at once, any other address is emailed an invitation',
      security: signedIn,
      request: { params: IdParam, ...jsonBody(InviteMemberBody) },
      responses: {
        201: jsonResponse(InviteResponse, '`member`: added; `invitation`: an address without an account was sent a link that lets them sign up and join.'),
        400: e400,
        401: e401,
        403: e403,
        404: e404,
        409: e409,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { project, role } = await authorize(user, c.req.valid('param').id, 'see');
      assertCanInvite(project.status, role);
      await limit('invite', c);
      const { email, role: invitedRole } = c.req.valid('json');
      return c.json(await inviteCommand(commands, { project, inviter: user, email, role: invitedRole }), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects/{id}/invitations',
      tags: TAG,
      summary: "The project's invitations not yet used or withdrawn (open or expired), for its employer",
      security: signedIn,
      request: { params: IdParam },
      responses: { 200: jsonResponse(InvitationListResponse, 'Newest first.'), 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { project, role } = await authorize(user, c.req.valid('param').id, 'see');
      assertCanInvite(project.status, role);
      return c.json({ invitations: await listInvitationsCommand(commands, project.id) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/api/projects/{id}/invitations/{invitationId}',
      tags: TAG,
      summary: 'Withdraw an invitation: its link stops working',
      security: signedIn,
      request: { params: InvitationParams },
      responses: { 204: { description: 'Withdrawn.' }, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id, invitationId } = c.req.valid('param');
      const { project, role } = await authorize(user, id, 'see');
      assertCanInvite(project.status, role);
      await revokeInvitationCommand(commands, project.id, invitationId);
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/invitations/{token}',
      tags: TAG,
      summary: "What an invitation's link opens, before signing up or in: the project's title, the role, who invited, until when",
      request: { params: TokenParam },
      responses: { 200: jsonResponse(InvitationPreviewResponse, 'The invitation, with where it stands.'), 400: e400, 404: e404 },
    }),
    async (c) => {
      const { invitation, project } = await invitationByToken(commands, c.req.valid('param').token);
      const { email, role, invitedBy, expiresAt, status } = invitationView(invitation, commands.clock());
      const preview = { project: { id: project.id, title: project.title }, email, role, invitedBy, expiresAt, status, accountType: INVITED_ACCOUNT_TYPE[role] };
      return c.json({ invitation: preview }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/invitations/{token}/accept',
      tags: TAG,
      summary: 'Join the project an invitation names, as the signed-in person, in its role',
      security: signedIn,
      request: { params: TokenParam, ...jsonBody(EmptyBody) },
      responses: { 200: jsonResponse(AcceptInvitationResponse, 'Joined.'), 400: e400, 401: e401, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { projectId, member } = await joinByInvitationCommand(commands, { token: c.req.valid('param').token, as: { user } });
      return c.json({ projectId, member }, 200);
    },
  );

  return router;
}
