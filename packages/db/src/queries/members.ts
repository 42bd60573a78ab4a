import { conflict, type InvitableRole, type Member } from '@stint/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { appendEvent, type OnEvent } from './events.ts';

export async function addMember(
  db: Kysely<Database>,
  input: { projectId: string; actorId: string; user: { id: string; name: string }; role: InvitableRole; onEvent?: OnEvent },
  now = Date.now(),
): Promise<Member> {
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('project_members').values({ project_id: input.projectId, user_id: input.user.id, role: input.role, created_at: now }).execute();
      await appendEvent(trx, {
        projectId: input.projectId,
        actorId: input.actorId,
        action: 'invite',
        payload: { userId: input.user.id, role: input.role },
        now,
        onEvent: input.onEvent,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('already_member', `${input.user.name} is already a member of this project.`);
    throw error;
  }
  return { userId: input.user.id, name: input.user.name, role: input.role };
}
