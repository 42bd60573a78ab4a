import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';

/**
 * A body that is not JSON is refused by name instead of being read as "no fields". `except`:
 * paths whose bodies others define (a mail client's one-click unsubscribe is a form post).
 */
export function jsonBodyOnly(except: readonly string[] = []): MiddlewareHandler<AppEnv> {
  return async function requireJson(c, next) {
    if (except.includes(c.req.path)) return next();
    const hasBody = (c.req.header('content-length') ?? '0') !== '0' || c.req.header('transfer-encoding') !== undefined;
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (hasBody && type !== 'application/json') {
      throw new ApiError(415, 'unsupported_media_type', 'Send the request body as JSON with Content-Type: application/json.');
    }
    await next();
  };
}
