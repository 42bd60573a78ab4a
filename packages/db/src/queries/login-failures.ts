import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Failed sign-ins shaped as `@stint/auth`'s FailureLog: one limit for every process. */
export function createLoginFailureLog(db: Kysely<Database>) {
  return {
    async recent(key: string, since: number, limit: number): Promise<number[]> {
      const rows = await db.selectFrom('login_failures').select('at').where('key', '=', key).where('at', '>', since).orderBy('at', 'desc').limit(limit).execute();
      return rows.map((r) => Number(r.at));
    },

    async record(keys: readonly string[], at: number, forgetBefore: number): Promise<void> {
      if (keys.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('login_failures').values(keys.map((key) => ({ key, at }))).execute();
        // Old failures matter to no one: the table holds one window's worth, whatever the traffic.
        await trx.deleteFrom('login_failures').where('at', '<=', forgetBefore).execute();
      });
    },

    async clear(key: string): Promise<void> {
      await db.deleteFrom('login_failures').where('key', '=', key).execute();
    },
  };
}
