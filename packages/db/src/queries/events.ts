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

export async function appendEvent(
  trx: Kysely<Database> | Transaction<Database>,
  event: { projectId: string; actorId: string; action: string; from?: string; to?: string; payload?: unknown; now: number },
): Promise<void> {
  await trx
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
    .execute();
}

export async function listEvents(db: Kysely<Database>, projectId: string): Promise<ProjectEvent[]> {
  const rows = await db.selectFrom('project_events').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    actorId: r.actor_id,
    action: r.action,
    from: r.from_status,
    to: r.to_status,
    payload: r.payload === null ? null : (JSON.parse(r.payload) as unknown),
    createdAt: new Date(Number(r.created_at)).toISOString(),
  }));
}
