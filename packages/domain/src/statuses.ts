export const STATUSES = ['draft', 'open', 'in_progress', 'in_review', 'completed', 'archived', 'cancelled'] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses after which nothing in the project may change any more. */
export const FINAL_STATUSES: readonly Status[] = ['completed', 'archived', 'cancelled'];

export function isFinal(status: Status): boolean {
  return FINAL_STATUSES.includes(status);
}
