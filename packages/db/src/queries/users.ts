import { ACCOUNT_TYPES, type AccountType, conflict, DEFAULT_ACCOUNT_TYPE, type User } from '@stint/domain';
import type { Kysely } from 'kysely';
import { newId } from '../ids.ts';
import type { Database } from '../schema.ts';
import { isUniqueViolation } from '../unique-violation.ts';

export interface UserWithPassword extends User {
  passwordHash: string;
}

export async function createUser(
  db: Kysely<Database>,
  input: { email: string; name: string; passwordHash: string; accountType?: AccountType },
  now = Date.now(),
): Promise<User> {
  const id = newId();
  const accountType = input.accountType ?? DEFAULT_ACCOUNT_TYPE;
  try {
    await db
      .insertInto('users')
      .values({ id, email: input.email, name: input.name, password_hash: input.passwordHash, account_type: accountType, created_at: now })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('email_taken', 'An account with that email already exists.');
    throw error;
  }
  return { id, email: input.email, name: input.name, accountType };
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserWithPassword | undefined> {
  const row = await db.selectFrom('users').select(['id', 'email', 'name', 'account_type', 'password_hash']).where('email', '=', email).executeTakeFirst();
  return row && { id: row.id, email: row.email, name: row.name, accountType: asAccountType(row.account_type), passwordHash: row.password_hash };
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

/** A stored account type; a value this code does not know reads as the default, never a crash. */
export function asAccountType(stored: string): AccountType {
  return stored in ACCOUNT_TYPES ? (stored as AccountType) : DEFAULT_ACCOUNT_TYPE;
}
