import type { Profile } from '@stint/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

type Db = Kysely<Database>;

export const EMPTY_PROFILE: Profile = { about: '', skills: [], links: [] };

/** A stored JSON list of strings; anything else reads as empty, never a crash. */
function strings(stored: string): string[] {
  try {
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** Each person's profile with their public portfolio's handle (null until chosen), by user id; an empty profile for who wrote none. */
export async function profilesOf(db: Db, userIds: readonly string[]): Promise<Map<string, Profile & { handle: string | null }>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .leftJoin('profiles', 'profiles.user_id', 'users.id')
    .select(['users.id', 'users.handle', 'profiles.about', 'profiles.skills', 'profiles.links'])
    .where('users.id', 'in', [...new Set(userIds)])
    .execute();
  return new Map(
    rows.map((r) => [r.id, { about: r.about ?? '', skills: r.skills ? strings(r.skills) : [], links: r.links ? strings(r.links) : [], handle: r.handle }]),
  );
}

export async function findProfile(db: Db, userId: string): Promise<Profile> {
  const found = (await profilesOf(db, [userId])).get(userId);
  return found ? { about: found.about, skills: found.skills, links: found.links } : EMPTY_PROFILE;
}

export async function saveProfile(db: Db, userId: string, profile: Profile, now: number): Promise<void> {
  const values = { about: profile.about, skills: JSON.stringify(profile.skills), links: JSON.stringify(profile.links), updated_at: now };
  await db
    .insertInto('profiles')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}
