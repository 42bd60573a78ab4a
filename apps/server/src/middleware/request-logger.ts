import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { AppEnv } from '../http/env.ts';

/**
 * A child logger per request carrying its id, and one line per finished request — at debug for
 * health checks (a load balancer asks every few seconds) and websocket upgrades (one per socket:
 * a busy server opens thousands), at info for the rest.
 */
export function requestLogger(logger: Logger): MiddlewareHandler<AppEnv> {
  return async function logRequest(c, next) {
    const started = performance.now();
    const log = logger.child({ reqId: c.get('requestId') });
    c.set('log', log);
    await next();
    const quiet = c.req.path.startsWith('/api/health/') || c.req.header('upgrade')?.toLowerCase() === 'websocket';
    log[quiet ? 'debug' : 'info']({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  };
}
