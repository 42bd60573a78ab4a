import { conflict, type InvitableRole, type Member } from '@stint/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { appendEvent, type OnEvent } from './events.ts';

export interface NewMember {
  projectId: string;
  actorId: string;
  user: { id: string; name: string };
  role: InvitableRole;
  onEvent?: OnEvent;
}

/** The membership row and its `invite` event, in the caller's transaction. */
export async function insertMember(trx: Kysely<Database>, input: NewMember, now: number): Promise<void> {
  await trx.insertInto('project_members').values({ project_id: input.projectId, user_id: input.user.id, role: input.role, created_at: now }).execute();
  await appendEvent(trx, {
    projectId: input.projectId,
    actorId: input.actorId,
    action: 'invite',
    payload: { userId: input.user.id, role: input.role },
    now,
    onEvent: input.onEvent,
  });
}

export async function addMember(db: Kysely<Database>, input: NewMember, now = Date.now()): Promise<Member> {
  try {
    await db.transaction().execute((trx) => insertMember(trx, input, now));
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('already_member', `${input.user.name} is already a member of this project.`);
    throw error;
  }
  return { userId: input.user.id, name: input.user.name, role: input.role };
}
