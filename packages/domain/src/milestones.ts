import { conflict, forbidden, invalid } from './errors.ts';
import type { Role } from './roles.ts';
import { isFinal, type Status } from './statuses.ts';

/**
 * A milestone's own state. `proposed`: the employer added it after the work began, and it counts
 * only once the student agrees (the brief was what they accepted). `submitted`: the student says
 * it is done, with a check-in; the employer accepts it (`done`) or reopens it (`open`).
 */
export const MILESTONE_STATES = ['proposed', 'open', 'submitted', 'done'] as const;
export type MilestoneState = (typeof MILESTONE_STATES)[number];

export const MILESTONE_ACTIONS = ['add', 'edit', 'remove', 'agree', 'complete', 'accept', 'reopen', 'request_extension', 'decide_extension'] as const;
export type MilestoneAction = (typeof MILESTONE_ACTIONS)[number];

/** `add` starts from nothing; `remove` ends in nothing; the extension actions leave the state as it is. */
type From = MilestoneState | 'none';
type To = MilestoneState | 'removed';

export interface MilestoneRule {
  readonly action: MilestoneAction;
  readonly role: Role;
  /** Project statuses in which the action is possible. */
  readonly during: readonly Status[];
  readonly from: From;
  readonly to: To;
}

const PREPARING: readonly Status[] = ['draft', 'open'];
const WORKING: readonly Status[] = ['in_progress'];
/** Accepting or reopening a milestone still makes sense while the whole is under review. */
const REVIEWING: readonly Status[] = ['in_progress', 'in_review'];

const r = (action: MilestoneAction, role: Role, during: readonly Status[], from: From, to: To): MilestoneRule => ({ action, role, during, from, to });

/** Every allowed milestone move, and nothing else. */
export const MILESTONE_RULES: readonly MilestoneRule[] = [
  // While the brief is being prepared the employer shapes the plan freely.
  r('add', 'employer', PREPARING, 'none', 'open'),
  r('edit', 'employer', PREPARING, 'open', 'open'),
  r('remove', 'employer', PREPARING, 'open', 'removed'),
  // Once a student works on it, changes are proposals the student agrees to.
  r('add', 'employer', WORKING, 'none', 'proposed'),
  r('edit', 'employer', WORKING, 'proposed', 'proposed'),
  r('remove', 'employer', WORKING, 'proposed', 'removed'),
  r('agree', 'student', WORKING, 'proposed', 'open'),
  r('complete', 'student', WORKING, 'open', 'submitted'),
  r('accept', 'employer', REVIEWING, 'submitted', 'done'),
  r('reopen', 'employer', REVIEWING, 'submitted', 'open'),
  // A new due date is asked for by the student and decided by the employer, on an open milestone.
  r('request_extension', 'student', WORKING, 'open', 'open'),
  r('decide_extension', 'employer', WORKING, 'open', 'open'),
];

const LABELS: Readonly<Record<MilestoneAction, string>> = {
  add: 'add milestones to',
  edit: 'change the milestones of',
  remove: 'remove milestones from',
  agree: 'agree to a milestone of',
  complete: 'mark milestones done on',
  accept: 'accept milestones of',
  reopen: 'reopen milestones of',
  request_extension: 'ask for more time on',
  decide_extension: 'decide on more time for',
};

const STATE_WORDS: Readonly<Record<From, string>> = {
  none: 'new',
  proposed: 'proposed and not yet agreed',
  open: 'open',
  submitted: 'waiting for the employer',
  done: 'done',
};

/**
 * What `action` by `role` (null: not a member) does to a milestone in `state` (`none`: a new one)
 * of a project in `status`. A role that may never take the action is forbidden (403); a role that
 * may, but not now, is a conflict (409) saying when it can.
 */
export function decideMilestone(status: Status, action: MilestoneAction, role: Role | null, state: From): To {
  const rows = MILESTONE_RULES.filter((row) => row.action === action && row.role === role);
  if (rows.length === 0) {
    const allowed = [...new Set(MILESTONE_RULES.filter((row) => row.action === action).map((row) => row.role))];
    throw forbidden('not_allowed', `Only the project's ${allowed.join(' or ')} may ${LABELS[action]} this project.`);
  }
  const during = rows.filter((row) => row.during.includes(status));
  if (during.length === 0) {
    const statuses = [...new Set(rows.flatMap((row) => row.during))].map((s) => s.replace('_', ' '));
    throw conflict(
      'invalid_transition',
      `You can't ${LABELS[action]} a project that is ${status.replace('_', ' ')}; only while it is ${statuses.join(' or ')}.`,
    );
  }
  const row = during.find((candidate) => candidate.from === state);
  if (!row) {
    const states = during.map((candidate) => STATE_WORDS[candidate.from]);
    throw conflict('invalid_milestone_state', `This milestone is ${STATE_WORDS[state]}; that is only possible while it is ${states.join(' or ')}.`);
  }
  return row.to;
}

/** Whether `decideMilestone` would allow the move: what a page offers, read off the same table. */
export function milestoneAllows(status: Status, action: MilestoneAction, role: Role | null, state: From): boolean {
  return MILESTONE_RULES.some((row) => row.action === action && row.role === role && row.during.includes(status) && row.from === state);
}

