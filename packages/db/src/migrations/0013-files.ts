import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Uploaded files. Bytes live content-addressed in `blobs` (one row per SHA-256) as fixed-size
 * `blob_chunks`, so an upload is written as it streams in and a download or a range is read a
 * chunk at a time; while an upload streams, its chunks sit under a staging key and become the
 * blob's only once the whole body is in and hashed. `files` are what people uploaded into a
 * project's document: a name and a type over a blob (the same bytes twice are stored once).
 */
export function files(dialect: Dialect) {
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('blobs')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('blob_chunks')
        .addColumn('blob_key', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('data', sql.raw(bytes), (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('blob_chunks_pk', ['blob_key', 'seq'])
        .execute();
      await db.schema
        .createTable('files')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('doc', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('files_project').on('files').columns(['project_id', 'created_at']).execute();
      await db.schema.createIndex('files_sha256').on('files').column('sha256').execute();
    },
  };
}
