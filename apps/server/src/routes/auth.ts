import { createRoute } from '@hono/zod-openapi';
import { type AttemptLimiter, hashPassword, SESSION_COOKIE, type Sessions, sessionCookieOptions, verifyAgainstDecoy, verifyPassword } from '@stint/auth';
import { createUser, findUserByEmail, type StintDatabase } from '@stint/db';
import { AuthResponse, LoginBody, MeResponse, rateLimited, SignupBody, type User } from '@stint/domain';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { NewAccount } from '../commands/invitations.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { errorResponse, errorResponses, jsonBody, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import type { Limit } from '../http/rate-limits.ts';
import { newRouter } from '../http/router.ts';
import { requireUser } from '../middleware/authenticate.ts';

export interface AuthRoutesDeps {
  database: StintDatabase;
  sessions: Sessions;
  loginLimiter: AttemptLimiter;
  clientIp: (c: Context<AppEnv>) => string;
  publicUrl?: string;
  /** Sessions ended (one, or all of a user's): their open sockets must close now, everywhere. */
  onSessionsEnded: (ended: { sessionId: string } | { userId: string }) => Promise<void>;
  limit: Limit;
  /** Sign-up from an invitation's link: the account and its membership in one step (commands/invitations.ts). */
  joinByInvitation: (token: string, account: NewAccount) => Promise<User>;
}

/** How long a sign-in waits once an email has many recent failures from anywhere. */
const SLOWDOWN_MS = 2000;

const signup = createRoute({
  method: 'post',
  path: '/api/auth/signup',
  tags: ['auth'],
  summary: 'Create an account and sign in (with `invitation`: and join the project it names, in its role)',
  request: jsonBody(SignupBody),
  responses: {
    201: jsonResponse(AuthResponse, 'Signed up; the session cookie is set and the token returned for scripts.'),
    400: errorResponses[400],
    404: errorResponse('The invitation link is not valid or was withdrawn (`invitation_not_found`, `invitation_revoked`); no account was made.'),
    409: errorResponse(
      'That email already has an account (`email_taken`), or the invitation was used or expired (`invitation_used`, `invitation_expired`); no account was made.',
    ),
  },
});

const login = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['auth'],
  summary: 'Sign in with email and password',
  request: jsonBody(LoginBody),
  responses: {
    200: jsonResponse(AuthResponse, 'Signed in.'),
    400: errorResponses[400],
    401: errorResponse('Wrong email or password (`invalid_credentials`).'),
    429: errorResponse('Too many failed attempts for this email or address; see Retry-After.'),
  },
});

const logout = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['auth'],
  summary: 'End the current session',
  security: signedIn,
  responses: { 204: { description: 'Signed out; the session no longer works anywhere.' }, 401: errorResponses[401] },
});

const logoutAll = createRoute({
  method: 'post',
  path: '/api/auth/logout-all',
  tags: ['auth'],
  summary: 'Sign out everywhere: end every session of the signed-in user',
  security: signedIn,
  responses: { 204: { description: 'Every session ended; their open documents closed.' }, 401: errorResponses[401] },
});

const me = createRoute({
  method: 'get',
  path: '/api/me',
  tags: ['auth'],
  summary: 'Who am I',
  security: signedIn,
  responses: { 200: jsonResponse(MeResponse, 'The signed-in user.'), 401: errorResponses[401] },
});

export function authRoutes({ database, sessions, loginLimiter, clientIp, publicUrl, onSessionsEnded, limit, joinByInvitation }: AuthRoutesDeps) {
  const cookieOptions = sessionCookieOptions(publicUrl);
  const router = newRouter();

  router.openapi(signup, async (c) => {
    const body = c.req.valid('json');
    await limit('signup', c);
    const account = { email: body.email, name: body.name, accountType: body.accountType, passwordHash: await hashPassword(body.password) };
    const user = body.invitation ? await joinByInvitation(body.invitation, account) : await createUser(database.db, account);
    const { token } = await sessions.create(user.id);
    setCookie(c, SESSION_COOKIE, token, cookieOptions);
    return c.json({ user, token }, 201);
  });

  router.openapi(login, async (c) => {
    const { email, password } = c.req.valid('json');
    // Hard limits per address and per (email, address) pair: someone guessing from elsewhere can't
    // lock the owner out. Guessing one email from many addresses is only slowed down.
    const ip = clientIp(c);
    const pair = `email-ip:${email}|${ip}`;
    // The attempt counts as a failure before the password is checked (a burst can't all pass one
    // check before any is recorded); a success takes it back.
    const reserved = await loginLimiter.reserve([pair, `ip:${ip}`]);
    if ('retryAfterSeconds' in reserved) {
      const wait = reserved.retryAfterSeconds;
      throw rateLimited(`Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`, wait);
    }
    if ((await loginLimiter.retryAfterSeconds([`email:${email}`])) > 0) await new Promise((r) => setTimeout(r, SLOWDOWN_MS));
    const found = await findUserByEmail(database.db, email);
    const ok = found ? await verifyPassword(found.passwordHash, password) : await verifyAgainstDecoy(password);
    if (!found || !ok) {
      await loginLimiter.recordFailure([`email:${email}`]);
      throw new ApiError(401, 'invalid_credentials', 'That email and password do not match an account.');
    }
    await loginLimiter.release(reserved.ticket);
    await loginLimiter.reset(pair);
    const { token } = await sessions.create(found.id);
    setCookie(c, SESSION_COOKIE, token, cookieOptions);
    const { passwordHash: _, ...user } = found;
    return c.json({ user, token }, 200);
  });

  router.openapi(logout, async (c) => {
    requireUser(c);
    const { session } = c.get('auth');
    if (session) {
      await sessions.invalidate(session.id);
      await onSessionsEnded({ sessionId: session.id });
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  router.openapi(logoutAll, async (c) => {
    const user = requireUser(c);
    await sessions.invalidateAll(user.id);
    await onSessionsEnded({ userId: user.id });
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  router.openapi(me, (c) => c.json({ user: requireUser(c) }, 200));

  return router;
}
