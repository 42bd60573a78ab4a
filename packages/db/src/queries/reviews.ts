import type { Rating } from '@stint/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { appendEvent, lastEventOf, type OnEvent } from './events.ts';

export interface StudentReview {
  by: { id: string; name: string };
  employer: { clarity: number; responsiveness: number; wouldWorkAgain: boolean; comment: string };
  mentors: Array<{ mentor: { id: string; name: string }; helpfulness: number; comment: string }>;
  givenAt: number;
  updatedAt: number;
}

export interface StudentReviewInput {
  projectId: string;
  authorId: string;
  employerId: string;
  employer: { clarity: number; responsiveness: number; wouldWorkAgain: boolean; comment?: string | undefined };
  mentors: ReadonlyArray<{ mentorId: string; helpfulness: number; comment?: string | undefined }>;
  onEvent?: OnEvent;
}

/** The student's review of a project's employer and mentors, or null before it is given. */
export async function findStudentReview(db: Kysely<Database>, projectId: string): Promise<StudentReview | null> {
  const rows = await db
    .selectFrom('reviews')
    .innerJoin('users as author', 'author.id', 'reviews.author_id')
    .innerJoin('users as subject', 'subject.id', 'reviews.subject_id')
    .selectAll('reviews')
    .select(['author.name as author_name', 'subject.name as subject_name'])
    .where('reviews.project_id', '=', projectId)
    .orderBy('subject.name')
    .execute();
  const employer = rows.find((r) => r.subject_role === 'employer');
  if (!employer) return null;
  return {
    by: { id: employer.author_id, name: employer.author_name },
    employer: {
      clarity: Number(employer.clarity),
      responsiveness: Number(employer.responsiveness),
      wouldWorkAgain: Number(employer.would_work_again) === 1,
      comment: employer.comment,
    },
    mentors: rows
      .filter((r) => r.subject_role === 'mentor')
      .map((r) => ({ mentor: { id: r.subject_id, name: r.subject_name }, helpfulness: Number(r.helpfulness), comment: r.comment })),
    givenAt: Number(employer.given_at),
    updatedAt: Number(employer.updated_at),
  };
}

/**
 * Gives or replaces the student's review, all rows in one transaction with its event
 * (`review_given` the first time, `review_edited` after); the first giving's time is kept.
 */
export async function saveStudentReview(db: Kysely<Database>, input: StudentReviewInput, now = Date.now()): Promise<{ first: boolean }> {
  return db.transaction().execute(async (trx) => {
    const earlier = await trx
      .selectFrom('reviews')
      .select('given_at')
      .where('project_id', '=', input.projectId)
      .where('subject_role', '=', 'employer')
      .executeTakeFirst();
    const givenAt = earlier ? Number(earlier.given_at) : now;
    await trx.deleteFrom('reviews').where('project_id', '=', input.projectId).where('author_id', '=', input.authorId).execute();
    const common = { project_id: input.projectId, author_id: input.authorId, given_at: givenAt, updated_at: now };
    const none = { clarity: null, responsiveness: null, would_work_again: null, helpfulness: null };
    await trx
      .insertInto('reviews')
      .values([
        {
          ...common,
          ...none,
          subject_id: input.employerId,
          subject_role: 'employer',
          clarity: input.employer.clarity,
          responsiveness: input.employer.responsiveness,
          would_work_again: input.employer.wouldWorkAgain ? 1 : 0,
          comment: input.employer.comment ?? '',
        },
        ...input.mentors.map((m) => ({
          ...common,
          ...none,
          subject_id: m.mentorId,
          subject_role: 'mentor',
          helpfulness: m.helpfulness,
          comment: m.comment ?? '',
        })),
      ])
      .execute();
    await appendEvent(trx, {
      projectId: input.projectId,
      actorId: input.authorId,
      action: earlier ? 'review_edited' : 'review_given',
      now,
      onEvent: input.onEvent,
    });
    return { first: !earlier };
  });
}

/** The employer changes their completion rating (within its edit window): a `rating_edited` event holds the new one. */
export async function editRating(
  db: Kysely<Database>,
  input: { projectId: string; actorId: string; rating: Rating; onEvent?: OnEvent },
  now = Date.now(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await appendEvent(trx, {
      projectId: input.projectId,
      actorId: input.actorId,
      action: 'rating_edited',
      payload: { rating: input.rating },
      now,
      onEvent: input.onEvent,
    });
  });
}

/** What students said of an employer, one row per review, for the profile's averages. */
export async function employerReviews(
  db: Kysely<Database>,
  employerId: string,
): Promise<Array<{ clarity: number; responsiveness: number; wouldWorkAgain: boolean }>> {
  const rows = await db
    .selectFrom('reviews')
    .select(['clarity', 'responsiveness', 'would_work_again'])
    .where('subject_id', '=', employerId)
    .where('subject_role', '=', 'employer')
    .execute();
  return rows.map((r) => ({ clarity: Number(r.clarity), responsiveness: Number(r.responsiveness), wouldWorkAgain: Number(r.would_work_again) === 1 }));
}

/** When the project was (last) completed and whether its student has reviewed: what the review reminder needs. Null before completion. */
export async function reviewStanding(db: Kysely<Database>, projectId: string): Promise<{ completedAt: number; studentReviewed: boolean } | null> {
  const completed = await lastEventOf(db, projectId, 'complete');
  if (!completed) return null;
  const review = await db.selectFrom('reviews').select('given_at').where('project_id', '=', projectId).limit(1).executeTakeFirst();
  return { completedAt: Number(completed.created_at), studentReviewed: review !== undefined };
}
