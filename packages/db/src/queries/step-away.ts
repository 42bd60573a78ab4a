import { STEP_AWAY } from '@stint/domain';
import type { Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import { lastEventOf } from './events.ts';

/**
 * In the step-away move's transaction: what the domain's STEP_AWAY says follows. The student
 * leaves the project (their sockets lose it when the move is re-authorized), their application is
 * withdrawn, the applicants their acceptance declined are pending again, and the plan is made
 * ready for the next student.
 */
export async function followStepAway(trx: Transaction<Database>, projectId: string, studentId: string, now: number): Promise<void> {
  await trx.deleteFrom('project_members').where('project_id', '=', projectId).where('user_id', '=', studentId).where('role', '=', 'student').execute();
  await trx
    .updateTable('applications')
    .set({ status: STEP_AWAY.studentApplication, decided_at: now })
    .where('project_id', '=', projectId)
    .where('applicant_id', '=', studentId)
    .where('status', '=', 'accepted')
    .execute();
  const accepted = await lastEventOf(trx, projectId, 'accept');
  const declined = (JSON.parse(accepted?.payload ?? '{}') as { declined?: string[] }).declined ?? [];
  if (declined.length > 0) {
    await trx
      .updateTable('applications')
      .set({ status: STEP_AWAY.declinedByAcceptance, decided_at: null, decision_message: null })
      .where('project_id', '=', projectId)
      .where('applicant_id', 'in', declined)
      .where('status', '=', 'declined')
      .execute();
  }
  for (const { from, to } of STEP_AWAY.milestones) {
    if (to === 'removed') await trx.deleteFrom('milestones').where('project_id', '=', projectId).where('state', '=', from).execute();
    else await trx.updateTable('milestones').set({ state: to }).where('project_id', '=', projectId).where('state', '=', from).execute();
  }
  await trx
    .updateTable('milestone_extensions')
    .set({ state: STEP_AWAY.pendingExtensions, decided_at: now, decision_note: 'The student stepped away.' })
    .where('state', '=', 'pending')
    .where('milestone_id', 'in', trx.selectFrom('milestones').select('id').where('project_id', '=', projectId))
    .execute();
}
