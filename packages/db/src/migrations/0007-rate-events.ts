import type { Kysely } from 'kysely';

/**
 * Counted actions by key (`<rule>:user:<id>`, `<rule>:ip:<address>`) for the rate limits, in
 * the database so that every server process enforces one limit.
 */
export function rateEvents() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('rate_events')
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rate_events_key_at').on('rate_events').columns(['key', 'at']).execute();
      await db.schema.createIndex('rate_events_at').on('rate_events').column('at').execute();
    },
  };
}
