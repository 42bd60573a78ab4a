import type { Kysely } from 'kysely';

/**
 * Check-in due dates per project, and the reminders the server keeps scheduled from them and the
 * project's due date: one row per (project, kind, date), fired once.
 */
export function reminders() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('checkin_dates')
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('checkin_dates_pk', ['project_id', 'due_date'])
        .execute();
      await db.schema
        .createTable('reminders')
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('fire_at', 'bigint', (c) => c.notNull())
        .addColumn('fired_at', 'bigint')
        .addPrimaryKeyConstraint('reminders_pk', ['project_id', 'kind', 'date'])
        .execute();
      await db.schema.createIndex('reminders_due').on('reminders').columns(['fired_at', 'fire_at']).execute();
    },
  };
}
