import type { Kysely } from 'kysely';

/**
 * The inbox (one row per person told), each person's choice per kind, and the outbox: emails
 * written in the same transaction as the event that causes them, sent later by a worker.
 */
export function notifications() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('notifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('cascade'))
        .addColumn('actor_id', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('message', 'text')
        .addColumn('link', 'text', (c) => c.notNull())
        // 'digest' rows wait for the person's daily email; digested_at says it took them.
        .addColumn('delivery', 'text', (c) => c.notNull())
        .addColumn('digested_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('read_at', 'bigint')
        .execute();
      await db.schema.createIndex('notifications_by_user').on('notifications').columns(['user_id', 'created_at']).execute();
      await db.schema.createIndex('notifications_digest').on('notifications').columns(['delivery', 'digested_at']).execute();

      await db.schema
        .createTable('notification_prefs')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('notification_prefs_pk', ['user_id', 'kind'])
        .execute();

      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('text_body', 'text', (c) => c.notNull())
        .addColumn('html_body', 'text', (c) => c.notNull())
        .addColumn('unsubscribe_url', 'text')
        // pending → sent, or failed once retries are spent or the server refused for good.
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        // A worker that claimed the row holds it until then; past it, another may take it over.
        .addColumn('lease_until', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .execute();
      await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
    },
  };
}
