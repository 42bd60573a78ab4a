import { createRoute } from '@hono/zod-openapi';
import type { Bus } from '@stint/collab';
import { pingDatabase, type StintDatabase } from '@stint/db';
import { HealthResponse } from '@stint/domain';
import { jsonResponse } from '../http/openapi-helpers.ts';
import { newRouter } from '../http/router.ts';

/** Set when the process has been told to stop: ready answers 503 so a load balancer moves on. */
export interface Lifecycle {
  draining: boolean;
}

/** How long one check may take before it counts as failed: a load balancer asks every few seconds. */
const CHECK_TIMEOUT_MS = 2000;

async function check(what: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([what(), timeout]);
    return 'ok';
  } catch (error) {
    return `failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `live`: the process answers (restart it if not). `ready`: it can serve — the database answers a
 * query and, when configured, Redis a PING — and it is not draining; 503 says which check failed.
 */
export function healthRoutes(deps: { database: StintDatabase; bus?: Bus; lifecycle: Lifecycle }) {
  const router = newRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/health/live',
      tags: ['operations'],
      summary: 'The process answers',
      responses: { 200: jsonResponse(HealthResponse, 'Alive.') },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/health/ready',
      tags: ['operations'],
      summary: 'The process can serve: its database (and Redis, when configured) answer, and it is not shutting down',
      responses: { 200: jsonResponse(HealthResponse, 'Ready.'), 503: jsonResponse(HealthResponse, 'Not ready: which check failed, or draining.') },
    }),
    async (c) => {
      const checks: Record<string, string> = { database: await check(() => pingDatabase(deps.database.db)) };
      if (deps.bus?.ping) checks.redis = await check(() => deps.bus!.ping!());
      if (deps.lifecycle.draining) return c.json({ status: 'draining' as const, checks }, 503);
      const ok = Object.values(checks).every((v) => v === 'ok');
      return ok ? c.json({ status: 'ok' as const, checks }, 200) : c.json({ status: 'unavailable' as const, checks }, 503);
    },
  );
  return router;
}
