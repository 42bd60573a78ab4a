import type { User } from '@stint/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { asAccountType } from './users.ts';

export interface StoredSession {
  id: string;
  userId: string;
  secretHash: Uint8Array;
  createdAt: number;
  lastVerifiedAt: number;
}

export async function insertSession(db: Kysely<Database>, session: StoredSession): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      secret_hash: session.secretHash,
      created_at: session.createdAt,
      last_verified_at: session.lastVerifiedAt,
    })
    .execute();
}

export async function findSessionWithUser(db: Kysely<Database>, id: string): Promise<{ session: StoredSession; user: User } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as id',
      'sessions.user_id as user_id',
      'sessions.secret_hash as secret_hash',
      'sessions.created_at as created_at',
      'sessions.last_verified_at as last_verified_at',
      'users.email as email',
      'users.name as name',
      'users.account_type as account_type',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    session: {
      id: row.id,
      userId: row.user_id,
      secretHash: new Uint8Array(row.secret_hash),
      createdAt: row.created_at,
      lastVerifiedAt: row.last_verified_at,
    },
    user: { id: row.user_id, email: row.email, name: row.name, accountType: asAccountType(row.account_type) },
  };
}

export async function touchSession(db: Kysely<Database>, id: string, lastVerifiedAt: number): Promise<void> {
  await db.updateTable('sessions').set({ last_verified_at: lastVerifiedAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteSessionsVerifiedBefore(db: Kysely<Database>, cutoff: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('last_verified_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** These queries shaped as `@stint/auth`'s SessionStore, for whoever wires sessions to the database. */
export function createSessionStore(db: Kysely<Database>) {
  return {
    insert: (session: StoredSession) => insertSession(db, session),
    find: (id: string) => findSessionWithUser(db, id),
    touch: (id: string, lastVerifiedAt: number) => touchSession(db, id, lastVerifiedAt),
    delete: (id: string) => deleteSession(db, id),
    deleteAllOf: (userId: string) => deleteSessionsOfUser(db, userId),
  };
}
