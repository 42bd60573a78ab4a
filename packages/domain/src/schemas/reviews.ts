import { z } from 'zod';
import { Rating } from './projects.ts';
import { text } from './words.ts';

const Score = z.number().int('A score is a whole number from 1 to 5.').min(1, 'A score is from 1 to 5.').max(5, 'A score is from 1 to 5.');
const Comment = text('A comment', 2000).optional();

/** The student's review: of the employer, and of each mentor of the project (none when it has none). */
export const StudentReviewBody = z.strictObject({
  employer: z.strictObject({ clarity: Score, responsiveness: Score, wouldWorkAgain: z.boolean(), comment: Comment }),
  mentors: z.array(z.strictObject({ mentorId: z.string().min(1).max(64), helpfulness: Score, comment: Comment })).max(20),
});
export type StudentReviewBody = z.infer<typeof StudentReviewBody>;
export const EditRatingBody = z.strictObject({ rating: Rating });

const Person = z.object({ id: z.string(), name: z.string() });
const Given = { givenAt: z.string(), editableUntil: z.string() };

export const ReviewsResponse = z.object({
  /** Null until the project is completed. */
  completedAt: z.string().nullable(),
  /** When the employer's rating shows to the student without their review. */
  revealsAt: z.string().nullable(),
  revealed: z.boolean(),
  /** The employer's rating of the student; `rating` is null for the student until revealed. */
  ofStudent: z.object({ by: Person.nullable(), rating: Rating.nullable(), ...Given }).nullable(),
  /** The student's review; null until given, and for the employer and mentors until revealed. */
  byStudent: z
    .object({
      by: Person,
      employer: z.object({ clarity: z.number(), responsiveness: z.number(), wouldWorkAgain: z.boolean(), comment: z.string() }),
      mentors: z.array(z.object({ mentor: Person, helpfulness: z.number(), comment: z.string() })),
      ...Given,
    })
    .nullable(),
  /** The project's mentors, whom the student reviews. */
  mentors: z.array(Person),
  /** What the caller may do now (the domain's reviewAbilities): change the rating (the employer), give or change their review (the student). */
  abilities: z.object({ editRating: z.boolean(), review: z.boolean() }),
});
export type ReviewsResponse = z.infer<typeof ReviewsResponse>;
