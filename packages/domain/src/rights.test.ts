import { describe, expect, it } from 'vitest';
import { DOC_KINDS, type DocKind } from './doc-kinds.ts';
import { allows, RIGHTS_ORDER, type Right, rightFor } from './rights.ts';
import { ROLES, type Role } from './roles.ts';
import { STATUSES, type Status } from './statuses.ts';

/**
 * DESIGN.md's roles table restated as rules, independently of how rights.ts spells it out, so
 * a slip in either shows up as a disagreement in one named cell.
 */
function expected(role: Role, kind: DocKind, status: Status): Right {
  if (kind === 'comments') return 'read'; // only the server writes comments
  const feedbackHidden = (role === 'student' || role === 'viewer') && kind === 'feedback';
  if (status === 'completed' || status === 'archived') return 'read';
  if (status === 'cancelled') return feedbackHidden ? 'none' : 'read';
  if (feedbackHidden) return 'none'; // released only on completion
  if (role === 'viewer') return 'read';
  const active = status === 'in_progress' || status === 'in_review';
  if (!active) {
    // draft/open: nobody has been accepted; only the brief is being written
    if (role === 'student') return kind === 'brief' ? 'read' : 'none';
    // The mentor proposes wording in the employer's brief.
    if (kind === 'brief') return role === 'employer' ? 'write' : 'suggest';
    return 'read';
  }
  switch (role) {
    case 'employer':
      if (kind === 'brief' || kind === 'feedback') return 'write';
      // Reviewing the student's work in place while it is under way; it stands still in review.
      if (kind === 'deliverable') return status === 'in_progress' ? 'suggest' : 'comment';
      return 'read';
    case 'mentor':
      if (kind === 'feedback') return 'write';
      if (kind === 'brief') return 'suggest';
      if (status === 'in_review') return kind === 'deliverable' ? 'comment' : 'read';
      return 'write';
    case 'student':
      if (kind === 'brief') return 'comment';
      if (status === 'in_review') return kind === 'deliverable' ? 'comment' : 'read';
      return 'write';
  }
}

describe('rights table', () => {
  for (const status of STATUSES) {
    for (const role of ROLES) {
      for (const kind of DOC_KINDS) {
        it(`${role} on ${kind} while ${status} may ${expected(role, kind, status)}`, () => {
          expect(rightFor(role, kind, status)).toBe(expected(role, kind, status));
        });
      }
    }
  }

  it('gives no client write on the comments document in any cell', () => {
    for (const status of STATUSES) for (const role of ROLES) expect(allows(rightFor(role, 'comments', status), 'comment')).toBe(false);
  });

  it('orders rights so that write includes comment includes read', () => {
    for (const have of RIGHTS_ORDER) {
      for (const need of RIGHTS_ORDER) {
        expect(allows(have, need)).toBe(RIGHTS_ORDER.indexOf(have) >= RIGHTS_ORDER.indexOf(need));
      }
    }
    expect(allows('write', 'comment')).toBe(true);
    expect(allows('write', 'suggest')).toBe(true);
    expect(allows('suggest', 'comment')).toBe(true);
    expect(allows('suggest', 'write')).toBe(false);
    expect(allows('comment', 'write')).toBe(false);
    expect(allows('none', 'read')).toBe(false);
  });
});
