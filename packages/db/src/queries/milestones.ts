import { assertRoomForMilestone, conflict, type ExtensionState, type MilestoneState, notFound } from '@stint/domain';
import type { Kysely } from 'kysely';
import { newId } from '../ids.ts';
import type { Database } from '../schema.ts';
import { appendEvent, type OnEvent } from './events.ts';

export interface MilestoneExtension {
  id: string;
  fromDate: string;
  requestedDate: string;
  reason: string;
  state: ExtensionState;
  requestedAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface Milestone {
  id: string;
  projectId: string;
  title: string;
  dueDate: string;
  state: MilestoneState;
  position: number;
  submission: { note: string; at: string } | null;
  review: { accepted: boolean; note: string | null; at: string; by: { id: string; name: string } } | null;
  extensions: MilestoneExtension[];
}

const iso = (ms: number) => new Date(Number(ms)).toISOString();

/** A project's milestones in plan order (by due date, then as added), each with its extensions. */
export async function listMilestones(db: Kysely<Database>, projectId: string): Promise<Milestone[]> {
  const rows = await db
    .selectFrom('milestones')
    .leftJoin('users', 'users.id', 'milestones.reviewed_by')
    .selectAll('milestones')
    .select('users.name as reviewer_name')
    .where('milestones.project_id', '=', projectId)
    .orderBy('milestones.due_date')
    .orderBy('milestones.position')
    .execute();
  const extensions =
    rows.length === 0
      ? []
      : await db
          .selectFrom('milestone_extensions')
          .selectAll()
          .where(
            'milestone_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('requested_at')
          .execute();
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    title: r.title,
    dueDate: r.due_date,
    state: r.state,
    position: Number(r.position),
    submission: r.submitted_at === null ? null : { note: r.submitted_note ?? '', at: iso(r.submitted_at) },
    review:
      r.reviewed_at === null || r.reviewed_by === null
        ? null
        : {
            accepted: Number(r.review_accepted) === 1,
            note: r.review_note,
            at: iso(r.reviewed_at),
            by: { id: r.reviewed_by, name: r.reviewer_name ?? 'Unknown' },
          },
    extensions: extensions
      .filter((e) => e.milestone_id === r.id)
      .map((e) => ({
        id: e.id,
        fromDate: e.from_date,
        requestedDate: e.requested_date,
        reason: e.reason,
        state: e.state,
        requestedAt: iso(e.requested_at),
        decidedAt: e.decided_at === null ? null : iso(e.decided_at),
        decisionNote: e.decision_note,
      })),
  }));
}

export async function findMilestone(db: Kysely<Database>, projectId: string, milestoneId: string): Promise<Milestone> {
  const found = (await listMilestones(db, projectId)).find((m) => m.id === milestoneId);
  if (!found) throw notFound('milestone_not_found', 'No such milestone on this project.');
  return found;
}

interface Actor {
  projectId: string;
  actorId: string;
  onEvent?: OnEvent;
}

/** Adds a milestone in `state`, as the project's event `milestone_add`. */
export async function insertMilestone(
  db: Kysely<Database>,
  input: Actor & { title: string; dueDate: string; state: MilestoneState },
  now = Date.now(),
): Promise<string> {
  const id = newId();
  await db.transaction().execute(async (trx) => {
    const { n } = await trx
      .selectFrom('milestones')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_id', '=', input.projectId)
      .executeTakeFirstOrThrow();
    assertRoomForMilestone(Number(n));
    await trx
      .insertInto('milestones')
      .values({
        id,
        project_id: input.projectId,
        title: input.title,
        due_date: input.dueDate,
        state: input.state,
        position: Number(n),
        created_at: now,
        created_by: input.actorId,
        submitted_note: null,
        submitted_at: null,
        reviewed_at: null,
        reviewed_by: null,
        review_accepted: null,
        review_note: null,
      })
      .execute();
    await appendEvent(trx, {
      projectId: input.projectId,
      actorId: input.actorId,
      onEvent: input.onEvent,
      action: 'milestone_add',
      payload: { milestoneId: id, message: input.title, state: input.state },
      now,
    });
  });
  return id;
}

/**
 * Moves a milestone from `expected` to the state the domain decided, with what the move records.
 * Two people acting at once: the second finds the state changed and gets a 409, never a lost write.
 */
