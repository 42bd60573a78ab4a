import {
  findPortfolioItemByProject,
  findStudentReview,
  listEvents,
  type PortfolioItem,
  type ProjectEvent,
  type StintDatabase,
  type StudentReview,
} from '@stint/db';
import { type Rating, revealsAt, reviewsRevealed } from '@stint/domain';

export interface Completion {
  at: string;
  /** The employer who completed it (and so rated the student). */
  by: string;
  /** The rating as it stands: the completion's, or the employer's last edit of it since. */
  rating: Rating;
}

/** The last completion in a project's event log, with the employer's rating as it stands now. */
export function completionOf(events: readonly ProjectEvent[]): Completion | null {
  const index = events.findLastIndex((e) => e.action === 'complete');
  if (index < 0) return null;
  const completed = events[index]!;
  const edited = events.slice(index + 1).findLast((e) => e.action === 'rating_edited');
  const rating = ((edited ?? completed).payload as { rating?: Rating } | null)?.rating;
  return rating ? { at: completed.createdAt, by: completed.actorId, rating } : null;
}

export interface ReviewState {
  completion: Completion | null;
  studentReview: StudentReview | null;
  /** Both reviews visible: the student gave theirs, or 14 days passed since completion. */
  revealed: boolean;
  revealsAt: number | null;
  /** The project's portfolio item, read for `revealed` (the outcome shows it). */
  portfolioItem: PortfolioItem | undefined;
}

/** Where a project's two-way review stands at `now`. */
export async function reviewState(database: StintDatabase, projectId: string, now: number): Promise<ReviewState> {
  const [events, studentReview, item] = await Promise.all([
    listEvents(database.db, projectId),
    findStudentReview(database.db, projectId),
    findPortfolioItemByProject(database.db, projectId),
  ]);
  const completion = completionOf(events);
  if (!completion) return { completion, studentReview, revealed: false, revealsAt: null, portfolioItem: item };
  const completedAt = Date.parse(completion.at);
  return {
    completion,
    studentReview,
    revealed: reviewsRevealed(completedAt, studentReview?.givenAt ?? null, now, item !== undefined),
    revealsAt: revealsAt(completedAt),
    portfolioItem: item,
  };
}
