import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../create-database.ts';
import { findUserByEmail } from '../queries/users.ts';

describe('0010-account-types', () => {
  it('gives people from before account types the type their projects show', async () => {
    const database = createDatabase({ dialect: 'sqlite', file: ':memory:' });
    try {
      await database.migrate('0009-doc-fences');
      const { db } = database;
      for (const name of ['boss', 'guide', 'both', 'kid'])
        await sql`insert into users (id, email, name, password_hash, created_at) values (${name}, ${`${name}@x.test`}, ${name}, 'x', 0)`.execute(db);
      for (const [id, employer] of [
        ['p', 'boss'],
        ['q', 'both'],
      ])
        await sql`insert into projects (id, employer_id, title, summary, estimated_hours, pay_amount, pay_currency, status, created_at, updated_at)
          values (${id}, ${employer}, 't', 's', 1, 0, 'USD', 'open', 0, 0)`.execute(db);
      for (const [project, user, role] of [
        ['p', 'boss', 'employer'],
        ['p', 'guide', 'mentor'],
        ['p', 'both', 'mentor'],
        ['q', 'both', 'employer'],
        ['p', 'kid', 'student'],
      ])
        await sql`insert into project_members (project_id, user_id, role, created_at) values (${project}, ${user}, ${role}, 0)`.execute(db);
      await database.migrate();
      const typeOf = async (name: string) => (await findUserByEmail(db, `${name}@x.test`))?.accountType;
      expect(await typeOf('boss')).toBe('employer');
      expect(await typeOf('guide')).toBe('mentor');
      expect(await typeOf('both')).toBe('employer');
      expect(await typeOf('kid')).toBe('student');
    } finally {
      await database.close();
    }
  });
});
