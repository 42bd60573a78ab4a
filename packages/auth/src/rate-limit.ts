/**
 * Where failed attempts are kept. `@stint/db` keeps them in the database, so every server
 * process counts the same failures and a restart forgets none.
 */
export interface FailureLog {
  /** The times of `key`'s failures after `since`, newest first, at most `limit` of them. */
  recent(key: string, since: number, limit: number): Promise<number[]>;
  /** Records a failure at `at` under each key; failures at or before `forgetBefore` may go. */
  record(keys: readonly string[], at: number, forgetBefore: number): Promise<void>;
  /**
   * In one atomic step, on every process: when each key has fewer than `limit` entries after
   * `since`, records one at `at` under each and answers a ticket that can take them back;
   * otherwise records nothing and answers, for the fullest key, the time of its `limit`-th most
   * recent entry. Entries at or before `forgetBefore` may go.
   */
  reserve(keys: readonly string[], at: number, since: number, limit: number, forgetBefore: number): Promise<{ ticket: string } | { fullSince: number }>;
  /** Takes back what a reservation recorded (an attempt that turned out not to count). */
  release(ticket: string): Promise<void>;
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
  /**
   * Counts an attempt under every key before it is made — so a burst of parallel attempts can't
   * all pass one check before any is recorded — or answers how long to wait (nothing counted).
   * `release` takes the count back for an attempt that turned out not to count (a success).
   */
  reserve(keys: readonly string[]): Promise<{ ticket: string } | { retryAfterSeconds: number }>;
  release(ticket: string): Promise<void>;
  reset(key: string): Promise<void>;
}

/** A sliding-window count of recent failures per key (an email, an IP). */
export function createAttemptLimiter(log: FailureLog, options: AttemptLimiterOptions = {}): AttemptLimiter {
  const limit = options.limit ?? 10;
  const windowMs = options.windowMs ?? 15 * 60 * 1000;
  const clock = options.clock ?? Date.now;
  // Allowed again once the limit-th most recent failure leaves the window.
  const secondsUntilFree = (fullSince: number, now: number) => Math.max(1, Math.ceil((fullSince + windowMs - now) / 1000));

  return {
    async retryAfterSeconds(keys) {
      const now = clock();
      const waits = await Promise.all(
        keys.map(async (key) => {
          const times = await log.recent(key, now - windowMs, limit);
          return times.length >= limit ? secondsUntilFree(times[limit - 1]!, now) : 0;
        }),
      );
      return Math.max(0, ...waits);
    },
    async recordFailure(keys) {
      const now = clock();
      await log.record(keys, now, now - windowMs);
    },
    async reserve(keys) {
      const now = clock();
      const reserved = await log.reserve(keys, now, now - windowMs, limit, now - windowMs);
      return 'ticket' in reserved ? reserved : { retryAfterSeconds: secondsUntilFree(reserved.fullSince, now) };
    },
    release: (ticket) => log.release(ticket),
    async reset(key) {
      await log.clear(key);
    },
  };
}
