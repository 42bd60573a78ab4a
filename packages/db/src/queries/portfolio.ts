import { randomInt } from 'node:crypto';
import { conflict, STATUS_LIST_FILL, STATUS_LIST_LENGTH } from '@stint/domain';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import { isUniqueViolation } from '../unique-violation.ts';

export interface PortfolioItem {
  id: string;
  projectId: string;
  studentId: string;
  credential: unknown;
  hidden: boolean;
  createdAt: string;
  /** Its bit in a status list; null for items issued before revocation existed. */
  status: { list: number; index: number } | null;
  revoked: { at: string; by: string; reason: string } | null;
}

type ItemRow = Selectable<Database['portfolio_items']>;

function toItem(row: ItemRow): PortfolioItem {
  return {
    id: row.id,
    projectId: row.project_id,
    studentId: row.student_id,
    credential: JSON.parse(row.credential) as unknown,
    hidden: Number(row.hidden) === 1,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    status: row.status_list === null || row.status_index === null ? null : { list: Number(row.status_list), index: Number(row.status_index) },
    revoked:
      row.revoked_at === null ? null : { at: new Date(Number(row.revoked_at)).toISOString(), by: row.revoked_by ?? '', reason: row.revoked_reason ?? '' },
  };
}

export async function insertPortfolioItem(
  db: Kysely<Database> | Transaction<Database>,
  item: { id: string; projectId: string; studentId: string; credential: unknown; status: { list: number; index: number } },
  now = Date.now(),
): Promise<void> {
  try {
    await db
      .insertInto('portfolio_items')
      .values({
        id: item.id,
        project_id: item.projectId,
        student_id: item.studentId,
        credential: JSON.stringify(item.credential),
        hidden: 0,
        created_at: now,
        status_list: item.status.list,
        status_index: item.status.index,
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('already_issued', 'This project already has a portfolio item.');
    throw error;
  }
}

export async function findPortfolioItem(db: Kysely<Database>, id: string): Promise<PortfolioItem | undefined> {
  const row = await db.selectFrom('portfolio_items').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toItem(row);
}

export async function findPortfolioItemByProject(db: Kysely<Database>, projectId: string): Promise<PortfolioItem | undefined> {
  const row = await db.selectFrom('portfolio_items').selectAll().where('project_id', '=', projectId).executeTakeFirst();
  return row && toItem(row);
}

export async function setPortfolioHidden(db: Kysely<Database>, id: string, hidden: boolean): Promise<void> {
  await db
    .updateTable('portfolio_items')
    .set({ hidden: hidden ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}

/** The DID a person's wallet shows, or null. */
export async function findHolderDid(db: Kysely<Database>, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('did').where('id', '=', userId).executeTakeFirst();
  return row?.did ?? null;
}

export async function setHolderDid(db: Kysely<Database>, userId: string, did: string | null): Promise<void> {
  await db.updateTable('users').set({ did }).where('id', '=', userId).execute();
}

/** A person's chosen handle, or null. */
export async function findHandle(db: Kysely<Database>, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('handle').where('id', '=', userId).executeTakeFirst();
  return row?.handle ?? null;
}

export async function findUserByHandle(db: Kysely<Database>, handle: string): Promise<{ id: string; name: string; handle: string } | undefined> {
  const row = await db.selectFrom('users').select(['id', 'name', 'handle']).where('handle', '=', handle).executeTakeFirst();
  return row?.handle ? { id: row.id, name: row.name, handle: row.handle } : undefined;
}

/** Takes `handle` for the person, or says it is someone else's (the unique index decides races). */
/**
 * Gives `userId` the handle, in one transaction: one another person gave up less than
 * `restMs` ago is refused (its links must not turn into someone else's page at once); the one
 * this person leaves starts resting; taking back one's own is fine.
 */
export async function setHandle(db: Kysely<Database>, userId: string, handle: string, input: { now: number; restMs: number }): Promise<void> {
  try {
    await db.transaction().execute(async (trx) => {
      const released = await trx.selectFrom('released_handles').select(['user_id', 'released_at']).where('handle', '=', handle).executeTakeFirst();
      if (released && released.user_id !== userId && Number(released.released_at) > input.now - input.restMs) {
        const free = new Date(Number(released.released_at) + input.restMs).toISOString().slice(0, 10);
        throw conflict('handle_resting', `The handle “${handle}” was someone else's until recently; it is free again on ${free}.`);
      }
      const current = await trx.selectFrom('users').select('handle').where('id', '=', userId).executeTakeFirst();
      await trx.deleteFrom('released_handles').where('handle', '=', handle).execute();
      if (current?.handle && current.handle !== handle) {
        await trx.deleteFrom('released_handles').where('handle', '=', current.handle).execute();
        await trx.insertInto('released_handles').values({ handle: current.handle, user_id: userId, released_at: input.now }).execute();
      }
      await trx.updateTable('users').set({ handle }).where('id', '=', userId).execute();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('handle_taken', `The handle “${handle}” is taken; choose another.`);
    throw error;
  }
}

/**
 * A student's portfolio items, newest first; with `publishedOnly`, what the public portfolio
 * shows: not hidden, not revoked (a revoked item's own page still answers, saying so).
 */
export async function listStudentItems(db: Kysely<Database>, studentId: string, options: { publishedOnly: boolean }): Promise<PortfolioItem[]> {
  let query = db.selectFrom('portfolio_items').selectAll().where('student_id', '=', studentId);
  if (options.publishedOnly) query = query.where('hidden', '=', 0).where('revoked_at', 'is', null);
  return (await query.orderBy('created_at', 'desc').orderBy('id').execute()).map(toItem);
}

/**
 * A free bit for the next item: in the newest list until half of it is used, at a random place
 * (the specification asks for it: neighbouring bits must not tell who was issued when). The
 * unique index on (list, index) is the last word if two issues pick the same bit at once.
 */
export async function freeStatusBit(db: Kysely<Database>): Promise<{ list: number; index: number }> {
  const newest = await db
    .selectFrom('portfolio_items')
    .select((eb) => [eb.fn.max('status_list').as('list')])
    .executeTakeFirst();
  const list = Number(newest?.list ?? 1) || 1;
  const used = await db.selectFrom('portfolio_items').select('status_index').where('status_list', '=', list).execute();
  if (used.length >= STATUS_LIST_FILL) return { list: list + 1, index: randomInt(STATUS_LIST_LENGTH) };
  const taken = new Set(used.map((r) => Number(r.status_index)));
  for (;;) {
    const index = randomInt(STATUS_LIST_LENGTH);
    if (!taken.has(index)) return { list, index };
  }
}

/** Records the revocation once: when (ISO), or null when it was already revoked (the first reason stands). */
export async function revokePortfolioItem(
  db: Kysely<Database> | Transaction<Database>,
  id: string,
  revocation: { by: string; reason: string },
  now = Date.now(),
): Promise<string | null> {
  const result = await db
    .updateTable('portfolio_items')
    .set({ revoked_at: now, revoked_by: revocation.by, revoked_reason: revocation.reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? new Date(now).toISOString() : null;
}

/** A status list as stored: its revoked bits, and the latest change (what a signed copy is cached by). */
export async function statusListState(db: Kysely<Database>, list: number): Promise<{ exists: boolean; revoked: number[]; changedAt: number }> {
  // The revoked rows only (a list holds up to 65,536 items; a few are ever revoked): every verifier's fetch asks.
  const revoked = await db
    .selectFrom('portfolio_items')
    .select(['status_index', 'revoked_at'])
    .where('status_list', '=', list)
    .where('revoked_at', 'is not', null)
    .execute();
  const exists =
    revoked.length > 0 || (await db.selectFrom('portfolio_items').select('id').where('status_list', '=', list).limit(1).executeTakeFirst()) !== undefined;
  return {
    exists,
    revoked: revoked.map((r) => Number(r.status_index)),
    changedAt: Math.max(0, ...revoked.map((r) => Number(r.revoked_at))),
  };
}
