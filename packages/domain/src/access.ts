import type { DocKind } from './doc-kinds.ts';
import { type DomainError, forbidden, notFound } from './errors.ts';
import { type Action, decideTransition } from './lifecycle.ts';
import { canSeeProject } from './policy.ts';
import { allows, type Right, rightFor } from './rights.ts';
import type { Role } from './roles.ts';
import type { Status } from './statuses.ts';

/**
 * What a caller needs of a project: to see it (open projects are on the board; an applicant
 * keeps seeing the one they applied to), to be one of its members, a right on one of its
 * documents, a move of the lifecycle table, or to own a thing in it (a work-log entry, a
 * portfolio item, an application) on a project they may see; `otherwise` is what someone else
 * is told (by default a 403; a 404 where the thing should not be known to exist).
 */
export type AccessNeed = 'see' | 'member' | { kind: DocKind; right: Right } | { action: Action } | { owner: string; otherwise?: DomainError };

/** Who is asking, beyond their role: their id (for ownership) and whether they applied. */
export interface AccessCaller {
  userId: string | null;
  applied: boolean;
}

/** Why access was refused: the transport decides how to say it (REST hides membership, sockets don't). */
export type AccessRefusal = 'no_project' | 'not_member' | 'no_right';

export type AccessDecision =
  | {
      ok: true;
      /** The caller's right on the document asked about (null when no document was named). */
      right: Right | null;
      /** Where the asked-for move takes the project (null when no move was asked about). */
      to: Status | null;
    }
  | { ok: false; why: AccessRefusal; error: DomainError };

const hidden = () => notFound('project_not_found', 'There is no project with that id, or you may not see it.');
const granted = (right: Right | null = null, to: Status | null = null): AccessDecision => ({ ok: true, right, to });
const refused = (why: AccessRefusal, error: DomainError): AccessDecision => ({ ok: false, why, error });

const VERBS: Readonly<Record<Right, string>> = { none: 'see', read: 'read', comment: 'comment on', suggest: 'suggest changes to', write: 'change' };

/** What a member in `role` may do with a `kind` document now: every path that asks about documents asks this. */
export function mayUseDocument(role: Role | null, kind: DocKind, status: Status, need: Right): boolean {
  return role !== null && allows(rightFor(role, kind, status), need);
}

/**
 * The one access decision, for every REST route, the document socket, the exporters and the
 * notifier: from the project's status (null: no such project), the caller's role in it (null: not
 * a member) and who they are. A project the caller may not see answers like one that doesn't
 * exist, so hidden projects don't leak.
 */
export function decideAccess(
  status: Status | null,
  role: Role | null,
  need: AccessNeed,
  caller: AccessCaller = { userId: null, applied: false },
): AccessDecision {
  if (status === null) return refused('no_project', hidden());
  const sees = canSeeProject(status, role, caller.applied);
  if (need === 'see') return sees ? granted() : refused('not_member', hidden());
  if (typeof need === 'object' && 'owner' in need) {
    if (!sees) return refused('not_member', hidden());
    if (need.owner === caller.userId) return granted();
    return refused('no_right', need.otherwise ?? forbidden('not_allowed', 'Only the person it belongs to may change it.'));
  }
  if (typeof need === 'object' && 'action' in need) {
    // A move on a project the caller sees (the board's) but is not in is the table's 403, not a 404.
    if (!sees) return refused('not_member', hidden());
    try {
      return granted(null, decideTransition(status, need.action, role));
    } catch (error) {
      return refused('no_right', error as DomainError);
    }
  }
  if (role === null) return refused('not_member', hidden());
  if (need === 'member') return granted();
  const right = rightFor(role, need.kind, status);
  if (allows(right, need.right)) return granted(right);
  return refused(
    'no_right',
    forbidden('not_allowed', `A ${role} may not ${VERBS[need.right]} the ${need.kind} while the project is ${status.replace('_', ' ')}.`),
  );
}
