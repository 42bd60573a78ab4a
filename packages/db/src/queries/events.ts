import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

export interface ProjectEvent {
  id: number;
  actorId: string;
  action: string;
  from: string | null;
  to: string | null;
  payload: unknown;
  createdAt: string;
}

/** A connection or a transaction: what queries run on. */
export type Executor = Kysely<Database>;

export interface AppendedEvent {
  id: number;
  projectId: string;
  actorId: string;
  action: string;
  payload: unknown;
  now: number;
}

/**
 * Runs in the event's transaction, right after the event is written: for what must exist exactly
 * when the event does (the notifications and emails it causes). Throwing rolls the event back.
 */
export type OnEvent = (trx: Executor, event: AppendedEvent) => Promise<void>;

export async function appendEvent(
  trx: Kysely<Database> | Transaction<Database>,
  event: { projectId: string; actorId: string; action: string; from?: string; to?: string; payload?: unknown; now: number; onEvent?: OnEvent },
): Promise<void> {
  const row = await trx
    .insertInto('project_events')
    .values({
      project_id: event.projectId,
      actor_id: event.actorId,
      action: event.action,
      from_status: event.from ?? null,
      to_status: event.to ?? null,
      payload: event.payload === undefined ? null : JSON.stringify(event.payload),
      created_at: event.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await event.onEvent?.(trx, {
    id: Number(row.id),
    projectId: event.projectId,
    actorId: event.actorId,
    action: event.action,
    payload: event.payload ?? null,
    now: event.now,
  });
}

type EventRow = {
  id: number | bigint | string;
  actor_id: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  payload: string | null;
  created_at: number | bigint | string;
};

function toEvent(r: EventRow): ProjectEvent {
  return {
    id: Number(r.id),
    actorId: r.actor_id,
    action: r.action,
    from: r.from_status,
    to: r.to_status,
    payload: r.payload === null ? null : (JSON.parse(r.payload) as unknown),
    createdAt: new Date(Number(r.created_at)).toISOString(),
  };
}

export async function listEvents(db: Kysely<Database>, projectId: string): Promise<ProjectEvent[]> {
  const rows = await db.selectFrom('project_events').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
  return rows.map(toEvent);
}

export interface ActivityRow extends ProjectEvent {
  actorName: string | null;
}

/** A page of a project's events, newest first, older than event `before` when given. */
export async function listActivity(db: Kysely<Database>, projectId: string, options: { before?: number; limit: number }): Promise<ActivityRow[]> {
  let query = db
    .selectFrom('project_events')
    .leftJoin('users', 'users.id', 'project_events.actor_id')
    .select([
      'project_events.id as id',
      'project_events.actor_id as actor_id',
      'users.name as actor_name',
      'project_events.action as action',
      'project_events.from_status as from_status',
      'project_events.to_status as to_status',
      'project_events.payload as payload',
      'project_events.created_at as created_at',
    ])
    .where('project_events.project_id', '=', projectId);
  if (options.before !== undefined) query = query.where('project_events.id', '<', options.before);
  const rows = await query.orderBy('project_events.id', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({ ...toEvent(r), actorName: r.actor_name }));
}

/** The newest event of one action on a project (its time and raw payload), or undefined. */
export async function lastEventOf(db: Executor | Transaction<Database>, projectId: string, action: string) {
  return db
    .selectFrom('project_events')
    .select(['created_at', 'payload'])
    .where('project_id', '=', projectId)
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