/** What a reader may do with one milestone now: every action of the table but adding, as `milestoneAllows` answers it. */
export type MilestoneAbilities = Readonly<Record<Exclude<MilestoneAction, 'add'>, boolean>>;
export function milestoneAbilities(status: Status, role: Role | null, state: MilestoneState): MilestoneAbilities {
  const may = (action: Exclude<MilestoneAction, 'add'>) => milestoneAllows(status, action, role, state);
  return {
    edit: may('edit'),
    remove: may('remove'),
    agree: may('agree'),
    complete: may('complete'),
    accept: may('accept'),
    reopen: may('reopen'),
    request_extension: may('request_extension'),
    decide_extension: may('decide_extension'),
  };
}

/** The state a milestone the reader adds now starts in (`proposed` once the work began), or null when they may not add one. */
export function milestoneAddedAs(status: Status, role: Role | null): MilestoneState | null {
  const row = MILESTONE_RULES.find((r) => r.action === 'add' && r.role === role && r.during.includes(status));
  return row && row.to !== 'removed' ? row.to : null;
}

/** How a milestone stands for the people looking at it, today. */
export const MILESTONE_STANDINGS = ['proposed', 'upcoming', 'due_soon', 'overdue', 'awaiting_review', 'done', 'closed'] as const;
export type MilestoneStanding = (typeof MILESTONE_STANDINGS)[number];

export const MILESTONE_STANDING_LABELS: Readonly<Record<MilestoneStanding, string>> = {
  proposed: 'Proposed',
  upcoming: 'Upcoming',
  due_soon: 'Due soon',
  overdue: 'Overdue',
  awaiting_review: 'Awaiting review',
  done: 'Done',
  closed: 'Closed with the project',
};

/** "Due soon" is the last few days before the due date (Riipen's timeline uses the same idea). */
export const DUE_SOON_DAYS = 3;

const DAY_MS = 86_400_000;
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/**
 * `today` and `dueDate` are calendar dates (YYYY-MM-DD); a milestone due today is due soon, not
 * overdue. On a finished project (completed, archived, cancelled) what was not done is closed
 * with it: nothing is upcoming or overdue any more.
 */
export function milestoneStanding(state: MilestoneState, dueDate: string, today: string, status?: Status): MilestoneStanding {
  if (state === 'done') return 'done';
  if (status !== undefined && isFinal(status)) return 'closed';
  if (state === 'submitted') return 'awaiting_review';
  if (state === 'proposed') return 'proposed';
  const left = daysBetween(today, dueDate);
  if (left < 0) return 'overdue';
  return left <= DUE_SOON_DAYS ? 'due_soon' : 'upcoming';
}

/** When a milestone may be due, added or edited: from today to the project's due date (any day from today without one). */
export function checkMilestoneDate(dueDate: string, bounds: { today: string; projectDue: string | null }): void {
  if (dueDate < bounds.today) throw invalid('invalid_request', 'A milestone can’t be due in the past.');
  checkWithinProject(dueDate, bounds.projectDue);
}

/** A milestone's date, asked for or granted, is by the project's due date: the plan fits the project. */
export function checkWithinProject(date: string, projectDue: string | null): void {
  if (projectDue && date > projectDue) throw invalid('invalid_request', `A milestone is due by the project’s due date (${projectDue}).`);
}

/** A project holds at most this many milestones: a plan, not a task tracker. */
export const MAX_MILESTONES = 20;

/** Whether one more milestone fits beside the `count` a project holds (asked inside the insert's transaction). */
export function assertRoomForMilestone(count: number): void {
  if (count >= MAX_MILESTONES) throw conflict('too_many_milestones', `A project holds at most ${MAX_MILESTONES} milestones.`);
}

/** Extensions are asked for at least this many days before the due date, unless configured otherwise. */
export const DEFAULT_EXTENSION_NOTICE_DAYS = 2;

export const EXTENSION_STATES = ['pending', 'granted', 'declined'] as const;
export type ExtensionState = (typeof EXTENSION_STATES)[number];

/**
 * Whether a new due date may be asked for today: in time (`noticeDays` before the current one, as
 * Riipen asks five days before an end date), later than the current one, and one request at a time.
 */
export function checkExtensionRequest(input: {
  dueDate: string;
  requested: string;
  today: string;
  noticeDays: number;
  pending: boolean;
  projectDue: string | null;
}): void {
  if (input.pending) throw conflict('extension_pending', 'An extension is already waiting for the employer’s answer.');
  if (input.requested <= input.dueDate) throw invalid('invalid_request', 'Ask for a date after the current due date.');
  checkWithinProject(input.requested, input.projectDue);
  const left = daysBetween(input.today, input.dueDate);
  if (left < input.noticeDays) {
    throw conflict(
      'extension_too_late',
      `More time must be asked for at least ${input.noticeDays} day${input.noticeDays === 1 ? '' : 's'} before the due date (${input.dueDate}); talk to the employer directly.`,
    );
  }
}
