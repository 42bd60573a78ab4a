import type { DocKind } from './doc-kinds.ts';
import type { Role } from './roles.ts';
import type { Status } from './statuses.ts';

/**
 * Each right includes the ones before it. `suggest`: propose changes in place — text added is
 * marked as the suggester's, text to remove is marked for deletion — which someone who may
 * `write` accepts or rejects; the document server refuses anything else from a suggester.
 */
export const RIGHTS_ORDER = ['none', 'read', 'comment', 'suggest', 'write'] as const;
export type Right = (typeof RIGHTS_ORDER)[number];

type Row = Readonly<Record<DocKind, Right>>;
type StatusRights = Readonly<Record<Role, Row>>;

const row = (brief: Right, deliverable: Right, checkins: Right, feedback: Right): Row => ({
  brief,
  deliverable,
  checkins,
  feedback,
  // Clients only ever read the comments document: the server writes it on their behalf.
  comments: 'read',
});

/**
 * Before anyone is accepted, only the brief is being worked on. The mentor proposes wording in
 * the employer's brief rather than rewriting it: the brief is the employer's offer.
 */
const preparing: StatusRights = {
  //                  brief      deliverable checkins  feedback
  employer: row('write', 'read', 'read', 'read'),
  mentor: row('suggest', 'read', 'read', 'read'),
  student: row('read', 'none', 'none', 'none'),
  viewer: row('read', 'read', 'read', 'none'),
};

/** Once the work is done every document is frozen; feedback is released to the student. */
const frozen: StatusRights = {
  employer: row('read', 'read', 'read', 'read'),
  mentor: row('read', 'read', 'read', 'read'),
  student: row('read', 'read', 'read', 'read'),
  viewer: row('read', 'read', 'read', 'read'),
};

/**
 * The one table every server path asks: what a member in `role` may do with a document of
 * `kind` while the project is in `status`. `comment` implies `read`; `write` implies both.
 */
export const RIGHTS: Readonly<Record<Status, StatusRights>> = {
  draft: preparing,
  open: preparing,
  // The employer reviews the student's deliverable by suggesting, not overwriting: the student
  // accepts or rejects, and the words accepted count as the employer's. The mentor keeps
  // writing (and may choose to suggest instead, in the editor).
  in_progress: {
    //                  brief      deliverable checkins  feedback
    employer: row('write', 'suggest', 'read', 'write'),
    mentor: row('suggest', 'write', 'write', 'write'),
    student: row('comment', 'write', 'write', 'none'),
    viewer: row('read', 'read', 'read', 'none'),
  },
  // The submitted deliverable stands still while it is reviewed; check-ins belong to in_progress.
  in_review: {
    employer: row('write', 'comment', 'read', 'write'),
    mentor: row('suggest', 'comment', 'read', 'write'),
    student: row('comment', 'comment', 'read', 'none'),
    viewer: row('read', 'read', 'read', 'none'),
  },
  completed: frozen,
  archived: frozen,
  // A cancelled project is frozen too, but feedback that was never released stays unreleased.
  cancelled: {
    employer: row('read', 'read', 'read', 'read'),
    mentor: row('read', 'read', 'read', 'read'),
    student: row('read', 'read', 'read', 'none'),
    viewer: row('read', 'read', 'read', 'none'),
  },
};

export function rightFor(role: Role, kind: DocKind, status: Status): Right {
  return RIGHTS[status][role][kind];
}

/** True when `have` includes `need` (write ⊇ comment ⊇ read ⊇ none). */
export function allows(have: Right, need: Right): boolean {
  return RIGHTS_ORDER.indexOf(have) >= RIGHTS_ORDER.indexOf(need);
}
