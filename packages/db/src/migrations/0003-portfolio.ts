import type { Kysely } from 'kysely';

/** Signed portfolio items: one per completed project, issued to its student. */
export function portfolio() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('portfolio_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull().unique().references('projects.id').onDelete('cascade'))
        .addColumn('student_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('credential', 'text', (c) => c.notNull())
        .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
