import type { Kysely } from 'kysely';

/** What the employer wrote when declining an application, for the applicant to read. */
export function applicationMessages() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('applications').addColumn('decision_message', 'text').execute();
    },
  };
}
