import { describe, expect, it } from 'vitest';
import { createDatabase } from './create-database.ts';
import type { SqliteHandle } from './sqlite-handle.ts';

describe('the SQLite handle the document writes use', () => {
  it('takes better-sqlite3 by shape, and refuses an async transaction function at compile time', async () => {
    const database = createDatabase({ dialect: 'sqlite', file: ':memory:' });
    const handle: SqliteHandle = database.sqlite!;
    const add = handle.transaction((n: number) => n + 1);
    expect(add(1)).toBe(2);
    // @ts-expect-error an async function would commit at its first await, its rest outside the transaction
    handle.transaction(async (n: number) => n + 1);
    await database.close();
  });
});
