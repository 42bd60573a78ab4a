import type { DocServer } from '@stint/collab';
import { findPayment, findProject, insertVersions, listApplications, listMembers, moveProject, recordPayment, type StintDatabase } from '@stint/db';
import { type Action, decideTransition, type LiveTopic, type Project, type Role, VERSIONED_KINDS } from '@stint/domain';
import type { LiveState } from '../live/live-state.ts';
import type { Tell } from '../notifications/telling.ts';
import { type PaymentProvider, RECORD_ONLY } from '../payments/provider.ts';
import type { Renderer } from '../renderer.ts';
import type { OnPeopleChanged } from '../routes/change-deps.ts';
import { followMove } from './follow-move.ts';

/** Hand-offs leave a version of every document both sides can go back to. */
const HANDOFF_LABELS: Partial<Record<Action, string>> = {
  submit: 'Submitted',
  request_changes: 'Changes requested',
  complete: 'Completed',
  step_away: 'When the student stepped away',
};
/** Moves that change more than the status: the open pages of what else they change follow. */
const ALSO_CHANGES: Partial<Record<Action, readonly LiveTopic[]>> = { step_away: ['members', 'applications', 'plan'] };
/** Moves that change applications: every applicant's own pages follow (the student's is withdrawn, those their acceptance declined wait again). */
const MOVES_APPLICATIONS: ReadonlySet<Action> = new Set(['step_away']);

export interface TransitionDeps {
  database: StintDatabase;
  docServer: DocServer;
  renderer: Renderer;
  live: LiveState;
  /** Each person's own pages (their applications). */
  people: OnPeopleChanged;
  tell: Tell;
  /** When moves happen (the fee falls due then): the server's clock, which tests move. */
  clock?: () => number;
  /** Asked to settle a fee when it falls due; recording only unless another adapter is given. */
  payments?: PaymentProvider;
}

export interface TransitionInput {
  project: Project;
  role: Role | null;
  actorId: string;
  action: Action;
  payload?: unknown;
}

/**
 * Moves a project along the lifecycle table with everything that belongs to the move, all or
 * nothing: the status and its event, and at a hand-off a version of every document, in one
 * transaction. For a hand-off the project's document sockets are held first, so the versions
 * hold every update anyone was told was saved and none slips in between; once the move is
 * committed every socket is re-authorized (rights follow the status), and only then are the
 * held frames handled — refused now where the right is gone. The answer follows all of it.
 */
export async function transitionProject(deps: TransitionDeps, input: TransitionInput): Promise<Project> {
  const { project, action } = input;
  const to = decideTransition(project.status, action, input.role);
  const label = HANDOFF_LABELS[action];
  const prefix = `${project.id}/`;
  const hold = label ? await deps.docServer.hold(prefix) : null;
  try {
    const snapshots = label ? await Promise.all(VERSIONED_KINDS.map((kind) => deps.renderer.snapshot(project.id, kind))) : [];
    const telling = deps.tell();
    const now = (deps.clock ?? Date.now)();
    await deps.database.db.transaction().execute(async (trx) => {
      const move = { projectId: project.id, actorId: input.actorId, action, from: project.status, to };
      await moveProject(trx, { ...move, payload: input.payload, now, onEvent: telling.onEvent, follow: followMove(move, now) });
      if (label) {
        await insertVersions(
          trx,
          VERSIONED_KINDS.map((kind, i) => ({ projectId: project.id, kind, label, reason: action, ...snapshots[i]!, authorId: input.actorId })),
        );
      }
    });
    // Re-authorizes every socket (the status changed) before the held frames are handled.
    await deps.live.changed(project.id, [
      ...(label ? (['status', 'activity', 'versions'] as const) : (['status', 'activity'] as const)),
      ...(ALSO_CHANGES[action] ?? []),
    ]);
    if (MOVES_APPLICATIONS.has(action))
      deps.people(
        (await listApplications(deps.database.db, project.id)).map((a) => a.applicant.id),
        ['applications'],
      );
    telling.done();
  } finally {
    hold?.release();
  }
  if (to === 'completed') await settleFee(deps, project.id, input.actorId);
  const moved = await findProject(deps.database.db, project.id);
  if (!moved) throw new Error(`Project ${project.id} vanished during a transition`);
  return moved;
}

/** A fee just fell due: the provider may pay it; if it did, it is recorded paid with its reference. */
async function settleFee(deps: TransitionDeps, projectId: string, employerId: string): Promise<void> {
  const payment = await findPayment(deps.database.db, projectId);
  if (payment?.state !== 'due') return;
  const student = (await listMembers(deps.database.db, projectId)).find((m) => m.role === 'student');
  if (!student) return;
  const settled = await (deps.payments ?? RECORD_ONLY).settle({ ...payment, payeeId: student.userId });
  if (!settled) return;
  const telling = deps.tell();
  const now = deps.clock?.() ?? Date.now();
  await recordPayment(deps.database.db, { projectId, actorId: employerId, role: 'employer', reference: settled.reference, onEvent: telling.onEvent }, now);
  await deps.live.changed(projectId, ['activity']);
  telling.done();
}
