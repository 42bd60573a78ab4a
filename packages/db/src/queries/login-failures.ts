import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import type { Database } from '../schema.ts';
import { takeTurns } from './turns.ts';

/** Failed sign-ins shaped as `@stint/auth`'s FailureLog: one limit for every process. */
export const createLoginFailureLog = (db: Kysely<Database>, dialect: Dialect) => keyedTimeLog(db, dialect, 'login_failures');

/** Rate-limited actions, the same way: one count for every process. */
export const createRateEventLog = (db: Kysely<Database>, dialect: Dialect) => keyedTimeLog(db, dialect, 'rate_events');

function keyedTimeLog(db: Kysely<Database>, dialect: Dialect, table: 'login_failures' | 'rate_events') {
  return {
    async recent(key: string, since: number, limit: number): Promise<number[]> {
      const rows = await db.selectFrom(table).select('at').where('key', '=', key).where('at', '>', since).orderBy('at', 'desc').limit(limit).execute();
      return rows.map((r) => Number(r.at));
    },

    async record(keys: readonly string[], at: number, forgetBefore: number): Promise<void> {
      if (keys.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto(table)
          .values(keys.map((key) => ({ key, at })))
          .execute();
        // Old failures matter to no one: the table holds one window's worth, whatever the traffic.
        await trx.deleteFrom(table).where('at', '<=', forgetBefore).execute();
      });
    },

    /**
     * Count and record in one transaction. On Postgres each key's lock makes concurrent
     * reservations of one key (from any process) take turns; SQLite's transactions are
     * serialized already (one connection).
     */
    async reserve(
      keys: readonly string[],
      at: number,
      since: number,
      limit: number,
      forgetBefore: number,
    ): Promise<{ ticket: string } | { fullSince: number }> {
      return db.transaction().execute(async (trx) => {
        for (const key of [...new Set(keys)].sort()) await takeTurns(trx, dialect, `${table}:${key}`);
        let fullSince: number | null = null;
        for (const key of keys) {
          const rows = await trx.selectFrom(table).select('at').where('key', '=', key).where('at', '>', since).orderBy('at', 'desc').limit(limit).execute();
          if (rows.length >= limit) fullSince = Math.max(fullSince ?? 0, Number(rows[limit - 1]!.at));
        }
        if (fullSince !== null) return { fullSince };
        const ticket = randomBytes(12).toString('base64url');
        await trx
          .insertInto(table)
          .values(keys.map((key) => ({ key, at, ticket })))
          .execute();
        await trx.deleteFrom(table).where('at', '<=', forgetBefore).execute();
        return { ticket };
      });
    },

    async release(ticket: string): Promise<void> {
      await db.deleteFrom(table).where('ticket', '=', ticket).execute();
    },

    async clear(key: string): Promise<void> {
      await db.deleteFrom(table).where('key', '=', key).execute();
    },
  };
}
