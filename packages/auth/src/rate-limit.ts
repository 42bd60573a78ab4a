/**
 * Where failed attempts are kept. `@stint/db` keeps them in the database, so every server
 * process counts the same failures and a restart forgets none.
 */
export interface FailureLog {
  /** The times of `key`'s failures after `since`, newest first, at most `limit` of them. */
  recent(key: string, since: number, limit: number): Promise<number[]>;
  /** Records a failure at `at` under each key; failures at or before `forgetBefore` may go. */
  record(keys: readonly string[], at: number, forgetBefore: number): Promise<void>;
  clear(key: string): Promise<void>;
}

export interface AttemptLimiterOptions {
  /** Failures allowed inside the window; the next attempt is refused. */
  limit?: number;
  windowMs?: number;
  clock?: () => number;
}

export interface AttemptLimiter {
  /** Seconds until an attempt is allowed again for all `keys`, or 0 when allowed now. */
  retryAfterSeconds(keys: readonly string[]): Promise<number>;
  recordFailure(keys: readonly string[]): Promise<void>;
  reset(key: string): Promise<void>;
}

/** A sliding-window count of recent failures per key (an email, an IP). */
export function createAttemptLimiter(log: FailureLog, options: AttemptLimiterOptions = {}): AttemptLimiter {
  const limit = options.limit ?? 10;
  const windowMs = options.windowMs ?? 15 * 60 * 1000;
  const clock = options.clock ?? Date.now;

  return {
    async retryAfterSeconds(keys) {
      const now = clock();
      const waits = await Promise.all(
        keys.map(async (key) => {
          const times = await log.recent(key, now - windowMs, limit);
          // Allowed again once the limit-th most recent failure leaves the window.
          return times.length >= limit ? Math.ceil((times[limit - 1]! + windowMs - now) / 1000) : 0;
        }),
      );
      return Math.max(0, ...waits);
    },
    async recordFailure(keys) {
      const now = clock();
      await log.record(keys, now, now - windowMs);
    },
    async reset(key) {
      await log.clear(key);
    },
  };
}
