import type { MilestoneState } from './milestones.ts';
import type { ApplicationStatus } from './schemas/projects.ts';

/**
 * What a student stepping away from a project in progress undoes, as data (the move itself is
 * the lifecycle's `step_away` row: back to a draft the employer may edit and publish again, or
 * cancel). The student leaves the project; the plan waits for whoever comes next; the
 * applicants declined because this student was accepted are considered again when it re-opens.
 * What was done stays: the documents (with a version of each as the student left them),
 * milestones accepted as done, the work log.
 */
export const STEP_AWAY = {
  /** The student's own application. */
  studentApplication: 'withdrawn' satisfies ApplicationStatus,
  /** Applications the acceptance declined, back in the employer's list. */
  declinedByAcceptance: 'pending' satisfies ApplicationStatus,
  /** Milestones by state: proposals the student never agreed to go; work marked done but not yet accepted is open again. */
  milestones: [
    { from: 'proposed', to: 'removed' },
    { from: 'submitted', to: 'open' },
  ] as const satisfies ReadonlyArray<{ from: MilestoneState; to: MilestoneState | 'removed' }>,
  /** A request for more time no one decided any more. */
  pendingExtensions: 'declined',
} as const;
