import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../create-database.ts';

describe('0021-retire-live-documents', () => {
  it("drops what the projects' live documents stored and keeps every other document", async () => {
    const database = createDatabase({ dialect: 'sqlite', file: ':memory:' });
    try {
      await database.migrate('0020-reviews');
      const { db } = database;
      await sql`insert into users (id, email, name, password_hash, created_at) values ('u', 'u@x.test', 'u', 'x', 0)`.execute(db);
      await sql`insert into projects (id, employer_id, title, summary, estimated_hours, pay_amount, pay_currency, status, created_at, updated_at)
        values ('p', 'u', 't', 's', 1, 0, 'USD', 'open', 0, 0)`.execute(db);
      for (const kind of ['project', 'brief'])
        for (let i = 0; i < 3; i++)
          await sql`insert into doc_updates (project_id, kind, data, author_id, created_at) values ('p', ${kind}, ${new Uint8Array([i])}, null, 0)`.execute(db);
      for (const kind of ['project', 'deliverable'])
        await sql`insert into doc_snapshots (project_id, kind, state, last_update_id, updated_at) values ('p', ${kind}, ${new Uint8Array([1])}, 1, 0)`.execute(
          db,
        );
      await database.migrate();
      const kinds = async (table: string) =>
        (await sql<{ kind: string }>`select kind from ${sql.table(table)} order by kind`.execute(db)).rows.map((r) => r.kind);
      expect(await kinds('doc_updates')).toEqual(['brief', 'brief', 'brief']);
      expect(await kinds('doc_snapshots')).toEqual(['deliverable']);
    } finally {
      await database.close();
    }
  });
});
