import type { PlannedReminder } from '@stint/domain';
import { sql } from 'kysely';
import type { Dialect } from '../dialect.ts';
import type { Executor } from './events.ts';

export async function listCheckinDates(db: Executor, projectId: string): Promise<string[]> {
  const rows = await db.selectFrom('checkin_dates').select('due_date').where('project_id', '=', projectId).orderBy('due_date').execute();
  return rows.map((r) => r.due_date);
}

/** Replaces the project's check-in due dates (call it with the event that records the change). */
export async function setCheckinDates(trx: Executor, projectId: string, dates: readonly string[]): Promise<void> {
  await trx.deleteFrom('checkin_dates').where('project_id', '=', projectId).execute();
  if (dates.length > 0)
    await trx
      .insertInto('checkin_dates')
      .values([...new Set(dates)].map((d) => ({ project_id: projectId, due_date: d })))
      .execute();
}

/**
 * Makes the project's scheduled reminders what `planned` says: the ones no longer planned (a
 * date moved, the project ended) are dropped unless they already fired; new ones are added.
 */
export async function syncReminders(trx: Executor, projectId: string, planned: readonly PlannedReminder[]): Promise<void> {
  const key = (r: { kind: string; date: string }) => `${r.kind} ${r.date}`;
  const wanted = new Set(planned.map(key));
  const existing = await trx.selectFrom('reminders').select(['kind', 'date', 'fired_at']).where('project_id', '=', projectId).execute();
  const have = new Set(existing.map(key));
  for (const r of existing) {
    if (r.fired_at === null && !wanted.has(key(r)))
      await trx.deleteFrom('reminders').where('project_id', '=', projectId).where('kind', '=', r.kind).where('date', '=', r.date).execute();
  }
  const missing = planned.filter((p) => !have.has(key(p)));
  if (missing.length > 0)
    await trx
      .insertInto('reminders')
      .values(missing.map((p) => ({ project_id: projectId, kind: p.kind, date: p.date, fire_at: p.fireAt, fired_at: null })))
      .execute();
}

export interface DueReminder {
  projectId: string;
  kind: PlannedReminder['kind'];
  date: string;
}

/**
 * In the caller's transaction: the next reminder due by `now`, marked fired. On Postgres the row
 * is taken FOR UPDATE SKIP LOCKED, so two processes never fire the same one; the notification
 * written in the same transaction makes "fired" and "told" one fact.
 */
export async function takeDueReminder(trx: Executor, dialect: Dialect, now: number): Promise<DueReminder | null> {
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
  const picked = await sql<{ project_id: string; kind: string; date: string }>`
    select project_id, kind, date from reminders
    where fired_at is null and fire_at <= ${now}
    order by fire_at
    limit 1
    ${lock}`.execute(trx);
  const row = picked.rows[0];
  if (!row) return null;
  await trx
    .updateTable('reminders')
    .set({ fired_at: now })
    .where('project_id', '=', row.project_id)
    .where('kind', '=', row.kind)
    .where('date', '=', row.date)
    .execute();
  return { projectId: row.project_id, kind: row.kind as DueReminder['kind'], date: row.date };
}
