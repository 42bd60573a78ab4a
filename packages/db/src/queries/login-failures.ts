import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Failed sign-ins shaped as `@stint/auth`'s FailureLog: one limit for every process. */
export const createLoginFailureLog = (db: Kysely<Database>) => keyedTimeLog(db, 'login_failures');

/** Rate-limited actions, the same way: one count for every process. */
export const createRateEventLog = (db: Kysely<Database>) => keyedTimeLog(db, 'rate_events');

function keyedTimeLog(db: Kysely<Database>, table: 'login_failures' | 'rate_events') {
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

    async clear(key: string): Promise<void> {
      await db.deleteFrom(table).where('key', '=', key).execute();
    },
  };
}
