import { followPayment, followStepAway, type TransitionInput } from '@stint/db';
import type { Action, Status } from '@stint/domain';

/**
 * What follows a project's move, in its transaction, by the domain's rules: the fee (agreed at
 * acceptance, due at completion: `paymentAfterMove`) and, when the student steps away, what
 * `STEP_AWAY` says. Every command that moves a project passes this to the move.
 */
export function followMove(move: { projectId: string; actorId: string; action: Action; from: Status; to: Status }, now: number): TransitionInput['follow'] {
  return async (trx) => {
    await followPayment(trx, move.projectId, move.from, move.to, now);
    if (move.action === 'step_away') await followStepAway(trx, move.projectId, move.actorId, now);
  };
}
