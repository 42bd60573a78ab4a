import type { Kysely } from 'kysely';

/** What a person says about themselves to employers: a few sentences, skills and links (JSON arrays); one per account, optional. */
export function profiles() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('profiles')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('about', 'text', (c) => c.notNull())
        .addColumn('skills', 'text', (c) => c.notNull())
        .addColumn('links', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
