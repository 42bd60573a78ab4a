export interface AttemptLimiterOptions {
  /** Failures allowed inside the window; the next attempt is refused. */
  limit?: number;
  windowMs?: number;
  clock?: () => number;
  /** Keys tracked at most; the stalest are forgotten first, so an attacker can't exhaust memory. */
  maxKeys?: number;
}

export interface AttemptLimiter {
  /** Seconds until an attempt is allowed again for all `keys`, or 0 when allowed now. */
  retryAfterSeconds(keys: readonly string[]): number;
  recordFailure(keys: readonly string[]): void;
  reset(key: string): void;
}

/**
 * A sliding-window count of recent failures per key (an email, an IP). Kept in memory: it
 * protects one process; several processes each enforce the limit for what they see.
 */
export function createAttemptLimiter(options: AttemptLimiterOptions = {}): AttemptLimiter {
  const limit = options.limit ?? 10;
  const windowMs = options.windowMs ?? 15 * 60 * 1000;
  const clock = options.clock ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const failures = new Map<string, number[]>();

  const recent = (key: string, now: number): number[] => {
    const times = (failures.get(key) ?? []).filter((t) => now - t < windowMs);
    if (times.length === 0) failures.delete(key);
    else failures.set(key, times);
    return times;
  };

  return {
    retryAfterSeconds(keys) {
      const now = clock();
      let wait = 0;
      for (const key of keys) {
        const times = recent(key, now);
        if (times.length >= limit) {
          const oldestThatMatters = times[times.length - limit]!;
          wait = Math.max(wait, Math.ceil((oldestThatMatters + windowMs - now) / 1000));
        }
      }
      return wait;
    },
    recordFailure(keys) {
      const now = clock();
      for (const key of keys) {
        const times = recent(key, now);
        times.push(now);
        failures.delete(key); // re-insert: Map order doubles as least-recently-failed order
        failures.set(key, times.slice(-limit));
      }
      while (failures.size > maxKeys) {
        const stalest = failures.keys().next().value;
        if (stalest === undefined) break;
        failures.delete(stalest);
      }
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
