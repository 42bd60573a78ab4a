import { bearerToken, isSameOriginRequest, SESSION_COOKIE, type Sessions, sessionCookieOptions } from '@stint/auth';
import { unauthenticated } from '@stint/domain';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { ownOrigins } from '../http/own-origins.ts';

export interface AuthenticateOptions {
  sessions: Sessions;
  publicUrl?: string;
}

/**
 * Works out who is calling — a bearer token first, else the session cookie — and holds any
 * unsafe request from a browser (it carries our cookie or says where it came from) to our origin.
 */
export function authenticate({ sessions, publicUrl }: AuthenticateOptions): MiddlewareHandler<AppEnv> {
  const cookieOptions = sessionCookieOptions(publicUrl);
  const publicOrigin = publicUrl ? new URL(publicUrl).origin : undefined;

  return async function resolveCaller(c, next) {
    const bearer = bearerToken(c.req.header('authorization'));
    const cookie = bearer ? undefined : getCookie(c, SESSION_COOKIE);
    const secFetchSite = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const fromBrowser = cookie !== undefined || secFetchSite !== undefined || origin !== undefined;
    if (!bearer && fromBrowser) {
      if (!isSameOriginRequest({ method: c.req.method, secFetchSite, origin }, ownOrigins(c.req.url, publicOrigin))) {
        throw new ApiError(403, 'cross_origin_request', 'This request must come from a Stint page.');
      }
    }

    const token = bearer ?? cookie;
    const valid = token ? await sessions.validate(token) : null;
    if (cookie !== undefined && !valid) deleteCookie(c, SESSION_COOKIE, { path: '/' });
    if (cookie !== undefined && valid?.refreshed) setCookie(c, SESSION_COOKIE, cookie, cookieOptions);
    c.set('auth', {
      user: valid?.user ?? null,
      session: valid?.session ?? null,
      via: valid ? (bearer ? 'bearer' : 'cookie') : null,
    });
    await next();
  };
}

export function requireUser(c: Context<AppEnv>) {
  const { user } = c.get('auth');
  if (!user) throw unauthenticated('Sign in first: send the session cookie or an Authorization: Bearer token.');
  return user;
}
