import { conflict } from '@stint/domain';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import { isUniqueViolation } from '../unique-violation.ts';

export interface PortfolioItem {
  id: string;
  projectId: string;
  studentId: string;
  credential: unknown;
  hidden: boolean;
  createdAt: string;
}

function toItem(row: { id: string; project_id: string; student_id: string; credential: string; hidden: number; created_at: number }): PortfolioItem {
  return {
    id: row.id,
    projectId: row.project_id,
    studentId: row.student_id,
    credential: JSON.parse(row.credential) as unknown,
    hidden: Number(row.hidden) === 1,
    createdAt: new Date(Number(row.created_at)).toISOString(),
  };
}

export async function insertPortfolioItem(
  db: Kysely<Database> | Transaction<Database>,
  item: { id: string; projectId: string; studentId: string; credential: unknown },
  now = Date.now(),
): Promise<void> {
  try {
    await db
      .insertInto('portfolio_items')
      .values({ id: item.id, project_id: item.projectId, student_id: item.studentId, credential: JSON.stringify(item.credential), hidden: 0, created_at: now })
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
export async function setHandle(db: Kysely<Database>, userId: string, handle: string): Promise<void> {
  try {
    await db.updateTable('users').set({ handle }).where('id', '=', userId).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('handle_taken', `The handle “${handle}” is taken; choose another.`);
    throw error;
  }
}

/** A student's portfolio items, newest first; with `publishedOnly`, the ones they have not hidden. */
export async function listStudentItems(db: Kysely<Database>, studentId: string, options: { publishedOnly: boolean }): Promise<PortfolioItem[]> {
  let query = db.selectFrom('portfolio_items').selectAll().where('student_id', '=', studentId);
  if (options.publishedOnly) query = query.where('hidden', '=', 0);
  return (await query.orderBy('created_at', 'desc').orderBy('id').execute()).map(toItem);
}
