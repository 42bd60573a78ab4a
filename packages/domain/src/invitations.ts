import type { AccountType } from './accounts.ts';
import { conflict, notFound } from './errors.ts';
import { assertCanBeInvited } from './policy.ts';
import type { InvitableRole, Role } from './roles.ts';
import type { ApplicationStatus } from './schemas/projects.ts';
import { isFinal, type Status } from './statuses.ts';

/** The account type sign-up from an invitation offers first, by the role it invites to (a viewer is often a teacher or a colleague). */
export const INVITED_ACCOUNT_TYPE: Readonly<Record<InvitableRole, AccountType>> = { mentor: 'mentor', viewer: 'mentor' };

/** How long an emailed invitation's link works. */
export const INVITATION_DAYS = 14;

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Where an invitation stands: used, taken back, past its date, or still open. */
export function invitationStatus(invitation: { acceptedAt: number | null; revokedAt: number | null; expiresAt: number }, now: number): InvitationStatus {
  if (invitation.acceptedAt !== null) return 'accepted';
  if (invitation.revokedAt !== null) return 'revoked';
  return invitation.expiresAt <= now ? 'expired' : 'pending';
}

/** Only a pending invitation lets someone in; each other state says what happened to it. */
export function assertInvitationOpen(status: InvitationStatus): void {
  if (status === 'accepted') throw conflict('invitation_used', 'This invitation has already been used. Log in to open the project.');
  if (status === 'revoked') throw notFound('invitation_revoked', 'This invitation was withdrawn by the employer.');
  if (status === 'expired')
    throw conflict('invitation_expired', `This invitation has expired (links work for ${INVITATION_DAYS} days). Ask the employer to send a new one.`);
}

/**
 * Whether a person may join a project through an invitation now: the invitation still open, the
 * project not finished, and the person neither on it already nor waiting on an application.
 */
export function assertCanJoinByInvitation(facts: {
  invitation: InvitationStatus;
  project: Status;
  person: { name: string; role: Role | null; application: ApplicationStatus | null };
}): void {
  assertInvitationOpen(facts.invitation);
  if (isFinal(facts.project)) throw conflict('invalid_transition', `This project is ${facts.project}: its invitations no longer work.`);
  assertCanBeInvited(facts.person);
}
