import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { ACTIONS, type Action, decideTransition, LIFECYCLE } from './lifecycle.ts';
import { ROLES, type Role } from './roles.ts';
import { STATUSES, type Status } from './statuses.ts';

/** DESIGN.md's lifecycle in prose form: who moves a project, and from where to where. */
const expectedMoves: Record<Action, { role: Role; from: Status[]; to: Status }> = {
  publish: { role: 'employer', from: ['draft'], to: 'open' },
  accept: { role: 'employer', from: ['open'], to: 'in_progress' },
  submit: { role: 'student', from: ['in_progress'], to: 'in_review' },
  request_changes: { role: 'employer', from: ['in_review'], to: 'in_progress' },
  complete: { role: 'employer', from: ['in_review'], to: 'completed' },
  archive: { role: 'student', from: ['completed'], to: 'archived' },
  cancel: { role: 'employer', from: ['draft', 'open', 'in_progress', 'in_review'], to: 'cancelled' },
  step_away: { role: 'student', from: ['in_progress'], to: 'draft' },
};

function outcome(status: Status, action: Action, role: Role | null): string {
  try {
    return decideTransition(status, action, role);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.message.length).toBeGreaterThan(10);
    return `${error.kind}:${error.code}`;
  }
}

describe('lifecycle table', () => {
  for (const status of STATUSES) {
    for (const action of ACTIONS) {
      for (const role of [...ROLES, null]) {
        const move = expectedMoves[action];
        const want = role !== move.role ? 'forbidden:not_allowed' : move.from.includes(status) ? move.to : 'conflict:invalid_transition';
        it(`${action} by ${role ?? 'a non-member'} from ${status} → ${want}`, () => {
          expect(outcome(status, action, role)).toBe(want);
        });
      }
    }
  }

  it('has exactly the moves DESIGN.md names', () => {
    const count = Object.values(expectedMoves).reduce((n, m) => n + m.from.length, 0);
    expect(LIFECYCLE).toHaveLength(count);
  });

  it('reaches every status from draft', () => {
    const seen = new Set<Status>(['draft']);
    for (let changed = true; changed; ) {
      changed = false;
      for (const row of LIFECYCLE) {
        if (seen.has(row.from) && !seen.has(row.to)) {
          seen.add(row.to);
          changed = true;
        }
      }
    }
    expect([...seen].sort()).toEqual([...STATUSES].sort());
  });

  it('leaves archived and cancelled projects with no way out', () => {
    expect(LIFECYCLE.filter((r) => r.from === 'archived' || r.from === 'cancelled')).toEqual([]);
  });
});
