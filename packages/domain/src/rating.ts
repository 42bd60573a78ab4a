import { invalid } from './errors.ts';
import type { Rating } from './schemas/projects.ts';

/** A completion rating scores every skill the project named, and only those. */
export function assertRatingFits(projectSkills: readonly string[], rating: Rating): void {
  const rated = Object.keys(rating.skills);
  const unknown = rated.filter((s) => !projectSkills.includes(s));
  if (unknown.length > 0) {
    throw invalid('unknown_skill', `This project does not list ${unknown.map((s) => `"${s}"`).join(', ')}; rate only ${projectSkills.join(', ')}.`);
  }
  const missing = projectSkills.filter((s) => !rated.includes(s));
  if (missing.length > 0) {
    throw invalid('missing_rating', `Rate every skill of the project from 1 to 5; missing: ${missing.join(', ')}.`);
  }
}
