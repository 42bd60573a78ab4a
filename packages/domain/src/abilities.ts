import { mayUseDocument } from './access.ts';
import { DOC_KINDS, type DocKind } from './doc-kinds.ts';
import { LIFECYCLE } from './lifecycle.ts';
import { milestoneAllows } from './milestones.ts';
import { canSeePayment } from './payments.ts';
import { canApply, canDecideApplications, canInvite, canReadOffer, canReviewApplications, canScheduleCheckins } from './policy.ts';
import { canRevoke } from './revocation.ts';
import { RIGHTS_ORDER, type Right, rightFor } from './rights.ts';
import type { Role } from './roles.ts';
import type { ApplicationStatus, ProjectAbilities } from './schemas/projects.ts';
import { isFinal, type Status } from './statuses.ts';
import { WORK_LOG_STATUSES } from './work-log.ts';

export interface AbilityInput {
  status: Status;
  role: Role | null;
  /** Whether anyone is signed in at all (a visitor may read an open project). */
  signedIn: boolean;
  /** The caller's own application to the project, if they applied. */
  application: ApplicationStatus | null;
}

const PREPARING: readonly Status[] = ['draft', 'open'];

/**
 * What one person may do on a project's page now, sent with the project: the web shows a control
 * when its ability is true and decides nothing itself. Each field asks the same table or rule the
 * server enforces when the person acts.
 */
export function projectAbilities({ status, role, signedIn, application }: AbilityInput): ProjectAbilities {
  const member = role !== null;
  const documents = Object.fromEntries(DOC_KINDS.map((kind) => [kind, role ? rightFor(role, kind, status) : RIGHTS_ORDER[0]])) as Record<DocKind, Right>;
  return {
    apply: signedIn && canApply(status, role, application),
    signInToApply: !signedIn && canApply(status, role, application),
    withdraw: application === 'pending',
    moves: [...new Set(LIFECYCLE.filter((t) => t.from === status && t.role === role).map((t) => t.action))],
    seeApplications: canReviewApplications(role),
    decideApplications: canDecideApplications(status, role),
    invite: canInvite(status, role),
    workspace: member,
    readOffer: canReadOffer(status, role),
    documents,
    export: member,
    exportDeliverable: mayUseDocument(role, 'deliverable', status, 'read'),
    seeOutcome: member && isFinal(status) && status !== 'cancelled',
    seePayment: canSeePayment(role) && !PREPARING.includes(status),
    seeWorkLog: member && !PREPARING.includes(status),
    logWork: role === 'student' && WORK_LOG_STATUSES.includes(status),
    planMilestones: milestoneAllows(status, 'add', role, 'none'),
    seeActivity: member,
    scheduleCheckins: canScheduleCheckins(status, role),
  };
}

/** What the caller may do with a project's portfolio item: its student publishes or hides it; the employer revokes it, once. */
export function portfolioItemAbilities(input: { role: Role | null; userId: string; studentId: string; revokedAt: string | null }) {
  return { changeVisibility: input.userId === input.studentId, revoke: canRevoke(input.role, input.revokedAt) };
}
