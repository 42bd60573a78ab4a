import { linkTokenId, linkTokenMatches, newLinkToken } from '@stint/auth';
import {
  addMember,
  createInvitation,
  createUser,
  findInvitation,
  findMyApplication,
  findProject,
  findRole,
  findUserByEmail,
  listOpenInvitations,
  revokeInvitation,
  type StintDatabase,
  type StoredInvitation,
  useInvitation,
} from '@stint/db';
import {
  type AccountType,
  assertCanBeInvited,
  assertCanJoinByInvitation,
  assertInvitationOpen,
  INVITATION_DAYS,
  type InvitableRole,
  type Invitation,
  invitationStatus,
  type Member,
  notFound,
  type Project,
  type User,
} from '@stint/domain';
import type { LiveState } from '../live/live-state.ts';
import { invitationEmail } from '../notifications/emails.ts';
import type { Tell } from '../notifications/telling.ts';

export interface InvitationDeps {
  database: StintDatabase;
  live: LiveState['changed'];
  tell: Tell;
  clock: () => number;
  /** Where the link in the email points (never a request's Host). */
  origin: () => string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const unknownLink = () => notFound('invitation_not_found', 'This invitation link is not valid. Check that it was copied whole.');

export const invitationView = (i: StoredInvitation, now: number): Invitation => ({
  id: i.id,
  email: i.email,
  role: i.role,
  invitedBy: i.invitedBy,
  createdAt: new Date(i.createdAt).toISOString(),
  expiresAt: new Date(i.expiresAt).toISOString(),
  status: invitationStatus(i, now),
});

/**
 * Inviting by email, as authorized: someone with an account becomes a member at once; an address
 * without one gets an invitation — stored, emailed with a link in the same transaction — that
 * makes whoever signs up (or in) from it a member with the role it names.
 */
export async function inviteCommand(
  deps: InvitationDeps,
  input: { project: Project; inviter: { id: string; name: string }; email: string; role: InvitableRole },
): Promise<{ member: Member } | { invitation: Invitation }> {
  const { database, clock } = deps;
  const { project, email, role } = input;
  const invitee = await findUserByEmail(database.db, email);
  const telling = deps.tell();
  if (invitee) {
    const [inviteeRole, application] = await Promise.all([
      findRole(database.db, project.id, invitee.id),
      findMyApplication(database.db, project.id, invitee.id),
    ]);
    assertCanBeInvited({ name: invitee.name, role: inviteeRole, application: application?.status ?? null });
    const member = await addMember(database.db, { projectId: project.id, actorId: input.inviter.id, user: invitee, role, onEvent: telling.onEvent });
    await deps.live(project.id, ['members', 'activity']);
    telling.done();
    return { member };
  }
  const now = clock();
  const link = newLinkToken();
  const expiresAt = now + INVITATION_DAYS * DAY_MS;
  const content = invitationEmail({
    inviterName: input.inviter.name,
    projectTitle: project.title,
    role,
    url: `${deps.origin()}/invite/${link.token}`,
    expiresOn: new Date(expiresAt).toISOString().slice(0, 10),
  });
  const stored: StoredInvitation = {
    id: link.id,
    projectId: project.id,
    email,
    role,
    invitedById: input.inviter.id,
    invitedBy: input.inviter.name,
    secretHash: link.secretHash,
    createdAt: now,
    expiresAt,
    acceptedAt: null,
    revokedAt: null,
  };
  await createInvitation(database.db, stored, (trx) => telling.email(trx, { userId: null, to: email, unsubscribeUrl: null, ...content }, now));
  await deps.live(project.id, ['invitations']);
  telling.done();
  return { invitation: invitationView(stored, now) };
}

export async function listInvitationsCommand(deps: InvitationDeps, projectId: string): Promise<Invitation[]> {
  const now = deps.clock();
  return (await listOpenInvitations(deps.database.db, projectId)).map((i) => invitationView(i, now));
}

export async function revokeInvitationCommand(deps: InvitationDeps, projectId: string, invitationId: string): Promise<void> {
  if (!(await revokeInvitation(deps.database.db, projectId, invitationId, deps.clock()))) {
    throw notFound('invitation_not_found', 'This project has no such open invitation.');
  }
  await deps.live(projectId, ['invitations']);
}

/** The invitation a link's token opens, checked against its stored hash; anything else is not found. */
export async function invitationByToken(deps: InvitationDeps, token: string): Promise<{ invitation: StoredInvitation; project: Project }> {
  const id = linkTokenId(token);
  const invitation = id ? await findInvitation(deps.database.db, id) : undefined;
  if (!invitation || !linkTokenMatches(token, invitation.secretHash)) throw unknownLink();
  const project = await findProject(deps.database.db, invitation.projectId);
  if (!project) throw unknownLink();
  return { invitation, project };
}

export interface NewAccount {
  email: string;
  name: string;
  passwordHash: string;
  accountType: AccountType;
}

/**
 * Joining a project through an invitation's link: as the signed-in person, or as an account made
 * now (sign-up from the link). One transaction: the account (if new), the invitation used — only
 * if still open at that instant — and the membership with its event; then the project's pages.
 */
export async function joinByInvitationCommand(
  deps: InvitationDeps,
  input: { token: string; as: { user: User } | { newAccount: NewAccount } },
): Promise<{ user: User; projectId: string; member: Member }> {
  const { invitation, project } = await invitationByToken(deps, input.token);
  const now = deps.clock();
  const telling = deps.tell();
  const user = await deps.database.db.transaction().execute(async (trx) => {
    const user = 'user' in input.as ? input.as.user : await createUser(trx, input.as.newAccount, now);
    const current = await findProject(trx, project.id);
    const [role, application] = await Promise.all([findRole(trx, project.id, user.id), findMyApplication(trx, project.id, user.id)]);
    assertCanJoinByInvitation({
      invitation: invitationStatus(invitation, now),
      project: current?.status ?? project.status,
      person: { name: user.name, role, application: application?.status ?? null },
    });
    // Used by someone else a moment ago, or withdrawn: the conditional update says so.
    if (!(await useInvitation(trx, { invitation, user, onEvent: telling.onEvent }, now))) {
      const after = await findInvitation(trx, invitation.id);
      assertInvitationOpen(after ? invitationStatus(after, now) : 'revoked');
    }
    return user;
  });
  await deps.live(project.id, ['members', 'activity', 'invitations']);
  telling.done();
  return { user, projectId: project.id, member: { userId: user.id, name: user.name, role: invitation.role } };
}
