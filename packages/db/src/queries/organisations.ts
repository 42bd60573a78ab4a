import { conflict, organisationNameKey } from '@stint/domain';
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import type { Database } from '../schema.ts';
import { takeTurns } from './turns.ts';

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
/**
 * Sets an employer's organisation, unless another employer's already reads the same (the
 * domain's name key: a look-alike copy), in one transaction; on Postgres a lock per key makes
 * two parallel claims take turns.
 */
export async function setOrganisation(db: Kysely<Database>, dialect: Dialect, userId: string, org: Organisation, now = Date.now()): Promise<void> {
  const nameKey = organisationNameKey(org.name);
  await db.transaction().execute(async (trx) => {
    await takeTurns(trx, dialect, `organisations:${nameKey}`);
    const other = await trx.selectFrom('organisations').select('name').where('name_key', '=', nameKey).where('user_id', '!=', userId).executeTakeFirst();
    if (other)
      throw conflict('organisation_name_taken', `“${other.name}” is already on Stint, and “${org.name}” reads the same; use your organisation's own name.`);
    await trx
      .insertInto('organisations')
      .values({ user_id: userId, ...org, name_key: nameKey, updated_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...org, name_key: nameKey, updated_at: now }))
      .execute();
  });
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
