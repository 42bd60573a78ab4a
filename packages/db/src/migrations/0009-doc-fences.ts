import type { Kysely } from 'kysely';

/**
 * Per document and Yjs client id, the first clock the server refused (a write without the
 * right): nothing of that client from there on may ever be stored, whenever it is sent again.
 */
export function docFences() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('doc_fences')
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('client_id', 'bigint', (c) => c.notNull())
        .addColumn('from_clock', 'bigint', (c) => c.notNull())
        // Whose copy it was: only that person's later offers of those structs are refused (a
        // different person holding the same ids could only be a client id collision).
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('doc_fences_pk', ['project_id', 'kind', 'client_id', 'user_id'])
        .execute();
    },
  };
}
