import { conflict, forbidden } from './errors.ts';
import { passes } from './passes.ts';
import type { ApplicationStatus } from './schemas/projects.ts';

/**
 * An application that still ties its applicant to the project (pending, accepted or declined):
 * they keep seeing what they applied to. One they withdrew — themselves, or by stepping away —
 * does not.
 */
/** What an application declined by another's acceptance says (the employer wrote none). */
export const DECLINED_BY_ACCEPTANCE_MESSAGE = 'The employer chose another applicant for this project. Thank you for applying.';

export function isStandingApplication(status: ApplicationStatus | undefined): boolean {
  return status !== undefined && status !== 'withdrawn';
}

export type ApplicationAction = 'decline' | 'withdraw';
/** Who acts on an application: the project's employer, or the person who applied. */
export type ApplicationActor = 'employer' | 'applicant';

/** Every allowed move of an application other than accepting it (which moves the project too). */
export const APPLICATION_MOVES: ReadonlyArray<{ from: ApplicationStatus; action: ApplicationAction; by: ApplicationActor; to: ApplicationStatus }> = [
  { from: 'pending', action: 'decline', by: 'employer', to: 'declined' },
  { from: 'pending', action: 'withdraw', by: 'applicant', to: 'withdrawn' },
];

/** Where `action` by `by` takes an application in `status`: 403 for the wrong person, 409 from the wrong status. */
export function decideApplicationMove(status: ApplicationStatus, action: ApplicationAction, by: ApplicationActor | null): ApplicationStatus {
  const rows = APPLICATION_MOVES.filter((m) => m.action === action && m.by === by);
  if (rows.length === 0)
    throw forbidden(
      'not_allowed',
      action === 'decline' ? "Only the project's employer may decline an application." : 'Only the applicant may withdraw an application.',
    );
  const row = rows.find((m) => m.from === status);
  if (!row) throw conflict('application_not_pending', `This application was already ${status}.`);
  return row.to;
}

/**
 * What the person reading an application may do with it now, from the same table the moves obey:
 * its project's employer accepts or declines a pending one while the project takes applications
 * (`decideApplications`, a project ability); its applicant withdraws it.
 */
export function applicationAbilities(
  status: ApplicationStatus,
  by: ApplicationActor | null,
  decideApplications = false,
): { accept: boolean; decline: boolean; withdraw: boolean } {
  const may = (action: ApplicationAction) => passes(() => decideApplicationMove(status, action, by));
  const decline = decideApplications && may('decline');
  // Accepting takes a pending application as declining does, and moves the project besides.
  return { accept: decline, decline, withdraw: may('withdraw') };
}
