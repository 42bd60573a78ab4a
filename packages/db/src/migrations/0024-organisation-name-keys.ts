import { organisationNameKey } from '@stint/domain';
import type { Kysely } from 'kysely';

/** What each organisation's name reads as (the domain's key), so a look-alike copy is found by an index. */
export function organisationNameKeys() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('organisations').addColumn('name_key', 'text').execute();
      const typed = db as unknown as Kysely<{ organisations: { user_id: string; name: string; name_key: string | null } }>;
      for (const row of await typed.selectFrom('organisations').select(['user_id', 'name']).execute())
        await typed
          .updateTable('organisations')
          .set({ name_key: organisationNameKey(row.name) })
          .where('user_id', '=', row.user_id)
          .execute();
      await db.schema.createIndex('organisations_name_key').on('organisations').column('name_key').execute();
    },
  };
}
