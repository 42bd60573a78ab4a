import type { Kysely } from 'kysely';

/** The handle a student's public portfolio lives under (`/u/<handle>`): chosen, unique, optional. */
export function handles() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('users').addColumn('handle', 'text').execute();
      await db.schema.createIndex('users_handle').unique().on('users').column('handle').execute();
    },
  };
}
