import type { InvitableRole } from '@stint/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { OnEvent } from './events.ts';
import { insertMember } from './members.ts';

type Db = Kysely<Database>;

/** An invitation as stored; where it stands is the domain's `invitationStatus`. */
export interface StoredInvitation {
  id: string;
  projectId: string;
  email: string;
  role: InvitableRole;
  invitedById: string;
  invitedBy: string;
  secretHash: string;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
  revokedAt: number | null;
}

const columns = [
  'invitations.id',
  'invitations.project_id',
  'invitations.email',
  'invitations.role',
  'invitations.invited_by',
  'users.name as inviter_name',
  'invitations.secret_hash',
  'invitations.created_at',
  'invitations.expires_at',
  'invitations.accepted_at',
  'invitations.revoked_at',
] as const;

function selectInvitations(db: Db) {
  return db.selectFrom('invitations').innerJoin('users', 'users.id', 'invitations.invited_by').select(columns);
}

type Row = Awaited<ReturnType<ReturnType<typeof selectInvitations>['executeTakeFirstOrThrow']>>;
const toInvitation = (r: Row): StoredInvitation => ({
  id: r.id,
  projectId: r.project_id,
  email: r.email,
  role: r.role as InvitableRole,
  invitedById: r.invited_by,
  invitedBy: r.inviter_name,
  secretHash: r.secret_hash,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  acceptedAt: r.accepted_at === null ? null : Number(r.accepted_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
});

/**
 * A new invitation and its email (written by `email`), in one transaction; an open invitation to the same address
 * for the same project is withdrawn by it (sending again replaces the link, it doesn't add one).
 */
export async function createInvitation(db: Db, invitation: StoredInvitation, email: (trx: Db) => Promise<void>): Promise<void> {
  const now = invitation.createdAt;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('invitations')
      .set({ revoked_at: now })
      .where('project_id', '=', invitation.projectId)
      .where('email', '=', invitation.email)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
    await trx
      .insertInto('invitations')
      .values({
        id: invitation.id,
        project_id: invitation.projectId,
        email: invitation.email,
        role: invitation.role,
        invited_by: invitation.invitedById,
        secret_hash: invitation.secretHash,
        created_at: now,
        expires_at: invitation.expiresAt,
        accepted_at: null,
        accepted_by: null,
        revoked_at: null,
      })
      .execute();
    await email(trx);
  });
}

export async function findInvitation(db: Db, id: string): Promise<StoredInvitation | undefined> {
  const row = await selectInvitations(db).where('invitations.id', '=', id).executeTakeFirst();
  return row && toInvitation(row);
}

/** A project's invitations not used and not withdrawn (open or expired), newest first. */
export async function listOpenInvitations(db: Db, projectId: string): Promise<StoredInvitation[]> {
  const rows = await selectInvitations(db)
    .where('invitations.project_id', '=', projectId)
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .orderBy('invitations.created_at', 'desc')
    .execute();
  return rows.map(toInvitation);
}

/** Withdraws an invitation not yet used; false when there is no such open invitation. */
export async function revokeInvitation(db: Db, projectId: string, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Uses an invitation, in the caller's transaction: only if it is still open (not used, not
 * withdrawn, not past its date) at this instant, so of two racing uses one wins. Then the person
 * becomes a member with its role, with the event the inviter's adding would have written.
 */
export async function useInvitation(
  trx: Db,
  input: { invitation: StoredInvitation; user: { id: string; name: string }; onEvent?: OnEvent },
  now: number,
): Promise<boolean> {
  const { invitation, user } = input;
  const result = await trx
    .updateTable('invitations')
    .set({ accepted_at: now, accepted_by: user.id })
    .where('id', '=', invitation.id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await insertMember(trx, { projectId: invitation.projectId, actorId: invitation.invitedById, user, role: invitation.role, onEvent: input.onEvent }, now);
  return true;
}
