import type { Kysely } from 'kysely';

/** The agreed fee of each project with a student: fixed at acceptance, due at completion, recorded paid. */
export function payments() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('payments')
        .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('agreed_at', 'bigint', (c) => c.notNull())
        .addColumn('due_at', 'bigint')
        .addColumn('paid_at', 'bigint')
        .addColumn('paid_by', 'text', (c) => c.references('users.id'))
        .addColumn('paid_role', 'text')
        .addColumn('reference', 'text')
        .execute();
    },
  };
}
