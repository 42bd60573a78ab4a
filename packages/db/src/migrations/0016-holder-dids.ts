import type { Kysely } from 'kysely';

/** The DID a student's wallet shows, named as `credentialSubject.id` in what is issued to them; optional. */
export function holderDids() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('users').addColumn('did', 'text').execute();
    },
  };
}
