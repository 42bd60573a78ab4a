import { conflict, type DomainError, forbidden, invalid } from './errors.ts';
import type { Role } from './roles.ts';
import type { ApplicationStatus } from './schemas/projects.ts';
import { isFinal, type Status } from './statuses.ts';

/**
 * Who may see a project at all: an open project is on the board for everyone; otherwise only
 * its members (a draft's are its employer and anyone invited to prepare it — the board lists
 * drafts to their employer alone) and the people who applied to it, who keep seeing what they
 * applied to and how it ended — unless it went back to being a draft, which is its employer's
 * alone again. Callers that fail this answer 404, so a hidden project's existence does not leak.
 */
export function canSeeProject(status: Status, role: Role | null, applied = false): boolean {
  return status === 'open' || role !== null || (applied && status !== 'draft');
}

/**
 * Who reads a project's brief outside the workspace: while the project is on the board its brief
 * is the offer, readable by anyone who may see the project (applicants decide on it). Members
 * read it in the workspace, by the rights table.
 */
export const canReadOffer = (status: Status, role: Role | null) => role === null && status === 'open';

/** Who invites mentors and viewers: the employer, while the project can still change. */
function inviteRefusal(status: Status, role: Role | null): DomainError | null {
  if (role !== 'employer') return forbidden('not_allowed', "Only the project's employer may invite members.");
  if (isFinal(status)) return conflict('invalid_transition', `Members can't be added to a project that is ${status}.`);
  return null;
}
export const canInvite = (status: Status, role: Role | null) => inviteRefusal(status, role) === null;
export function assertCanInvite(status: Status, role: Role | null): void {
  const refusal = inviteRefusal(status, role);
  if (refusal) throw refusal;
}

/**
 * Who can be invited: not someone already on the project, and not someone whose application is
 * pending — accepting them would then fail; the employer decides the application first.
 */
export function assertCanBeInvited(invitee: { name: string; role: Role | null; application: ApplicationStatus | null }): void {
  if (invitee.role !== null) throw conflict('already_member', `${invitee.name} is already this project's ${invitee.role}.`);
  if (invitee.application === 'pending') {
    throw conflict('applicant_pending', `${invitee.name} has applied to this project: accept or decline the application before inviting them.`);
  }
}

export const canReviewApplications = (role: Role | null) => role === 'employer';
/** Who accepts or declines applications: the employer, while the project takes them. */
export const canDecideApplications = (status: Status, role: Role | null) => canReviewApplications(role) && status === 'open';
export function assertCanReviewApplications(role: Role | null): void {
  if (!canReviewApplications(role)) {
    throw forbidden('not_allowed', "Only the project's employer may see its applications.");
  }
}

/** Who applies: someone not on the project who never applied to it, while it is open. */
function applyRefusal(status: Status, role: Role | null, application: ApplicationStatus | null): DomainError | null {
  if (role !== null) return forbidden('not_allowed', 'Members of a project can’t apply to it.');
  if (status !== 'open') return conflict('invalid_transition', `Applications are closed: this project is ${status.replace('_', ' ')}.`);
  if (application !== null) return conflict('already_applied', 'You have already applied to this project.');
  return null;
}
export const canApply = (status: Status, role: Role | null, application: ApplicationStatus | null = null) => applyRefusal(status, role, application) === null;
export function assertCanApply(status: Status, role: Role | null, application: ApplicationStatus | null = null): void {
  const refusal = applyRefusal(status, role, application);
  if (refusal) throw refusal;
}

/** Who sets when check-ins are due: the people who guide the work, while it can still be done. */
function scheduleRefusal(status: Status, role: Role | null): DomainError | null {
  if (role !== 'employer' && role !== 'mentor') return forbidden('not_allowed', 'Only the employer or the mentor may set when check-ins are due.');
  if (isFinal(status)) return conflict('invalid_transition', `Check-in dates can't change on a project that is ${status}.`);
  return null;
}
export const canScheduleCheckins = (status: Status, role: Role | null) => scheduleRefusal(status, role) === null;
export function assertCanScheduleCheckins(status: Status, role: Role | null): void {
  const refusal = scheduleRefusal(status, role);
  if (refusal) throw refusal;
}

/**
 * Check-in dates the schedule is set to: each one added (not already scheduled) is today or
 * later and by the project's due date. Those already scheduled stay as they are (the list is
 * sent whole, past ones included).
 */
export function checkCheckinDates(dates: readonly string[], bounds: { today: string; projectDue: string | null; scheduled: readonly string[] }): void {
  for (const date of dates) {
    if (bounds.scheduled.includes(date)) continue;
    if (date < bounds.today) throw invalid('invalid_request', `A check-in can’t be scheduled in the past (${date}).`);
    if (bounds.projectDue && date > bounds.projectDue)
      throw invalid('invalid_request', `Check-ins are by the project’s due date (${bounds.projectDue}); ${date} is after it.`);
  }
}
