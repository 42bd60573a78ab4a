import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';

/**
 * A body that is not JSON is refused by name instead of being read as "no fields". `except`:
 * requests whose bodies others define (a mail client's one-click unsubscribe is a form post; an
 * upload is the file).
 */
export function jsonBodyOnly(except: (c: Context<AppEnv>) => boolean = () => false): MiddlewareHandler<AppEnv> {
  return async function requireJson(c, next) {
    if (except(c)) return next();
    const hasBody = (c.req.header('content-length') ?? '0') !== '0' || c.req.header('transfer-encoding') !== undefined;
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (hasBody && type !== 'application/json') {
      throw new ApiError(415, 'unsupported_media_type', 'Send the request body as JSON with Content-Type: application/json.');
    }
    await next();
  };
}
