import type { DocKind } from './doc-kinds.ts';
import type { Role } from './roles.ts';

/**
 * How a person wants one kind of notification: in the inbox only, in the inbox and by email at
 * once, in the inbox and in one email a day, or not at all.
 */
export const NOTIFICATION_CHANNELS = ['in_app', 'email', 'digest', 'off'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const CHANNEL_LABELS: Record<NotificationChannel, string> = {
  in_app: 'In Stint only',
  email: 'Email me at once',
  digest: 'Daily digest email',
  off: 'Off',
};

/**
 * Who a notification goes to. `roles`: every member holding one of them. `named`: the person the
 * event names (the applicant, the invitee, the one mentioned). `participants`: people who wrote
 * in the comment thread. `writers`: whoever may write the document. `doc`: the notification is about this document, so a recipient must be
 * able to read it at that moment (feedback before release reaches no student, by the same rights
 * table as everything else). Whoever caused the event is never told of it.
 */
export interface Audience {
  readonly roles: readonly Role[];
  readonly named: boolean;
  readonly participants: boolean;
  /** Whoever may write the document the event is about (the people whose work it comments on). */
  readonly writers: boolean;
}

/** How the preferences page groups the kinds, in this order. */
export const NOTIFICATION_GROUPS = {
  applying: 'Applying and joining',
  work: 'The work',
  milestones: 'Milestones and more time',
  reminders: 'Reminders',
  outcome: 'Reviews, pay and portfolio',
} as const;
export type NotificationGroup = keyof typeof NOTIFICATION_GROUPS;

export interface NotificationKindRule {
  /** On the preferences page. */
  readonly label: string;
  /** Where the preferences page lists it. */
  readonly group: NotificationGroup;
  readonly audience: Audience;
  readonly defaultChannel: NotificationChannel;
}

const to = (roles: readonly Role[], more: Partial<Omit<Audience, 'roles'>> = {}): Audience => ({
  roles,
  named: more.named ?? false,
  participants: more.participants ?? false,
  writers: more.writers ?? false,
});

/** The one table of what notifies whom. */
export const NOTIFICATION_KINDS = {
  application_received: { label: 'Someone applies to my project', group: 'applying', audience: to(['employer']), defaultChannel: 'email' },
  application_accepted: { label: 'My application is accepted', group: 'applying', audience: to([], { named: true }), defaultChannel: 'email' },
  application_declined: { label: 'My application is declined', group: 'applying', audience: to([], { named: true }), defaultChannel: 'email' },
  invited: { label: 'I am added to a project', group: 'applying', audience: to([], { named: true }), defaultChannel: 'email' },
  mentioned: { label: 'Someone mentions me', group: 'work', audience: to([], { named: true }), defaultChannel: 'email' },
  comment: { label: 'New comments and replies', group: 'work', audience: to([], { participants: true, writers: true }), defaultChannel: 'digest' },
  submitted: { label: 'Work is submitted for review', group: 'work', audience: to(['employer', 'mentor']), defaultChannel: 'email' },
  changes_requested: { label: 'Changes are requested', group: 'work', audience: to(['student', 'mentor']), defaultChannel: 'email' },
  completed: { label: 'A project is completed and feedback released', group: 'work', audience: to(['student', 'mentor']), defaultChannel: 'email' },
  checkin_due: { label: 'A check-in is due tomorrow', group: 'reminders', audience: to(['student']), defaultChannel: 'email' },
  checkin_overdue: { label: 'A check-in is overdue', group: 'reminders', audience: to(['student', 'mentor']), defaultChannel: 'email' },
  project_due: { label: 'A project is due in 48 hours', group: 'reminders', audience: to(['student', 'employer']), defaultChannel: 'email' },
  project_overdue: { label: 'A project is overdue', group: 'reminders', audience: to(['student', 'employer', 'mentor']), defaultChannel: 'email' },
  credential_revoked: { label: 'My portfolio credential is revoked', group: 'outcome', audience: to([], { named: true }), defaultChannel: 'email' },
  milestone_proposed: { label: 'A milestone is proposed for me to agree to', group: 'milestones', audience: to(['student']), defaultChannel: 'email' },
  milestone_agreed: { label: 'The student agrees to a milestone', group: 'milestones', audience: to(['employer']), defaultChannel: 'in_app' },
  milestone_submitted: { label: 'A milestone is marked done for review', group: 'milestones', audience: to(['employer', 'mentor']), defaultChannel: 'email' },
  milestone_accepted: { label: 'A milestone is accepted', group: 'milestones', audience: to(['student', 'mentor']), defaultChannel: 'email' },
  milestone_reopened: { label: 'A milestone is reopened', group: 'milestones', audience: to(['student', 'mentor']), defaultChannel: 'email' },
  extension_requested: { label: 'More time is asked for on a milestone', group: 'milestones', audience: to(['employer', 'mentor']), defaultChannel: 'email' },
  extension_granted: { label: 'More time is granted', group: 'milestones', audience: to(['student', 'mentor']), defaultChannel: 'email' },
  extension_declined: { label: 'More time is declined', group: 'milestones', audience: to(['student', 'mentor']), defaultChannel: 'email' },
  payment_recorded: { label: 'The fee is recorded as paid', group: 'outcome', audience: to(['employer', 'student']), defaultChannel: 'email' },
  payment_overdue: { label: 'A fee is unpaid 14 days after it fell due', group: 'reminders', audience: to(['employer', 'student']), defaultChannel: 'email' },
  stepped_away: { label: 'A student steps away from a project', group: 'work', audience: to(['employer', 'mentor']), defaultChannel: 'email' },
  review_given: { label: 'A student reviews working with me', group: 'outcome', audience: to(['employer', 'mentor']), defaultChannel: 'email' },
  review_revealed: { label: 'The review of my work is visible', group: 'outcome', audience: to(['student']), defaultChannel: 'email' },
} as const satisfies Record<string, NotificationKindRule>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as [NotificationKind, ...NotificationKind[]];

/**
 * Whether a kind can reach someone who holds `roles` (their account type's and the roles they
 * have in projects): those addressed by role, or anyone it names or whose work it concerns.
 */
export function notificationConcerns(kind: NotificationKind, roles: ReadonlySet<Role>): boolean {
  const audience: Audience = NOTIFICATION_KINDS[kind].audience;
  return audience.named || audience.participants || audience.writers || audience.roles.some((role) => roles.has(role));
}

/** What a notification says, from what the event knew; the same words in the inbox and the email. */
export interface NotificationFacts {
  actorName?: string;
  projectTitle: string;
  /** The request-changes message, the decline message, the comment's first words. */
  message?: string;
  doc?: DocKind;
  /** A date the reminder is about (YYYY-MM-DD). */
  date?: string;
  /** The reader's role on the project, for the sentences that say what to do next. */
  recipientRole?: Role | null;
}

export function notificationText(kind: NotificationKind, f: NotificationFacts): string {
  const who = f.actorName ?? 'Someone';
  const project = `“${f.projectTitle}”`;
  switch (kind) {
    case 'application_received':
      return `${who} applied to ${project}.`;
    case 'application_accepted':
      return `Your application to ${project} was accepted: the workspace is open.`;
    case 'application_declined':
      return `Your application to ${project} was declined.`;
    case 'invited':
      return `${who} added you to ${project}.`;
    case 'mentioned':
      return `${who} mentioned you in ${project}.`;
    case 'comment':
      return `${who} commented in ${project}.`;
    case 'submitted':
      return `${who} submitted the work on ${project} for review.`;
    case 'changes_requested':
      return `${who} requested changes on ${project}.`;
    case 'completed':
      return f.recipientRole === 'student'
        ? `${project} is completed and its feedback released. Review working with them to see their rating.`
        : `${project} is completed and its feedback released.`;
    case 'checkin_due':
      return `A check-in on ${project} is due tomorrow (${f.date}).`;
    case 'checkin_overdue':
      return `A check-in on ${project} was due ${f.date} and has not been posted.`;
    case 'project_due':
      return `${project} is due in 48 hours (${f.date}).`;
    case 'project_overdue':
      return `${project} was due ${f.date} and is not yet submitted.`;
    case 'credential_revoked':
      return `${who} revoked your portfolio credential for ${project}.`;
    case 'milestone_proposed':
      return `${who} proposed a milestone on ${project}: “${f.message}”. Agree to it from the project page.`;
    case 'milestone_agreed':
      return `${who} agreed to the milestone “${f.message}” on ${project}.`;
    case 'milestone_submitted':
      return `${who} marked the milestone “${f.message}” done on ${project}.`;
    case 'milestone_accepted':
      return `${who} accepted the milestone “${f.message}” on ${project}.`;
    case 'milestone_reopened':
      return `${who} reopened the milestone “${f.message}” on ${project}.`;
    case 'extension_requested':
      return `${who} asked for more time on ${project}: ${f.message}.`;
    case 'extension_granted':
      return `${who} granted more time on ${project}: ${f.message}.`;
    case 'extension_declined':
      return `${who} declined more time on ${project}: ${f.message}.`;
    case 'payment_recorded':
      return `${who} recorded the fee for ${project} as paid${f.message ? ` (reference ${f.message})` : ''}.`;
    case 'payment_overdue':
      return `The fee for ${project} fell due ${f.date} and is not yet recorded as paid.`;
    case 'stepped_away':
      return `${who} stepped away from ${project}: ${f.message}. It is a draft again: publish it to re-open it to applicants, or cancel it.`;
    case 'review_given':
      return `${who} reviewed working with you on ${project}; both reviews are visible now.`;
    case 'review_revealed':
      return `The employer's review of your work on ${project} is visible now (reviews closed 14 days after completion).`;
  }
}

/** The channel a person gets `kind` on: theirs if they chose one, else the kind's default. */
export function channelFor(kind: NotificationKind, chosen: ReadonlyMap<string, NotificationChannel>): NotificationChannel {
  return chosen.get(kind) ?? NOTIFICATION_KINDS[kind].defaultChannel;
}

/** Email delivery: how often to try and how long to wait between tries (doubling). */
export const OUTBOX_RETRY = { maxAttempts: 8, firstDelayMs: 30_000, maxDelayMs: 6 * 3600_000 } as const;

/** The wait after the `attempts`-th failed try: doubling from `firstDelayMs` (tests shorten it), capped. */
export function retryDelayMs(attempts: number, firstDelayMs: number = OUTBOX_RETRY.firstDelayMs): number {
  return Math.min(firstDelayMs * 2 ** Math.max(0, attempts - 1), OUTBOX_RETRY.maxDelayMs);
}

/** Which project events notify, as what. (Accepting also declines the others: see the server.) */
export const EVENT_NOTIFICATIONS: Readonly<Record<string, NotificationKind | undefined>> = {
  apply: 'application_received',
  accept: 'application_accepted',
  decline: 'application_declined',
  invite: 'invited',
  submit: 'submitted',
  request_changes: 'changes_requested',
  complete: 'completed',
  milestone_add: 'milestone_proposed',
  milestone_agree: 'milestone_agreed',
  milestone_complete: 'milestone_submitted',
  milestone_accept: 'milestone_accepted',
  milestone_reopen: 'milestone_reopened',
  extension_request: 'extension_requested',
  extension_grant: 'extension_granted',
  extension_decline: 'extension_declined',
  payment_paid: 'payment_recorded',
  review_given: 'review_given',
  step_away: 'stepped_away',
};

/** Why someone can't be mentioned in a document: the same sentence in the app and from the API. */
export function mentionRefusal(name: string, docLabel: string): string {
  return `${name} can't read the ${docLabel.toLowerCase()}, so they can't be mentioned here.`;
}
