import { describe, expect, it } from 'vitest';
import { passes } from './passes.ts';
import {
  assertMentorsReviewed,
  assertReviewer,
  checkRatingEditWindow,
  checkStudentReviewWindow,
  decideReview,
  REVIEW_ACTIONS,
  type ReviewAction,
  ratingVisibleTo,
  reviewAbilities,
  reviewAllows,
  reviewAverages,
  reviewsRevealed,
  studentReviewVisibleTo,
} from './reviews.ts';
import { ROLES, type Role } from './roles.ts';
import { STATUSES, type Status } from './statuses.ts';
import { outcome } from './testing/outcome.ts';

const DAY = 86_400_000;

/** The review rules in prose form, written apart from the table. */
const expected: Record<ReviewAction, { role: Role; during: Status[] }> = {
  review_employer: { role: 'student', during: ['completed', 'archived'] },
  edit_rating: { role: 'employer', during: ['completed'] },
};

describe('the review table, cell by cell (action × role × status: 403 before 409)', () => {
  const roles: Array<Role | null> = [...ROLES, null];
  const cells = REVIEW_ACTIONS.flatMap((action) => roles.flatMap((role) => STATUSES.map((status) => ({ action, role, status }))));
  it.each(cells)('$action by $role while $status', ({ action, role, status }) => {
    const rule = expected[action];
    const want = rule.role !== role ? 'forbidden:not_allowed' : rule.during.includes(status) ? 'ok' : 'conflict:invalid_transition';
    expect(outcome(() => decideReview(action, role, status))).toBe(want);
    expect(reviewAllows(action, role, status)).toBe(want === 'ok');
  });
});

describe('blindness and the edit windows', () => {
  const completedAt = Date.parse('2099-03-01T12:00:00Z');
  it('reveals when the student has reviewed, or 14 days after completion without them', () => {
    expect(reviewsRevealed(completedAt, null, completedAt + 14 * DAY - 1)).toBe(false);
    expect(reviewsRevealed(completedAt, null, completedAt + 14 * DAY)).toBe(true);
    expect(reviewsRevealed(completedAt, completedAt + DAY, completedAt + DAY)).toBe(true);
  });
  it('the student gives theirs before the reveal, and changes it for 10 days after giving it', () => {
    expect(() => checkStudentReviewWindow(completedAt, null, completedAt + 13 * DAY)).not.toThrow();
    expect(() => checkStudentReviewWindow(completedAt, null, completedAt + 14 * DAY)).toThrow(expect.objectContaining({ code: 'review_closed' }));
    const given = completedAt + 13 * DAY;
    expect(() => checkStudentReviewWindow(completedAt, given, given + 10 * DAY - 1)).not.toThrow();
    expect(() => checkStudentReviewWindow(completedAt, given, given + 10 * DAY)).toThrow(expect.objectContaining({ code: 'review_frozen' }));
  });
  it('the employer changes their rating for 10 days after completion', () => {
    expect(() => checkRatingEditWindow(completedAt, completedAt + 10 * DAY - 1)).not.toThrow();
    expect(() => checkRatingEditWindow(completedAt, completedAt + 10 * DAY)).toThrow(expect.objectContaining({ code: 'review_frozen' }));
  });
  it('once revealed, both are sealed: neither side changes theirs after reading the other’s', () => {
    expect(() => checkRatingEditWindow(completedAt, completedAt + DAY, true)).toThrow(expect.objectContaining({ code: 'review_sealed' }));
    expect(() => checkStudentReviewWindow(completedAt, completedAt + DAY, completedAt + DAY, true)).toThrow(expect.objectContaining({ code: 'review_sealed' }));
  });
  it('every mentor is reviewed, once, and no one else', () => {
    expect(() => assertMentorsReviewed(['m1', 'm2'], ['m2', 'm1'])).not.toThrow();
    expect(() => assertMentorsReviewed(['m1', 'm2'], ['m1'])).toThrow(expect.objectContaining({ code: 'missing_review' }));
    expect(() => assertMentorsReviewed(['m1'], ['m1', 'x'])).toThrow(expect.objectContaining({ code: 'unknown_mentor' }));
    expect(() => assertMentorsReviewed(['m1'], ['m1', 'm1'])).toThrow(expect.objectContaining({ code: 'duplicate_mentor' }));
  });
});

describe("an employer's averages", () => {
  const review = (clarity: number, wouldWorkAgain: boolean) => ({ clarity, responsiveness: 5, wouldWorkAgain });
  it('show nothing below three reviews, then means to one place and the share who would work with them again', () => {
    expect(reviewAverages([review(5, true), review(4, true)])).toEqual({ count: 2, clarity: null, responsiveness: null, wouldWorkAgain: null });
    expect(reviewAverages([review(5, true), review(4, true), review(4, false)])).toEqual({ count: 3, clarity: 4.3, responsiveness: 5, wouldWorkAgain: 0.67 });
  });
});

describe('who sees what of the reviews', () => {
  it('the rating is hidden from the student alone until revealed; the student’s review shows to others once revealed', () => {
    for (const role of [...ROLES, null]) {
      for (const revealed of [true, false]) {
        expect(ratingVisibleTo(role, revealed), `${role} ${revealed}`).toBe(role !== 'student' || revealed);
        expect(studentReviewVisibleTo(role, revealed), `${role} ${revealed}`).toBe(role === 'student' || revealed);
      }
    }
  });

  it('an issued portfolio item reveals them, whatever the dates', () => {
    const completedAt = Date.parse('2026-12-01T00:00:00Z');
    expect(reviewsRevealed(completedAt, null, completedAt + 1000)).toBe(false);
    expect(reviewsRevealed(completedAt, null, completedAt + 1000, true)).toBe(true);
  });

  it('reviews are between the employer, the student and the mentors', () => {
    for (const role of [...ROLES, null]) {
      const attempt = () => assertReviewer(role);
      if (role === 'viewer' || role === null) expect(attempt).toThrow(expect.objectContaining({ kind: 'forbidden' }));
      else expect(attempt).not.toThrow();
    }
  });
});

describe('review abilities say what the server will allow', () => {
  it('for every role and status, before and after the windows', () => {
    const completedAt = Date.parse('2026-12-01T00:00:00Z');
    for (const role of [...ROLES, null]) {
      for (const status of STATUSES) {
        for (const days of [1, 9, 11, 13, 15, 30]) {
          for (const studentReviewedAt of [null, completedAt + 86_400_000]) {
            const now = completedAt + days * 86_400_000;
            const revealed = reviewsRevealed(completedAt, studentReviewedAt, now);
            const a = reviewAbilities({ role, status, completedAt, studentReviewedAt, now, revealed });
            const cell = `${role} ${status} day ${days} ${studentReviewedAt ? 'reviewed' : 'not reviewed'}`;
            expect(a.editRating, cell).toBe(passes(() => (decideReview('edit_rating', role, status), checkRatingEditWindow(completedAt, now, revealed))));
            expect(a.review, cell).toBe(
              passes(() => (decideReview('review_employer', role, status), checkStudentReviewWindow(completedAt, studentReviewedAt, now, revealed))),
            );
            // Once revealed, nothing is editable by anyone.
            if (revealed) expect([a.editRating, a.review && studentReviewedAt !== null], cell).toEqual([false, false]);
          }
        }
      }
    }
    expect(reviewAbilities({ role: 'employer', status: 'in_review', completedAt: null, studentReviewedAt: null, now: completedAt, revealed: false })).toEqual({
      editRating: false,
      review: false,
    });
  });
});
