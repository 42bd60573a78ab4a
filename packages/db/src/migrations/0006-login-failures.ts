import type { Kysely } from 'kysely';

/**
 * Failed sign-in attempts by key (an email, an IP), kept in the database so that every server
 * process enforces one limit, and a restart doesn't reset it.
 */
export function loginFailures() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('login_failures')
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_failures_key_at').on('login_failures').columns(['key', 'at']).execute();
      await db.schema.createIndex('login_failures_at').on('login_failures').column('at').execute();
    },
  };
}
