import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** Named versions of documents: at each hand-off, and whenever a writer saves one. */
export function versions(dialect: Dialect) {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('doc_versions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('state', sql.raw(blob), (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('doc_versions_doc').on('doc_versions').columns(['project_id', 'kind', 'created_at']).execute();
    },
  };
}
