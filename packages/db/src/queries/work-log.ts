import { notFound } from '@stint/domain';
import type { Kysely, Transaction } from 'kysely';
import type { Dialect } from '../dialect.ts';
import { newId } from '../ids.ts';
import type { Database } from '../schema.ts';
import { takeTurns } from './turns.ts';

export interface WorkEntry {
  id: string;
  projectId: string;
  date: string;
  minutes: number;
  description: string;
  loggedAt: string;
  by: { id: string; name: string };
}

/** A project's work log, newest day first, and its total. */
export async function listWorkLog(db: Kysely<Database>, projectId: string): Promise<{ entries: WorkEntry[]; totalMinutes: number }> {
  const rows = await db
    .selectFrom('work_log')
    .innerJoin('users', 'users.id', 'work_log.user_id')
    .selectAll('work_log')
    .select('users.name as user_name')
    .where('work_log.project_id', '=', projectId)
    .orderBy('work_log.date', 'desc')
    .orderBy('work_log.created_at', 'desc')
    .execute();
  const entries = rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    date: r.date,
    minutes: Number(r.minutes),
    description: r.description,
    loggedAt: new Date(Number(r.created_at)).toISOString(),
    by: { id: r.user_id, name: r.user_name },
  }));
  return { entries, totalMinutes: entries.reduce((n, e) => n + e.minutes, 0) };
}

/** Total minutes logged on a project (what the export and the credential carry). */
export async function workLogTotal(db: Kysely<Database>, projectId: string): Promise<number> {
  const row = await db
    .selectFrom('work_log')
    .select((eb) => eb.fn.sum<number>('minutes').as('total'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

export async function findWorkEntry(db: Kysely<Database>, projectId: string, entryId: string): Promise<WorkEntry> {
  const found = (await listWorkLog(db, projectId)).entries.find((e) => e.id === entryId);
  if (!found) throw notFound('entry_not_found', 'No such work log entry on this project.');
  return found;
}

/**
 * What a person may add to a day is the caller's rule (`fits`, given what they already logged on
 * it, over every project, not counting `except`): asked and written in one transaction, so
 * parallel requests can't each see room that only one of them may take. On Postgres a lock per
 * person and day makes them take turns; SQLite's transactions are serialized already.
 */
export interface DayRoom {
  dialect: Dialect;
  fits(logged: number): void;
}

async function loggedOnDay(trx: Transaction<Database>, dialect: Dialect, userId: string, date: string, except?: string): Promise<number> {
  await takeTurns(trx, dialect, `work_log:${userId}:${date}`);
  let query = trx
    .selectFrom('work_log')
    .select((eb) => eb.fn.sum<string | number>('minutes').as('total'))
    .where('user_id', '=', userId)
    .where('date', '=', date);
  if (except) query = query.where('id', '!=', except);
  return Number((await query.executeTakeFirst())?.total ?? 0);
}

export async function insertWorkEntry(
  db: Kysely<Database>,
  input: { projectId: string; userId: string; date: string; minutes: number; description: string },
  room: DayRoom,
  now = Date.now(),
): Promise<string> {
  const id = newId();
  await db.transaction().execute(async (trx) => {
    room.fits(await loggedOnDay(trx, room.dialect, input.userId, input.date));
    await trx
      .insertInto('work_log')
      .values({
        id,
        project_id: input.projectId,
        user_id: input.userId,
        date: input.date,
        minutes: input.minutes,
        description: input.description,
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  return id;
}

/** Changes an entry of `userId`'s; the frozen-after-48-hours rule is the domain's, checked before. */
export async function updateWorkEntry(
  db: Kysely<Database>,
  input: { projectId: string; entryId: string; userId: string; date?: string; minutes?: number; description?: string },
  /** `date`: the day the entry is on once changed. */
  room: DayRoom & { date: string },
  now = Date.now(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    room.fits(await loggedOnDay(trx, room.dialect, input.userId, room.date, input.entryId));
    await trx
      .updateTable('work_log')
      .set({
        ...(input.date !== undefined ? { date: input.date } : {}),
        ...(input.minutes !== undefined ? { minutes: input.minutes } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        updated_at: now,
      })
      .where('id', '=', input.entryId)
      .where('project_id', '=', input.projectId)
      .where('user_id', '=', input.userId)
      .execute();
  });
}

export async function deleteWorkEntry(db: Kysely<Database>, input: { projectId: string; entryId: string; userId: string }): Promise<void> {
  await db.deleteFrom('work_log').where('id', '=', input.entryId).where('project_id', '=', input.projectId).where('user_id', '=', input.userId).execute();
}
