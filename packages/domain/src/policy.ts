import { conflict, forbidden } from './errors.ts';
import type { Role } from './roles.ts';
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

export function assertCanInvite(status: Status, role: Role | null): void {
  if (role !== 'employer') throw forbidden('not_allowed', "Only the project's employer may invite members.");
  if (isFinal(status)) {
    throw conflict('invalid_transition', `Members can't be added to a project that is ${status}.`);
  }
}

export function assertCanReviewApplications(role: Role | null): void {
  if (role !== 'employer') {
    throw forbidden('not_allowed', "Only the project's employer may see its applications.");
  }
}

export function assertCanApply(status: Status, role: Role | null): void {
  if (role !== null) {
    throw forbidden('not_allowed', 'Members of a project can’t apply to it.');
  }
  if (status !== 'open') {
    throw conflict('invalid_transition', `Applications are closed: this project is ${status.replace('_', ' ')}.`);
  }
}

/** Who sets when check-ins are due: the people who guide the work, while it can still be done. */
export function assertCanScheduleCheckins(status: Status, role: Role | null): void {
  if (role !== 'employer' && role !== 'mentor') throw forbidden('not_allowed', 'Only the employer or the mentor may set when check-ins are due.');
  if (isFinal(status)) throw conflict('invalid_transition', `Check-in dates can't change on a project that is ${status}.`);
}
