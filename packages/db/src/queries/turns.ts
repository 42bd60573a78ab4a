import { sql, type Transaction } from 'kysely';
import type { Dialect } from '../dialect.ts';
import type { Database } from '../schema.ts';

/**
 * Makes transactions about the same `key` take turns until this one ends, on every process, so
 * a check and the write it allows are one step. Postgres: a transaction-scoped advisory lock.
 * SQLite needs none: its transactions are serialized already (one connection).
 */
export async function takeTurns(trx: Transaction<Database>, dialect: Dialect, key: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}
