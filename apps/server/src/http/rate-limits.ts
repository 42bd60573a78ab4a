import { type AttemptLimiter, createAttemptLimiter, type FailureLog } from '@stint/auth';
import { RATE_LIMITS, type RateRule, type RateRuleName, rateLimited } from '@stint/domain';
import type { Context } from 'hono';
import type { AppEnv } from './env.ts';

export interface RateLimits {
  /**
   * Counts one `rule` action by this user and address, or throws 429 (with Retry-After) when
   * either is over its limit; a refused action is not counted. Check and count are one atomic
   * step per scope, on every process.
   */
  hit(rule: RateRuleName, who: { userId?: string; ip: string }): Promise<void>;
}

/** The domain's rate rules (with an operator's overrides) over one shared, persistent log. */
export function createRateLimits(log: FailureLog, overrides: Record<string, RateRule> = {}, clock?: () => number): RateLimits {
  const limiters = new Map<string, AttemptLimiter>();
  const limiterFor = (rule: RateRuleName, scope: 'perUser' | 'perIp'): AttemptLimiter | null => {
    const window = overrides[rule]?.[scope] ?? (RATE_LIMITS[rule] as RateRule)[scope];
    if (!window) return null;
    const name = `${rule}.${scope}`;
    let limiter = limiters.get(name);
    if (!limiter) limiters.set(name, (limiter = createAttemptLimiter(log, { limit: window.limit, windowMs: window.windowMs, clock })));
    return limiter;
  };

  return {
    async hit(rule, who) {
      const checks: Array<[AttemptLimiter, string]> = [];
      const byIp = limiterFor(rule, 'perIp');
      if (byIp) checks.push([byIp, `${rule}:ip:${who.ip}`]);
      const byUser = who.userId ? limiterFor(rule, 'perUser') : null;
      if (byUser) checks.push([byUser, `${rule}:user:${who.userId}`]);
      // Each scope counts the action in one atomic step before it is done; when one scope is full,
      // what the others counted is taken back.
      const taken: Array<[AttemptLimiter, string]> = [];
      for (const [limiter, key] of checks) {
        const reserved = await limiter.reserve([key]);
        if ('ticket' in reserved) {
          taken.push([limiter, reserved.ticket]);
          continue;
        }
        await Promise.all(taken.map(([l, ticket]) => l.release(ticket)));
        const wait = reserved.retryAfterSeconds;
        throw rateLimited(`You are doing that too often. Try again in ${wait < 90 ? `${wait} seconds` : `${Math.ceil(wait / 60)} minutes`}.`, wait);
      }
    },
  };
}

/** A route's way to count an action by whoever is calling (user and address from the request). */
export type Limit = (rule: RateRuleName, c: Context<AppEnv>) => Promise<void>;
