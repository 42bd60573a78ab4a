import type { COMMENT_DOC_KINDS } from './schemas/comments.ts';

export const DOC_KINDS = ['brief', 'deliverable', 'checkins', 'feedback', 'comments'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

/**
 * The document a comment thread on `kind` is kept in. Every member may read the comments
 * document over the websocket, but the feedback is hidden from the student until it is
 * released and a thread quotes the text it is on: so threads on the feedback live in a document
 * no socket can open (its name is not `<projectId>/<kind>`), read only through the comments API,
 * which checks the right to read the feedback.
 */
export function threadsDocName(projectId: string, kind: (typeof COMMENT_DOC_KINDS)[number]): string {
  return kind === 'feedback' ? `${projectId}/feedback-threads` : `${projectId}/comments`;
}

/** Every document a project's comment threads are kept in. */
export function threadsDocNames(projectId: string): string[] {
  return [threadsDocName(projectId, 'brief'), threadsDocName(projectId, 'feedback')];
}
