import { createRoute } from '@hono/zod-openapi';
import { editRating, listMembers, saveStudentReview } from '@stint/db';
import {
  assertMentorsReviewed,
  assertRatingFits,
  assertReviewer,
  checkRatingEditWindow,
  checkStudentReviewWindow,
  decideReview,
  EditRatingBody,
  editableUntil,
  IdParam,
  notFound,
  type ReviewAction,
  ReviewsResponse,
  type Role,
  ratingVisibleTo,
  reviewAbilities,
  type Status,
  StudentReviewBody,
  studentReviewVisibleTo,
  type User,
} from '@stint/domain';
import { reviewState } from '../commands/review-state.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import { newRouter } from '../http/router.ts';
import { requireUser } from '../middleware/authenticate.ts';
import type { ChangeDeps } from './change-deps.ts';

const { 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 } = errorResponses;
const TAG = ['reviews'];
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Two-way, blind reviews: the employer's rating of the student (given at completion) and the
 * student's review of the employer and mentors. The student sees the rating once they gave
 * theirs or 14 days after completion; each side edits theirs for 10 days. The domain's review
 * table says who may do what in which status; its windows say until when.
 */
export function reviewRoutes({ database, authorize, onProjectChanged, tell, clock }: ChangeDeps & { clock: () => number }) {
  const router = newRouter();

  async function reviewer(projectId: string, user: User) {
    const access = await authorize(user, projectId, 'member');
    assertReviewer(access.role);
    return access;
  }

  /** The reviews as `role` may see them at the server's clock. */
  async function view(projectId: string, role: Role | null, status: Status) {
    const [{ completion, studentReview, revealed, revealsAt }, members] = await Promise.all([
      reviewState(database, projectId, clock()),
      listMembers(database.db, projectId),
    ]);
    const person = (m: { userId: string; name: string }) => ({ id: m.userId, name: m.name });
    const mentors = members.filter((m) => m.role === 'mentor').map(person);
    const abilities = reviewAbilities({
      role,
      status,
      completedAt: completion ? Date.parse(completion.at) : null,
      studentReviewedAt: studentReview?.givenAt ?? null,
      now: clock(),
      revealed,
    });
    if (!completion) return { completedAt: null, revealsAt: null, revealed: false, ofStudent: null, byStudent: null, mentors, abilities };
    const employer = members.find((m) => m.userId === completion.by);
    return {
      completedAt: completion.at,
      revealsAt: revealsAt === null ? null : iso(revealsAt),
      revealed,
      ofStudent: {
        by: employer ? person(employer) : null,
        rating: ratingVisibleTo(role, revealed) ? completion.rating : null,
        givenAt: completion.at,
        editableUntil: iso(editableUntil(Date.parse(completion.at))),
      },
      byStudent:
        studentReview && studentReviewVisibleTo(role, revealed)
          ? {
              by: studentReview.by,
              employer: studentReview.employer,
              mentors: studentReview.mentors,
              givenAt: iso(studentReview.givenAt),
              editableUntil: iso(editableUntil(studentReview.givenAt)),
            }
          : null,
      mentors,
      abilities,
    };
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects/{id}/reviews',
      tags: TAG,
      summary: "The two-way review of a completed project; the employer's rating stays hidden from the student until revealed",
      security: signedIn,
      request: { params: IdParam },
      responses: { 200: jsonResponse(ReviewsResponse, 'The reviews as the caller may see them.'), 401: e401, 403: e403, 404: e404 },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { role, project } = await reviewer(id, requireUser(c));
      return c.json(await view(id, role, project.status), 200);
    },
  );

  /** The domain's 403 / 409 for `action`, then the completion it is about. */
  async function decided(projectId: string, user: User, action: ReviewAction) {
    const access = await reviewer(projectId, user);
    decideReview(action, access.role, access.project.status);
    const state = await reviewState(database, projectId, clock());
    if (!state.completion) throw notFound('not_completed', 'This project has no completion to review.');
    return { ...access, state, completedAt: Date.parse(state.completion.at) };
  }

  async function saved(projectId: string, role: Role | null, status: Status, write: (onEvent: ReturnType<typeof tell>['onEvent']) => Promise<unknown>) {
    const telling = tell();
    await write(telling.onEvent);
    await onProjectChanged(projectId, ['reviews', 'activity']);
    telling.done();
    return view(projectId, role, status);
  }

  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/projects/{id}/reviews/by-student',
      tags: TAG,
      summary: 'Give or change my review of the employer and the mentors (the student; until the reveal, then editable 10 days)',
      security: signedIn,
      request: { params: IdParam, ...jsonBody(StudentReviewBody) },
      responses: { 200: jsonResponse(ReviewsResponse, 'The reviews, both visible now.'), 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const user = requireUser(c);
      const body = c.req.valid('json');
      const { role, project, state, completedAt } = await decided(id, user, 'review_employer');
      checkStudentReviewWindow(completedAt, state.studentReview?.givenAt ?? null, clock(), state.revealed);
      const members = await listMembers(database.db, id);
      assertMentorsReviewed(
        members.filter((m) => m.role === 'mentor').map((m) => m.userId),
        body.mentors.map((m) => m.mentorId),
      );
      const employerId = members.find((m) => m.role === 'employer')?.userId ?? state.completion!.by;
      return c.json(
        await saved(id, role, project.status, (onEvent) =>
          saveStudentReview(database.db, { projectId: id, authorId: user.id, employerId, employer: body.employer, mentors: body.mentors, onEvent }, clock()),
        ),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/projects/{id}/reviews/of-student',
      tags: TAG,
      summary: 'Change my rating of the student (the employer; 10 days from completion, before the portfolio item is issued)',
      security: signedIn,
      request: { params: IdParam, ...jsonBody(EditRatingBody) },
      responses: { 200: jsonResponse(ReviewsResponse, 'The reviews.'), 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const user = requireUser(c);
      const { rating } = c.req.valid('json');
      const { role, project, completedAt, state } = await decided(id, user, 'edit_rating');
      checkRatingEditWindow(completedAt, clock(), state.revealed);
      assertRatingFits(project.skills, rating);
      return c.json(
        await saved(id, role, project.status, (onEvent) => editRating(database.db, { projectId: id, actorId: user.id, rating, onEvent }, clock())),
        200,
      );
    },
  );
  return router;
}
