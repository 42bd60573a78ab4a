import type { Kysely } from 'kysely';

/**
 * Bytes an upload under way holds against its project's quota: reserved before the first byte is
 * read, turned into the file when it is stored, dropped when it fails (or, after a crash, once
 * it is an hour old).
 */
export function fileReservations() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('file_reservations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('file_reservations_project').on('file_reservations').column('project_id').execute();
    },
  };
}
