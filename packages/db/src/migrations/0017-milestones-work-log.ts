import type { Kysely } from 'kysely';

/**
 * A project's plan and its record of work: milestones (with the student's check-in when marked
 * done and the employer's answer), the extensions asked for on them, and the student's work log.
 */
export function milestonesWorkLog() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('milestones')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('submitted_note', 'text')
        .addColumn('submitted_at', 'bigint')
        .addColumn('reviewed_at', 'bigint')
        .addColumn('reviewed_by', 'text', (c) => c.references('users.id'))
        .addColumn('review_accepted', 'integer')
        .addColumn('review_note', 'text')
        .execute();
      await db.schema.createIndex('milestones_project').on('milestones').columns(['project_id', 'position']).execute();
      await db.schema
        .createTable('milestone_extensions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('milestone_id', 'text', (c) => c.notNull().references('milestones.id').onDelete('cascade'))
        .addColumn('from_date', 'text', (c) => c.notNull())
        .addColumn('requested_date', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'bigint', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('decided_at', 'bigint')
        .addColumn('decided_by', 'text', (c) => c.references('users.id'))
        .addColumn('decision_note', 'text')
        .execute();
      await db.schema.createIndex('milestone_extensions_milestone').on('milestone_extensions').columns(['milestone_id', 'requested_at']).execute();
      await db.schema
        .createTable('work_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('minutes', 'integer', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('work_log_project').on('work_log').columns(['project_id', 'date']).execute();
    },
  };
}
