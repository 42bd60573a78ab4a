import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';

/** A body that is not JSON is refused by name instead of being read as "no fields". */
export function jsonBodyOnly(): MiddlewareHandler<AppEnv> {
  return async function requireJson(c, next) {
    const hasBody = (c.req.header('content-length') ?? '0') !== '0' || c.req.header('transfer-encoding') !== undefined;
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (hasBody && type !== 'application/json') {
      throw new ApiError(415, 'unsupported_media_type', 'Send the request body as JSON with Content-Type: application/json.');
    }
    await next();
  };
}
