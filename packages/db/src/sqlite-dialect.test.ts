import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDatabase } from './create-database.ts';

describe('SQLite errors inside a transaction', () => {
  it('a full database reports "database or disk is full", not the failed rollback after SQLite gave up the transaction', async () => {
    const database = createDatabase({ dialect: 'sqlite', file: ':memory:' });
    await sql`create table filler (data blob)`.execute(database.db);
    // No room to grow: the next pages SQLite needs are refused, as on a full disk.
    const pages = Number(database.sqlite!.pragma('page_count', { simple: true }));
    database.sqlite!.pragma(`max_page_count = ${pages}`);
    const big = new Uint8Array(256 * 1024);
    const attempt = database.db.transaction().execute(async (trx) => {
      await sql`insert into filler (data) values (${big})`.execute(trx);
    });
    await expect(attempt).rejects.toThrow(/database or disk is full/);
    expect(database.sqlite!.inTransaction).toBe(false);
    // The connection is usable again.
    database.sqlite!.pragma('max_page_count = 1073741823');
    await database.db.transaction().execute(async (trx) => {
      await sql`insert into filler (data) values (${big})`.execute(trx);
    });
    await database.close();
  });
});
