import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type StintDatabase } from '../create-database.ts';
import { seedProject } from '../testing/index.ts';
import { createDocumentStore } from './documents.ts';

let dir: string;
let database: StintDatabase;
let docName: string;
let userId: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-writer-'));
  database = createDatabase({ dialect: 'sqlite', file: join(dir, 'stint.db') });
  await database.migrate();
  const seeded = await seedProject(database);
  docName = `${seeded.projectId}/deliverable`;
  userId = seeded.ownerId;
});
afterEach(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const u = (n: number) => new Uint8Array([n, n + 1, 255]);

describe('document appends on a SQLite file, committed by the writer thread', () => {
  it('answers with rising ids once committed; the main connection reads the rows and their authors', async () => {
    const store = createDocumentStore(database.db, { sqlite: database.sqlite, writer: database.documentWriter });
    const written = store.append([
      { docName, update: u(1), authorId: userId, clients: [7] },
      { docName, update: u(2), authorId: userId },
    ]);
    expect(written).toBeInstanceOf(Promise);
    const ids = await written;
    expect(ids[1]! - ids[0]!).toBe(1);
    expect(await store.append([{ docName, update: u(3), authorId: null }])).toEqual([ids[1]! + 1]);
    const loaded = await store.load(docName);
    expect(loaded.updates.map((x) => [...x])).toEqual([
      [1, 2, 255],
      [2, 3, 255],
      [3, 4, 255],
    ]);
    expect(await store.authors(docName)).toEqual(new Map([[7, userId]]));
  });

  it('waits for a transaction on the main connection, which reads then writes undisturbed', async () => {
    const store = createDocumentStore(database.db, { sqlite: database.sqlite, writer: database.documentWriter });
    await store.append([{ docName, update: u(0), authorId: null }]); // the thread is up
    const order: string[] = [];
    let appended: Promise<unknown> = Promise.resolve();
    await database.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('doc_updates')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      // The thread is asked to commit between this transaction's read and its write: a deferred
      // transaction would fail here (its read overtaken by that commit, it could not write).
      appended = Promise.resolve(store.append([{ docName, update: u(1), authorId: null }])).then(() => order.push('appended'));
      await sleep(150);
      await sql`insert into doc_updates (project_id, kind, data, author_id, created_at) values (${docName.split('/')[0]}, 'brief', ${new Uint8Array([9])}, null, 1)`.execute(
        trx,
      );
      order.push(`transaction saw ${before.n}`);
    });
    order.push('committed');
    await appended;
    expect(order).toEqual(['transaction saw 1', 'committed', 'appended']);
    expect((await store.load(docName)).updates).toHaveLength(2);
  });

  it('a refused write rejects with the reason; the next one is stored', async () => {
    const store = createDocumentStore(database.db, { sqlite: database.sqlite, writer: database.documentWriter });
    await expect(store.append([{ docName: 'no-such-project/deliverable', update: u(1), authorId: null }])).rejects.toThrow(/FOREIGN KEY/);
    expect(await store.append([{ docName, update: u(2), authorId: null }])).toHaveLength(1);
  });

  it('closing the database waits for every write handed over', async () => {
    const store = createDocumentStore(database.db, { sqlite: database.sqlite, writer: database.documentWriter });
    const writes = Array.from({ length: 20 }, (_, i) => store.append([{ docName, update: u(i), authorId: null }]));
    await database.close();
    expect((await Promise.all(writes)).flat()).toHaveLength(20);
    database = createDatabase({ dialect: 'sqlite', file: join(dir, 'stint.db') });
    expect((await createDocumentStore(database.db).load(docName)).updates).toHaveLength(20);
  });
});
