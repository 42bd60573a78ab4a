import type { Kysely } from 'kysely';

/**
 * Which user first sent content under each Yjs client id of a document. Survives compaction,
 * so the final text can be traced to its authors as the server saw them, not as clients claim.
 */
export function docAuthors() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('doc_authors')
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('client_id', 'bigint', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
        .addPrimaryKeyConstraint('doc_authors_pk', ['project_id', 'kind', 'client_id'])
        .execute();
    },
  };
}
