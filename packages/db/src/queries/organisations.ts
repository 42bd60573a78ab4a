import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface Organisation {
  name: string;
  about: string;
  website: string | null;
}

export async function findOrganisation(db: Kysely<Database>, userId: string): Promise<Organisation | null> {
  const row = await db.selectFrom('organisations').select(['name', 'about', 'website']).where('user_id', '=', userId).executeTakeFirst();
  return row ?? null;
}

/** Sets (or replaces) an employer's organisation. */
export async function setOrganisation(db: Kysely<Database>, userId: string, org: Organisation, now = Date.now()): Promise<void> {
  await db
    .insertInto('organisations')
    .values({ user_id: userId, ...org, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...org, updated_at: now }))
    .execute();
}

/** An employer account with its organisation (null if they gave none); undefined for anyone else. */
export async function findEmployer(db: Kysely<Database>, userId: string): Promise<{ id: string; name: string; organisation: Organisation | null } | undefined> {
  const row = await db
    .selectFrom('users')
    .leftJoin('organisations', 'organisations.user_id', 'users.id')
    .select(['users.id as id', 'users.name as name', 'organisations.name as org_name', 'organisations.about as about', 'organisations.website as website'])
    .where('users.id', '=', userId)
    .where('users.account_type', '=', 'employer')
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, name: row.name, organisation: row.org_name === null ? null : { name: row.org_name, about: row.about ?? '', website: row.website } };
}
