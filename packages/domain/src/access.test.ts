import { describe, expect, it } from 'vitest';
import { decideAccess } from './access.ts';
import { COMMENTABLE_KINDS, DOC_KIND_TRAITS, DOC_KINDS, VERSIONED_KINDS, WORKSPACE_KINDS } from './doc-kinds.ts';
import { notFound } from './errors.ts';
import { canSeeProject } from './policy.ts';
import { allows, RIGHTS_ORDER, rightFor } from './rights.ts';
import { ROLES } from './roles.ts';
import { STATUSES } from './statuses.ts';

describe('the one access decision', () => {
  it('agrees with the rights table in every cell: status × role × document × right', () => {
    for (const status of STATUSES) {
      for (const role of ROLES) {
        for (const kind of DOC_KINDS) {
          for (const right of RIGHTS_ORDER) {
            const decision = decideAccess(status, role, { kind, right });
            expect(decision.ok, `${status} ${role} ${kind} ${right}`).toBe(allows(rightFor(role, kind, status), right));
            if (!decision.ok) expect(decision.error.kind).toBe('forbidden');
          }
        }
      }
    }
  });

  it('hides projects: no project, and a non-member asking for a document or membership, answer alike (404)', () => {
    expect(decideAccess(null, 'employer', 'see')).toMatchObject({ ok: false, why: 'no_project' });
    for (const status of STATUSES) {
      expect(decideAccess(status, null, 'member')).toMatchObject({ ok: false, why: 'not_member' });
      expect(decideAccess(status, null, { kind: 'brief', right: 'read' })).toMatchObject({ ok: false, why: 'not_member' });
      expect(decideAccess(status, null, 'see').ok).toBe(canSeeProject(status, null));
      for (const refusal of [decideAccess(null, null, 'see'), decideAccess(status, null, 'member')]) {
        if (!refusal.ok) expect(refusal.error.code).toBe('project_not_found');
      }
    }
  });
});

describe('the needs beyond documents', () => {
  it('an applicant keeps seeing the project they applied to, but not once it is a draft again (the employer’s alone)', () => {
    for (const status of STATUSES) {
      const decision = decideAccess(status, null, 'see', { userId: 'u1', applied: true });
      expect(decision.ok, status).toBe(status !== 'draft');
      expect(decideAccess(status, null, 'member', { userId: 'u1', applied: true }).ok, status).toBe(false);
    }
  });

  it('a lifecycle move is decided by the lifecycle table, with where it leads', () => {
    expect(decideAccess('in_progress', 'student', { action: 'submit' })).toMatchObject({ ok: true, to: 'in_review' });
    expect(decideAccess('in_progress', 'employer', { action: 'submit' })).toMatchObject({ ok: false, why: 'no_right', error: { kind: 'forbidden' } });
    expect(decideAccess('open', 'student', { action: 'submit' })).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    // On the board a stranger sees the project: the table answers (403); off it, it is hidden (404).
    expect(decideAccess('open', null, { action: 'publish' })).toMatchObject({ ok: false, why: 'no_right', error: { kind: 'forbidden' } });
    expect(decideAccess('in_progress', null, { action: 'submit' })).toMatchObject({ ok: false, why: 'not_member', error: { code: 'project_not_found' } });
  });

  it('ownership: only the owner, on a project they may see; someone else gets the refusal the caller chose', () => {
    const owner = { userId: 'u1', applied: false };
    expect(decideAccess('in_progress', 'student', { owner: 'u1' }, owner).ok).toBe(true);
    expect(decideAccess('in_progress', 'mentor', { owner: 'u2' }, owner)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    const absent = notFound('thing_not_found', 'No such thing.');
    expect(decideAccess('in_progress', 'mentor', { owner: 'u2', otherwise: absent }, owner)).toMatchObject({ ok: false, error: absent });
    expect(decideAccess('draft', null, { owner: 'u1' }, { userId: 'u1', applied: true })).toMatchObject({ ok: false, why: 'not_member' });
    expect(decideAccess('in_progress', null, { owner: 'u1' }, { userId: 'u1', applied: true }).ok).toBe(true);
  });
});

describe('the table of document kinds', () => {
  it('names each trait once: commentable, versioned and workspace tabs derive from it', () => {
    expect(COMMENTABLE_KINDS).toEqual(['brief', 'deliverable', 'feedback']);
    expect(VERSIONED_KINDS).toEqual(['brief', 'deliverable', 'checkins', 'feedback']);
    expect(WORKSPACE_KINDS).toEqual(['brief', 'deliverable', 'checkins', 'feedback']);
    // Check-ins are a list of entries, not one rich text.
    expect(DOC_KIND_TRAITS.checkins.richText).toBe(false);
  });
});
