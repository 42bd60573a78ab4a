import { conflict, forbidden } from './errors.ts';
import type { Role } from './roles.ts';
import type { Status } from './statuses.ts';
import { UnreachableCaseError } from './unreachable.ts';

export const ACTIONS = ['publish', 'accept', 'submit', 'request_changes', 'complete', 'archive', 'cancel', 'step_away'] as const;
export type Action = (typeof ACTIONS)[number];

export interface Transition {
  readonly from: Status;
  readonly action: Action;
  readonly role: Role;
  readonly to: Status;
}

const t = (from: Status, action: Action, role: Role, to: Status): Transition => ({ from, action, role, to });

/** Every allowed move of a project, and nothing else: a move not in this table is refused. */
export const LIFECYCLE: readonly Transition[] = [
  t('draft', 'publish', 'employer', 'open'),
  t('open', 'accept', 'employer', 'in_progress'),
  t('in_progress', 'submit', 'student', 'in_review'),
  t('in_review', 'request_changes', 'employer', 'in_progress'),
  t('in_review', 'complete', 'employer', 'completed'),
  // The student archives by turning the finished work into a portfolio item.
  t('completed', 'archive', 'student', 'archived'),
  t('draft', 'cancel', 'employer', 'cancelled'),
  t('open', 'cancel', 'employer', 'cancelled'),
  t('in_progress', 'cancel', 'employer', 'cancelled'),
  t('in_review', 'cancel', 'employer', 'cancelled'),
  // The student leaves with a reason; the employer may edit the brief and publish it again (step-away.ts says what else follows).
  t('in_progress', 'step_away', 'student', 'draft'),
];

const ACTION_LABELS: Readonly<Record<Action, string>> = {
  publish: 'publish',
  accept: 'accept an application for',
  submit: 'submit',
  request_changes: 'request changes on',
  complete: 'complete',
  archive: 'archive',
  cancel: 'cancel',
  step_away: 'step away from',
};

/**
 * Where `action` by `role` (null: not a member) takes a project in `status`. A role that may
 * never take the action is forbidden (403); a role that may, but not from this status, is a
 * conflict (409) — so the caller learns which of the two to fix.
 */
export function decideTransition(status: Status, action: Action, role: Role | null): Status {
  const rows = LIFECYCLE.filter((row) => row.action === action && row.role === role);
  if (rows.length === 0) {
    const allowed = [...new Set(LIFECYCLE.filter((r) => r.action === action).map((r) => r.role))];
    throw forbidden('not_allowed', `Only the project's ${allowed.join(' or ')} may ${ACTION_LABELS[action]} this project.`);
  }
  const row = rows.find((r) => r.from === status);
  if (!row) {
    const from = rows.map((r) => r.from.replace('_', ' '));
    throw conflict(
      'invalid_transition',
      `A project that is ${status.replace('_', ' ')} can't be ${pastTense(action)}; ` + `this is only possible while it is ${from.join(' or ')}.`,
    );
  }
  return row.to;
}

function pastTense(action: Action): string {
  switch (action) {
    case 'publish':
      return 'published';
    case 'accept':
      return 'given a student';
    case 'submit':
      return 'submitted';
    case 'request_changes':
      return 'sent back for changes';
    case 'complete':
      return 'completed';
    case 'archive':
      return 'archived';
    case 'cancel':
      return 'cancelled';
    case 'step_away':
      return 'left by its student';
    default:
      throw new UnreachableCaseError(action);
  }
}