export async function changeMilestone(
  db: Kysely<Database>,
  input: Actor & {
    milestoneId: string;
    expected: MilestoneState;
    /** Null: remove it. */
    to: MilestoneState | null;
    action: string;
    set?: { title?: string; dueDate?: string; submittedNote?: string; review?: { accepted: boolean; note: string | null } };
    message: string;
  },
  now = Date.now(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const where = trx
      .updateTable('milestones')
      .where('id', '=', input.milestoneId)
      .where('project_id', '=', input.projectId)
      .where('state', '=', input.expected);
    let changed: bigint;
    if (input.to === null) {
      changed = (
        await trx
          .deleteFrom('milestones')
          .where('id', '=', input.milestoneId)
          .where('project_id', '=', input.projectId)
          .where('state', '=', input.expected)
          .executeTakeFirst()
      ).numDeletedRows;
    } else {
      const set = input.set ?? {};
      changed = (
        await where
          .set({
            state: input.to,
            ...(set.title !== undefined ? { title: set.title } : {}),
            ...(set.dueDate !== undefined ? { due_date: set.dueDate } : {}),
            ...(set.submittedNote !== undefined ? { submitted_note: set.submittedNote, submitted_at: now } : {}),
            ...(set.review ? { review_accepted: set.review.accepted ? 1 : 0, review_note: set.review.note, reviewed_at: now, reviewed_by: input.actorId } : {}),
          })
          .executeTakeFirst()
      ).numUpdatedRows;
    }
    if (Number(changed) !== 1) throw conflict('invalid_milestone_state', 'Someone changed this milestone meanwhile; look again.');
    await appendEvent(trx, {
      projectId: input.projectId,
      actorId: input.actorId,
      onEvent: input.onEvent,
      action: input.action,
      payload: { milestoneId: input.milestoneId, message: input.message },
      now,
    });
  });
}

/** Asks for a new due date; one pending request per milestone (the domain checked, the index makes sure). */
export async function insertExtension(
  db: Kysely<Database>,
  input: Actor & { milestoneId: string; title: string; fromDate: string; requestedDate: string; reason: string },
  now = Date.now(),
): Promise<string> {
  const id = newId();
  await db.transaction().execute(async (trx) => {
    const pending = await trx
      .selectFrom('milestone_extensions')
      .select('id')
      .where('milestone_id', '=', input.milestoneId)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (pending) throw conflict('extension_pending', 'An extension is already waiting for the employer’s answer.');
    await trx
      .insertInto('milestone_extensions')
      .values({
        id,
        milestone_id: input.milestoneId,
        from_date: input.fromDate,
        requested_date: input.requestedDate,
        reason: input.reason,
        state: 'pending',
        requested_at: now,
        requested_by: input.actorId,
        decided_at: null,
        decided_by: null,
        decision_note: null,
      })
      .execute();
    await appendEvent(trx, {
      ...input,
      action: 'extension_request',
      payload: { milestoneId: input.milestoneId, extensionId: id, message: `${input.title}: ${input.fromDate} → ${input.requestedDate}` },
      now,
    });
  });
  return id;
}

/** Grants (the milestone's due date moves) or declines a pending extension, once. */
export async function decideExtension(
  db: Kysely<Database>,
  input: Actor & { milestoneId: string; extensionId: string; grant: boolean; note: string | null; title: string },
  now = Date.now(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const extension = await trx
      .selectFrom('milestone_extensions')
      .selectAll()
      .where('id', '=', input.extensionId)
      .where('milestone_id', '=', input.milestoneId)
      .executeTakeFirst();
    if (!extension) throw notFound('extension_not_found', 'No such extension request on this milestone.');
    const decided = await trx
      .updateTable('milestone_extensions')
      .set({ state: input.grant ? 'granted' : 'declined', decided_at: now, decided_by: input.actorId, decision_note: input.note })
      .where('id', '=', input.extensionId)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (Number(decided.numUpdatedRows) !== 1) throw conflict('extension_decided', 'This request has already been answered.');
    if (input.grant) await trx.updateTable('milestones').set({ due_date: extension.requested_date }).where('id', '=', input.milestoneId).execute();
    await appendEvent(trx, {
      ...input,
      action: input.grant ? 'extension_grant' : 'extension_decline',
      payload: { milestoneId: input.milestoneId, extensionId: input.extensionId, message: `${input.title}: ${extension.requested_date}` },
      now,
    });
  });
}
