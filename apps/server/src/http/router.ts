import { OpenAPIHono } from '@hono/zod-openapi';
import { invalidInput } from '@stint/domain';
import type { AppEnv } from './env.ts';

/** Every router validates with the same hook, so a bad body always reads the same way. */
export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidInput(result.error);
    },
  });
}
