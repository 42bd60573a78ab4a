import { revokePortfolioItem, type StintDatabase } from '@stint/db';
import { conflict } from '@stint/domain';
import type { Tell } from '../notifications/telling.ts';

/**
 * Revoking a portfolio item, as authorized: its revocation and the student's notification in one
 * transaction (or neither), then the student is told. The transaction re-checks that it was not
 * revoked meanwhile, so of two racing revocations one wins. Answers when it was revoked.
 */
export async function revokePortfolioItemCommand(
  deps: { database: StintDatabase; tell: Tell },
  input: { item: { id: string; projectId: string; studentId: string }; actorId: string; reason: string },
): Promise<string> {
  const { item } = input;
  const telling = deps.tell();
  const at = await deps.database.db.transaction().execute(async (trx) => {
    const revokedAt = await revokePortfolioItem(trx, item.id, { by: input.actorId, reason: input.reason });
    if (!revokedAt) throw conflict('already_revoked', 'This portfolio item was already revoked.');
    await telling.notify(trx, {
      kind: 'credential_revoked',
      projectId: item.projectId,
      actorId: input.actorId,
      named: [item.studentId],
      message: input.reason,
      link: `/projects/${item.projectId}`,
    });
    return revokedAt;
  });
  telling.done();
  return at;
}
