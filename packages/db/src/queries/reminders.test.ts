import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StintDatabase } from '../create-database.ts';
import { type OpenedTestDatabase, seedProject, testDatabaseTargets } from '../testing/index.ts';
import { type DueReminder, syncReminders, takeDueReminder } from './reminders.ts';

const targets = await testDatabaseTargets();

for (const target of targets) {
  describe.skipIf(target.skipReason !== null)(`reminders on ${target.dialect}`, () => {
    let opened: OpenedTestDatabase;
    let store: StintDatabase;
    beforeAll(async () => {
      opened = await target.open();
      store = opened.database;
    });
    afterAll(() => opened?.drop());

    it('two workers taking due reminders at once fire each exactly once', async () => {
      const { projectId } = await seedProject(store, 'Due things');
      const dates = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06'];
      await syncReminders(
        store.db,
        projectId,
        dates.map((date, i) => ({ kind: 'checkin_due' as const, date, fireAt: 1000 + i })),
      );
      const taken: DueReminder[] = [];
      // Each worker holds its transaction open a moment after taking one, as a worker does while it writes the notification.
      const worker = async () => {
        for (;;) {
          const got = await store.db.transaction().execute(async (trx) => {
            const due = await takeDueReminder(trx, store.dialect, 10_000);
            if (due) await new Promise((r) => setTimeout(r, 30));
            return due;
          });
          if (!got) return;
          taken.push(got);
        }
      };
      await Promise.all([worker(), worker(), worker()]);
      expect(taken.map((t) => t.date).sort()).toEqual(dates);
    });
  });
}
