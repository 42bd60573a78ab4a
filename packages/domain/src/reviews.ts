import { conflict, forbidden, invalid } from './errors.ts';
import { passes } from './passes.ts';
import type { Role } from './roles.ts';
import type { Status } from './statuses.ts';

const DAY = 86_400_000;

/**
 * Two-way, blind reviews (as Riipen's): at completion the employer rates the student (the
 * completion rating); the student reviews the employer (clarity of the brief, responsiveness,
 * would work with again) and each mentor (helpfulness). The student does not see the employer's
 * rating until they have given theirs or 14 days have passed — the employer's is given at
 * completion, so the student's is never written with the other in view. Each side may edit
 * theirs for 10 days, then it is frozen.
 */
export const REVIEW_REVEAL_DAYS = 14;
export const REVIEW_EDIT_DAYS = 10;
/** An employer's profile shows students' averages only from this many reviews (one or two would name the reviewers). */
export const REVIEW_AVERAGE_MIN = 3;

export const REVIEW_ACTIONS = ['review_employer', 'edit_rating'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export interface ReviewRule {
  readonly action: ReviewAction;
  readonly role: Role;
  /** Project statuses in which the action is possible. */
  readonly during: readonly Status[];
}

/** Every allowed review action, and nothing else. */
export const REVIEW_RULES: readonly ReviewRule[] = [
  // The student reviews once the work is completed, before and after it became their portfolio item.
  { action: 'review_employer', role: 'student', during: ['completed', 'archived'] },
  // The employer's rating is signed into the student's credential when the item is issued (archived): no edits after.
  { action: 'edit_rating', role: 'employer', during: ['completed'] },
];

const LABELS: Readonly<Record<ReviewAction, { who: string; what: string; when: string }>> = {
  review_employer: { who: 'student', what: 'review the employer and mentors of', when: 'once it is completed' },
  edit_rating: { who: 'employer', what: 'change the rating of', when: 'while it is completed and before its portfolio item is issued' },
};

/** 403 when the role never may, 409 when the project is in the wrong status (the lifecycle's order). */
export function decideReview(action: ReviewAction, role: Role | null, status: Status): void {
  const rule = REVIEW_RULES.find((r) => r.action === action);
  const label = LABELS[action];
  if (!rule || rule.role !== role) throw forbidden('not_allowed', `Only the project's ${label.who} may ${label.what} this project.`);
  if (!rule.during.includes(status)) {
    throw conflict('invalid_transition', `A project that is ${status.replace('_', ' ')} can't be reviewed now; this is possible ${label.when}.`);
  }
}

/** True when `action` by `role` is possible in `status` (what a page offers, from the same table). */
export function reviewAllows(action: ReviewAction, role: Role | null, status: Status): boolean {
  return REVIEW_RULES.some((r) => r.action === action && r.role === role && r.during.includes(status));
}

/** When the employer's rating shows to the student without their review. */
export function revealsAt(completedAt: number): number {
  return completedAt + REVIEW_REVEAL_DAYS * DAY;
}

/**
 * Whether both sides' reviews are visible: both given, or 14 days since completion — or a
 * portfolio item was issued (items issued before reviews were blind already show the rating on
 * their public page).
 */
export function reviewsRevealed(completedAt: number, studentReviewedAt: number | null, now: number, itemIssued = false): boolean {
  return itemIssued || studentReviewedAt !== null || now >= revealsAt(completedAt);
}

/** Reviews are between the project's employer, its student and its mentors (a viewer takes no part). */
export const REVIEWERS: readonly Role[] = ['employer', 'student', 'mentor'];
export function assertReviewer(role: Role | null): void {
  if (role === null || !REVIEWERS.includes(role)) throw forbidden('not_allowed', "Reviews are between the project's employer, student and mentors.");
}

/** Blind: the student sees the employer's rating of their work only once the reviews are revealed; the others always. */
export function ratingVisibleTo(role: Role | null, revealed: boolean): boolean {
  return role !== 'student' || revealed;
}

/** The student's review: theirs to see at once, everyone else's once revealed. */
export function studentReviewVisibleTo(role: Role | null, revealed: boolean): boolean {
  return role === 'student' || revealed;
}

/**
 * Once both sides can read each other, neither changes theirs: a rating changed after reading
 * the other's review would no longer be blind.
 */
const sealed = () => conflict('review_sealed', 'The reviews are revealed: both are sealed now, as given.');

export function editableUntil(givenAt: number): number {
  return givenAt + REVIEW_EDIT_DAYS * DAY;
}

/**
 * The student may give their review until the reveal (after it they would write with the
 * employer's in view: not blind any more), and edit it for 10 days after giving it.
 */
export function checkStudentReviewWindow(completedAt: number, givenAt: number | null, now: number, revealed = false): void {
  if (givenAt !== null && revealed) throw sealed();
  if (givenAt === null) {
    if (now >= revealsAt(completedAt)) {
      throw conflict('review_closed', `Reviews close ${REVIEW_REVEAL_DAYS} days after completion; the employer's is visible now.`);
    }
    return;
  }
  if (now >= editableUntil(givenAt))
    throw conflict('review_frozen', `A review can be changed for ${REVIEW_EDIT_DAYS} days after it was given; this one is frozen.`);
}

/** The employer's rating was given at completion: editable for 10 days from then. */
export function checkRatingEditWindow(completedAt: number, now: number, revealed = false): void {
  if (revealed) throw sealed();
  if (now >= editableUntil(completedAt)) {
    throw conflict('review_frozen', `A rating can be changed for ${REVIEW_EDIT_DAYS} days after completion; this one is frozen.`);
  }
}

/** The student reviews every mentor of the project, and only them. */
export function assertMentorsReviewed(mentorIds: readonly string[], reviewed: readonly string[]): void {
  const unknown = reviewed.filter((id) => !mentorIds.includes(id));
  if (unknown.length > 0) throw invalid('unknown_mentor', 'Review only the mentors of this project.');
  if (new Set(reviewed).size !== reviewed.length) throw invalid('duplicate_mentor', 'Review each mentor once.');
  const missing = mentorIds.filter((id) => !reviewed.includes(id));
  if (missing.length > 0) throw invalid('missing_review', 'Rate the helpfulness of every mentor of the project.');
}

/** What an employer's profile shows: averages only from REVIEW_AVERAGE_MIN reviews on. */
export function reviewAverages(rows: ReadonlyArray<{ clarity: number; responsiveness: number; wouldWorkAgain: boolean }>): {
  count: number;
  clarity: number | null;
  responsiveness: number | null;
  wouldWorkAgain: number | null;
} {
  const count = rows.length;
  if (count < REVIEW_AVERAGE_MIN) return { count, clarity: null, responsiveness: null, wouldWorkAgain: null };
  const mean = (f: (r: (typeof rows)[number]) => number) => Math.round((rows.reduce((s, r) => s + f(r), 0) / count) * 10) / 10;
  return {
    count,
    clarity: mean((r) => r.clarity),
    responsiveness: mean((r) => r.responsiveness),
    // A share from 0 to 1, to two places.
    wouldWorkAgain: Math.round((rows.filter((r) => r.wouldWorkAgain).length / count) * 100) / 100,
  };
}

/**
 * What `role` may do with the reviews at `now`: the same table and windows the server checks
 * when they act. `review`: give the student's review, or change the one given.
 */
export function reviewAbilities(input: {
  role: Role | null;
  status: Status;
  completedAt: number | null;
  studentReviewedAt: number | null;
  now: number;
  revealed: boolean;
}) {
  const { role, status, completedAt, now, revealed } = input;
  if (completedAt === null) return { editRating: false, review: false };
  return {
    editRating: reviewAllows('edit_rating', role, status) && passes(() => checkRatingEditWindow(completedAt, now, revealed)),
    review: reviewAllows('review_employer', role, status) && passes(() => checkStudentReviewWindow(completedAt, input.studentReviewedAt, now, revealed)),
  };
}
