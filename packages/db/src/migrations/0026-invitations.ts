import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Invitations by email for people without an account: the link's secret is kept only as its
 * SHA-256 (hex). The outbox's `user_id` becomes optional: an invitation is written to an address
 * no account owns yet.
 */
export function invitations(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('invitations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('invited_by', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('accepted_at', 'bigint')
        .addColumn('accepted_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema.createIndex('invitations_by_project').on('invitations').columns(['project_id', 'created_at']).execute();

      if (dialect === 'postgres') {
        await sql`alter table outbox alter column user_id drop not null`.execute(db);
        return;
      }
      // SQLite changes a column's constraints only by rebuilding its table.
      await sql`create table outbox_next (
        id text primary key,
        user_id text references users(id) on delete cascade,
        to_address text not null,
        subject text not null,
        text_body text not null,
        html_body text not null,
        unsubscribe_url text,
        status text not null,
        attempts integer not null default 0,
        next_attempt_at bigint not null,
        lease_until bigint,
        last_error text,
        created_at bigint not null,
        sent_at bigint
      )`.execute(db);
      await sql`insert into outbox_next select id, user_id, to_address, subject, text_body, html_body, unsubscribe_url, status, attempts, next_attempt_at, lease_until, last_error, created_at, sent_at from outbox`.execute(
        db,
      );
      await sql`drop table outbox`.execute(db);
      await sql`alter table outbox_next rename to outbox`.execute(db);
      await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
    },
  };
}
