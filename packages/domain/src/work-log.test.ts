import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from './roles.ts';
import { STATUSES } from './statuses.ts';
import { outcome } from './testing/outcome.ts';
import { assertCanEditWorkEntry, assertCanLogWork, checkWorkDate, formatMinutes } from './work-log.ts';

describe('the work log, cell by cell (role × status: 403 before 409)', () => {
  // Written apart from the rule: only the student logs, and only while the work is under way or reviewed.
  const cells = [...ROLES, null].flatMap((role: Role | null) => STATUSES.map((status) => ({ role, status })));
  it.each(cells)('$role logs time while $status', ({ role, status }) => {
    const want = role !== 'student' ? 'forbidden:not_allowed' : ['in_progress', 'in_review'].includes(status) ? 'ok' : 'conflict:invalid_transition';
    expect(outcome(() => assertCanLogWork(status, role))).toBe(want);
  });

  it('an entry changes for 48 hours, then it is frozen', () => {
    const createdAt = '2099-03-01T12:00:00.000Z';
    const at = (hours: number) => new Date(Date.parse(createdAt) + hours * 3_600_000);
    expect(outcome(() => assertCanEditWorkEntry({ status: 'in_progress', role: 'student', createdAt, now: at(48) }))).toBe('ok');
    expect(outcome(() => assertCanEditWorkEntry({ status: 'in_progress', role: 'student', createdAt, now: at(48.01) }))).toBe('conflict:entry_frozen');
    expect(outcome(() => assertCanEditWorkEntry({ status: 'in_progress', role: 'mentor', createdAt, now: at(1) }))).toBe('forbidden:not_allowed');
  });

  it('dates: not in the future, not more than 14 days back', () => {
    expect(outcome(() => checkWorkDate('2099-03-15', '2099-03-15'))).toBe('ok');
    expect(outcome(() => checkWorkDate('2099-03-01', '2099-03-15'))).toBe('ok');
    expect(outcome(() => checkWorkDate('2099-02-28', '2099-03-15'))).toBe('invalid:invalid_request');
    expect(outcome(() => checkWorkDate('2099-03-16', '2099-03-15'))).toBe('invalid:invalid_request');
  });

  it('reads totals as hours and minutes', () => {
    expect([45, 60, 195].map(formatMinutes)).toEqual(['45 min', '1 h', '3 h 15 min']);
  });
});
