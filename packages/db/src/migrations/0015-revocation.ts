import type { Kysely } from 'kysely';

/**
 * Revocation. Each item issued from now on owns one bit of a Bitstring Status List (`status_list`,
 * `status_index`: unique together; null for items issued before, which carry no status entry);
 * revoking sets the bit and records when, by whom and why — the public page shows the reason.
 */
export function revocation() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      for (const [name, type] of [
        ['status_list', 'integer'],
        ['status_index', 'integer'],
        ['revoked_at', 'bigint'],
        ['revoked_by', 'text'],
        ['revoked_reason', 'text'],
      ] as const) {
        await db.schema.alterTable('portfolio_items').addColumn(name, type).execute();
      }
      await db.schema.createIndex('portfolio_items_status').unique().on('portfolio_items').columns(['status_list', 'status_index']).execute();
    },
  };
}
