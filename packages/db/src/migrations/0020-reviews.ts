import type { Kysely } from 'kysely';

/**
 * The student's side of the two-way review: one row per person reviewed (the employer, each
 * mentor). The employer's side is the completion rating, in the project's events.
 */
export function reviews() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('reviews')
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('subject_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('subject_role', 'text', (c) => c.notNull())
        .addColumn('clarity', 'integer')
        .addColumn('responsiveness', 'integer')
        .addColumn('would_work_again', 'integer')
        .addColumn('helpfulness', 'integer')
        .addColumn('comment', 'text', (c) => c.notNull())
        .addColumn('given_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('reviews_pk', ['project_id', 'author_id', 'subject_id'])
        .execute();
      // An employer's profile averages what students said of them.
      await db.schema.createIndex('reviews_subject').on('reviews').columns(['subject_id', 'subject_role']).execute();
    },
  };
}
