import { conflict, type User } from '@stint/domain';
import type { Kysely } from 'kysely';
import { newId } from '../ids.ts';
import type { Database } from '../schema.ts';
import { isUniqueViolation } from '../unique-violation.ts';

export interface UserWithPassword extends User {
  passwordHash: string;
}

export async function createUser(db: Kysely<Database>, input: { email: string; name: string; passwordHash: string }, now = Date.now()): Promise<User> {
  const id = newId();
  try {
    await db.insertInto('users').values({ id, email: input.email, name: input.name, password_hash: input.passwordHash, created_at: now }).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('email_taken', 'An account with that email already exists.');
    throw error;
  }
  return { id, email: input.email, name: input.name };
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserWithPassword | undefined> {
  const row = await db.selectFrom('users').select(['id', 'email', 'name', 'password_hash']).where('email', '=', email).executeTakeFirst();
  return row && { id: row.id, email: row.email, name: row.name, passwordHash: row.password_hash };
}

/** Display names by user id, for those that exist. */
export async function userNames(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
