import type { NotificationKind } from './notifications.ts';
import { PAYMENT_OVERDUE_DAYS, type PaymentState } from './payments.ts';
import { revealsAt } from './reviews.ts';
import type { Status } from './statuses.ts';

const DAY = 86_400_000;

/** A reminder the server keeps scheduled for a project: one per kind and date. */
export interface PlannedReminder {
  kind: Extract<NotificationKind, 'checkin_due' | 'checkin_overdue' | 'project_due' | 'project_overdue' | 'payment_overdue' | 'review_revealed'>;
  /** The due date it is about (YYYY-MM-DD). */
  date: string;
  /** When it fires (ms). */
  fireAt: number;
}

/** Dates are days in UTC; a thing due on a date is due by the end of that day. */
export const endOfDay = (date: string): number => Date.parse(`${date}T00:00:00Z`) + DAY;

/** While work can still be done and reminded of: the statuses in which reminders stand. */
const REMINDED: ReadonlySet<Status> = new Set(['in_progress']);

/**
 * The reminders a project should have scheduled, from its state: the project's due date 48 hours
 * before and when it has passed; each check-in due date the day before and when it has passed.
 * Recomputed on every event of the project, so moving a date moves its reminders and ending the
 * project cancels them. Only in progress: a submitted project is not overdue.
 */
export function plannedReminders(
  project: { status: Status; dueDate: string | null },
  checkinDates: readonly string[],
  payment: { state: PaymentState; dueAt: number | null } | null = null,
  review: { completedAt: number; studentReviewed: boolean } | null = null,
): PlannedReminder[] {
  const planned: PlannedReminder[] = [];
  // A student who did not review is told once the employer's review shows without theirs.
  if (review && !review.studentReviewed) {
    planned.push({ kind: 'review_revealed', date: new Date(review.completedAt).toISOString().slice(0, 10), fireAt: revealsAt(review.completedAt) });
  }
  // A fee unpaid 14 days after it fell due: both parties are reminded once (whatever the status).
  if (payment?.state === 'due' && payment.dueAt !== null) {
    const fireAt = payment.dueAt + PAYMENT_OVERDUE_DAYS * DAY + 1;
    planned.push({ kind: 'payment_overdue', date: new Date(payment.dueAt).toISOString().slice(0, 10), fireAt });
  }
  if (!REMINDED.has(project.status)) return planned;
  if (project.dueDate) {
    const due = endOfDay(project.dueDate);
    planned.push({ kind: 'project_due', date: project.dueDate, fireAt: due - 2 * DAY });
    planned.push({ kind: 'project_overdue', date: project.dueDate, fireAt: due });
  }
  for (const date of checkinDates) {
    const due = endOfDay(date);
    planned.push({ kind: 'checkin_due', date, fireAt: due - 2 * DAY });
    planned.push({ kind: 'checkin_overdue', date, fireAt: due });
  }
  return planned;
}

/**
 * Whether a check-in due on `date` was posted: an entry dated after the previous due date (or
 * any time, for the first) and on or before this one.
 */
export function checkinPosted(date: string, allDates: readonly string[], entryDates: readonly string[]): boolean {
  const earlier = allDates.filter((d) => d < date).sort();
  const after = earlier[earlier.length - 1] ?? '';
  return entryDates.some((d) => d > after && d <= date);
}
