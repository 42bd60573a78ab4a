import type { DocKind } from './doc-kinds.ts';
import { type DomainError, forbidden, notFound } from './errors.ts';
import { canSeeProject } from './policy.ts';
import { allows, type Right, rightFor } from './rights.ts';
import type { Role } from './roles.ts';
import type { Status } from './statuses.ts';

/**
 * What a caller needs of a project: to see it (open projects are on the board), to be one of
 * its members, or a right on one of its documents.
 */
export type AccessNeed = 'see' | 'member' | { kind: DocKind; right: Right };

/** Why access was refused: the transport decides how to say it (REST hides membership, sockets don't). */
export type AccessRefusal = 'no_project' | 'not_member' | 'no_right';

export type AccessDecision = { ok: true; right: Right | null } | { ok: false; why: AccessRefusal; error: DomainError };

const hidden = () => notFound('project_not_found', 'There is no project with that id, or you may not see it.');

/**
 * The one access decision, for every REST route and the document socket: from the project's
 * status (null: no such project) and the caller's role in it (null: not a member). A project the
 * caller may not see answers like one that doesn't exist, so hidden projects don't leak.
 */
export function decideAccess(status: Status | null, role: Role | null, need: AccessNeed): AccessDecision {
  if (status === null) return { ok: false, why: 'no_project', error: hidden() };
  if (need === 'see') return canSeeProject(status, role) ? { ok: true, right: null } : { ok: false, why: 'not_member', error: hidden() };
  if (role === null) return { ok: false, why: 'not_member', error: hidden() };
  if (need === 'member') return { ok: true, right: null };
  const right = rightFor(role, need.kind, status);
  if (allows(right, need.right)) return { ok: true, right };
  const verb = need.right === 'write' ? 'change' : need.right === 'comment' ? 'comment on' : 'read';
  return {
    ok: false,
    why: 'no_right',
    error: forbidden('not_allowed', `A ${role} may not ${verb} the ${need.kind} while the project is ${status.replace('_', ' ')}.`),
  };
}
