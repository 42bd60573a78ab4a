import { type Kysely, sql } from 'kysely';

/**
 * What each person signed up as (student, employer, mentor). Accounts from before are given the
 * type their projects show: whoever employs a project is an employer, whoever only mentors is a
 * mentor, everyone else a student.
 */
export function accountTypes() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('users')
        .addColumn('account_type', 'text', (c) => c.notNull().defaultTo('student'))
        .execute();
      const holding = (role: string) => sql`id in (select user_id from project_members where role = ${role})`;
      await sql`update users set account_type = 'mentor' where ${holding('mentor')}`.execute(db);
      await sql`update users set account_type = 'employer' where ${holding('employer')}`.execute(db);
    },
  };
}
