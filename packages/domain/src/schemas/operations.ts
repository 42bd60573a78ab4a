import { z } from 'zod';

/** What the health endpoints answer: `checks` names each dependency and says `ok` or why not. */
export const HealthResponse = z.object({
  status: z.enum(['ok', 'unavailable', 'draining']),
  checks: z.record(z.string(), z.string()).optional(),
});
