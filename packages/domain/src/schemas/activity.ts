import { z } from 'zod';
import type { Role } from '../roles.ts';

export const ActivityEvent = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The event's action: create, publish, apply, invite, accept, submit, request_changes, complete, archive, cancel. */
  kind: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
  /** What the employer wrote when requesting changes. */
  message: z.string().optional(),
});
export type ActivityEvent = z.infer<typeof ActivityEvent>;

export const ActivityResponse = z.object({
  events: z.array(ActivityEvent),
  /** The cursor for the next (older) page: pass it as `before`; null at the beginning. */
  next: z.string().nullable(),
});

export const ActivityQuery = z.strictObject({
  before: z.string().regex(/^\d+$/, 'before is a cursor from a previous answer.').transform(Number).optional(),
  limit: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1).max(100)).optional(),
});

/** Applications are the employer's business: other members' timelines leave them out. */
const EMPLOYER_ONLY = new Set(['apply', 'decline', 'withdraw']);
export function activityVisibleTo(kind: string, role: Role): boolean {
  return !EMPLOYER_ONLY.has(kind) || role === 'employer';
}
