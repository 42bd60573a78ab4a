import { collectOrphanFiles, type StintDatabase } from '@stint/db';
import { FILE_LIMITS } from '@stint/domain';
import type { Logger } from 'pino';

/**
 * The orphan collector as a periodic job (it rides the outbox worker's passes): at most once an
 * hour, uploads no document, version or portfolio item names after a day are deleted, with
 * their blobs if nothing else uses them. Safe on several processes at once: each delete checks
 * again inside its own statement.
 */
export function orphanCollector(deps: { database: StintDatabase; logger: Logger; clock?: () => number; everyMs?: number }) {
  const clock = deps.clock ?? Date.now;
  const every = deps.everyMs ?? 3600_000;
  let last = Number.NEGATIVE_INFINITY;
  return {
    async runOnce(force = false): Promise<void> {
      const now = clock();
      if (!force && now - last < every) return;
      last = now;
      const collected = await collectOrphanFiles(deps.database.db, now - FILE_LIMITS.orphanAfterMs);
      if (collected.files + collected.blobs + collected.staged > 0) deps.logger.info(collected, 'collected unused uploads');
    },
  };
}
