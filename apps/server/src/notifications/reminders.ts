import type { DocServer } from '@stint/collab';
import { listCheckinDates, type StintDatabase, takeDueReminder } from '@stint/db';
import { checkinPosted } from '@stint/domain';
import { checkinEntryDates } from '@stint/editor';
import type { Tell } from './telling.ts';

export interface Reminders {
  /** Fires every reminder due by now, each once (across processes); resolves when done. */
  runOnce(): Promise<number>;
}

/** Where on the project page a reminder points. */
const REMINDER_ANCHORS: Partial<Record<string, string>> = { payment_overdue: '#payment', review_revealed: '#outcome' };

/** Thrown to roll a reminder's transaction back: it is fired on a later pass. */
class NotReady extends Error {}

/**
 * Fires due reminders: each is taken and its notification written in one transaction, so a
 * reminder is told exactly once whatever crashes or restarts. A check-in reminder is skipped
 * (fired, telling no one) when the check-in it is about was posted in time.
 */
export function createReminders(deps: { database: StintDatabase; docServer: DocServer; tell: Tell; clock?: () => number }): Reminders {
  const { database } = deps;
  const clock = deps.clock ?? Date.now;

  /** What the check-ins of projects with check-in reminders due say, read before any transaction holds the database. */
  async function checkinsDue(now: number): Promise<Map<string, { dates: string[]; entries: string[] }>> {
    const rows = await database.db
      .selectFrom('reminders')
      .select('project_id')
      .distinct()
      .where('fired_at', 'is', null)
      .where('fire_at', '<=', now)
      .where('kind', 'in', ['checkin_due', 'checkin_overdue'])
      .execute();
    const known = new Map<string, { dates: string[]; entries: string[] }>();
    for (const { project_id: projectId } of rows) {
      const [dates, entries] = await Promise.all([listCheckinDates(database.db, projectId), deps.docServer.read(`${projectId}/checkins`, checkinEntryDates)]);
      known.set(projectId, { dates, entries });
    }
    return known;
  }

  return {
    async runOnce() {
      const now = clock();
      const checkins = await checkinsDue(now);
      const telling = deps.tell();
      let fired = 0;
      for (;;) {
        try {
          const took = await database.db.transaction().execute(async (trx) => {
            const due = await takeDueReminder(trx, database.dialect, now);
            if (!due) return false;
            const at = `/projects/${due.projectId}`;
            if (due.kind === 'checkin_due' || due.kind === 'checkin_overdue') {
              const known = checkins.get(due.projectId);
              if (!known) throw new NotReady();
              if (checkinPosted(due.date, known.dates, known.entries)) return true;
              await telling.notify(trx, { kind: due.kind, projectId: due.projectId, actorId: null, date: due.date, link: `${at}/checkins` });
            } else {
              const link = `${at}${REMINDER_ANCHORS[due.kind] ?? ''}`;
              await telling.notify(trx, { kind: due.kind, projectId: due.projectId, actorId: null, date: due.date, link });
            }
            return true;
          });
          if (!took) break;
          fired += 1;
        } catch (error) {
          if (error instanceof NotReady) break;
          throw error;
        }
      }
      telling.done();
      return fired;
    },
  };
}
