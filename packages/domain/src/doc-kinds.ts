export const DOC_KINDS = ['brief', 'deliverable', 'checkins', 'feedback', 'comments'] as const;
export type DocKind = (typeof DOC_KINDS)[number];
