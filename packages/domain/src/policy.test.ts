import { describe, expect, it } from 'vitest';
import type { DomainError } from './errors.ts';
import { assertCanApply, assertCanInvite, canSeeProject, checkCheckinDates } from './policy.ts';
import { assertRatingFits } from './rating.ts';
import { ROLES } from './roles.ts';
import { CreateProjectBody, ListProjectsQuery, SignupBody } from './schemas/index.ts';
import { STATUSES } from './statuses.ts';
import { describeIssues } from './validation.ts';

describe('project visibility', () => {
  for (const status of STATUSES) {
    for (const role of [...ROLES, null]) {
      const want = status === 'open' ? true : role !== null;
      it(`${role ?? 'a non-member'} ${want ? 'sees' : 'does not see'} a ${status} project`, () => {
        expect(canSeeProject(status, role)).toBe(want);
        // Having applied adds every state but a draft (the employer's alone again after a step-away).
        expect(canSeeProject(status, role, true)).toBe(want || status !== 'draft');
      });
    }
  }
});

describe('applying and inviting', () => {
  it('lets only non-members apply, only while open', () => {
    for (const status of STATUSES) {
      for (const role of [...ROLES, null]) {
        const attempt = () => assertCanApply(status, role);
        if (role !== null) expect(attempt).toThrow(expect.objectContaining({ kind: 'forbidden' }));
        else if (status !== 'open') expect(attempt).toThrow(expect.objectContaining({ kind: 'conflict' }));
        else expect(attempt).not.toThrow();
      }
    }
  });

  it('lets only the employer invite, and not after the work is over', () => {
    for (const status of STATUSES) {
      for (const role of [...ROLES, null]) {
        const attempt = () => assertCanInvite(status, role);
        if (role !== 'employer') expect(attempt).toThrow(expect.objectContaining({ kind: 'forbidden' }));
        else if (['completed', 'archived', 'cancelled'].includes(status)) {
          expect(attempt).toThrow(expect.objectContaining({ kind: 'conflict' }));
        } else expect(attempt).not.toThrow();
      }
    }
  });
});

describe('ratings', () => {
  it('need every project skill and no other', () => {
    expect(() => assertRatingFits(['sql', 'python'], { skills: { sql: 4, python: 5 }, wouldWorkAgain: true })).not.toThrow();
    expect(() => assertRatingFits(['sql', 'python'], { skills: { sql: 4 }, wouldWorkAgain: true })).toThrow(/missing: python/);
    expect(() => assertRatingFits(['sql'], { skills: { sql: 4, go: 2 }, wouldWorkAgain: false })).toThrow(/"go"/);
  });
});

describe('schemas', () => {
  it('normalise email and reject unknown keys with a readable message', () => {
    expect(SignupBody.parse({ email: ' Ada@Example.COM ', password: 'long enough pw', name: 'Ada' }).email).toBe('ada@example.com');
    const bad = SignupBody.safeParse({ email: 'nope', password: 'short', name: 'A', admin: true });
    expect(bad.success).toBe(false);
    const text = describeIssues(bad.error!);
    expect(text).toMatch(/email: That is not a valid email address/);
    expect(text).toMatch(/password: A password needs at least 10 characters/);
    expect(text).toMatch(/admin/);
  });

  it('hold a project to whole minor units, ISO currency and real dates', () => {
    const base = { title: 'Data clean-up', summary: 'Tidy a CSV', skills: ['SQL'], estimatedHours: 10, compensation: { amount: 50000, currency: 'USD' } };
    expect(CreateProjectBody.parse(base).skills).toEqual(['sql']);
    expect(CreateProjectBody.safeParse({ ...base, compensation: { amount: 10.5, currency: 'USD' } }).success).toBe(false);
    expect(CreateProjectBody.safeParse({ ...base, compensation: { amount: 10, currency: 'usd' } }).success).toBe(false);
    expect(CreateProjectBody.safeParse({ ...base, dueDate: '2026-02-30' }).success).toBe(false);
    expect(CreateProjectBody.safeParse({ ...base, dueDate: daysFromNow(5) }).success).toBe(true);
    expect(CreateProjectBody.safeParse({ ...base, skills: ['sql', 'SQL'] }).success).toBe(false);
  });

  it('refuse nonsense a person would not mean: past due dates, no pay, unknown currencies, invisible titles, object-machinery skills', () => {
    const base = { title: 'Data clean-up', summary: 'Tidy a CSV', skills: ['SQL'], estimatedHours: 10, compensation: { amount: 50000, currency: 'USD' } };
    const refused = (patch: Record<string, unknown>, message: RegExp) => {
      const result = CreateProjectBody.safeParse({ ...base, ...patch });
      expect(result.success, JSON.stringify(patch)).toBe(false);
      expect(describeIssues(result.error!)).toMatch(message);
    };
    refused({ dueDate: daysFromNow(-1) }, /past/);
    expect(CreateProjectBody.safeParse({ ...base, dueDate: daysFromNow(0) }).success).toBe(true);
    refused({ compensation: { amount: 0, currency: 'USD' } }, /paid/);
    refused({ compensation: { amount: 100, currency: 'XYZ' } }, /ISO 4217 knows/);
    refused({ title: '\u200b\u200b\u200b\u200b' }, /visible/);
    refused({ title: '\u0001\u0002\u0003abc' }, /control/);
    refused({ summary: '\u200b' }, /sentence/);
    refused({ skills: ['__proto__'] }, /skill name/);
    refused({ skills: ['\u200b'] }, /visible/);
  });

  it('parse list filters from query strings', () => {
    expect(ListProjectsQuery.parse({ minPay: '100', limit: '5', mine: 'true' })).toEqual({ minPay: 100, limit: 5, mine: true });
    expect(ListProjectsQuery.safeParse({ limit: '-1' }).success).toBe(false);
    expect(ListProjectsQuery.safeParse({ status: 'nope' }).success).toBe(false);
  });
});

function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('check-in dates', () => {
  const check = (dates: string[], scheduled: string[] = [], projectDue: string | null = '2026-12-31') => {
    try {
      checkCheckinDates(dates, { today: '2026-12-07', projectDue, scheduled });
      return 'ok';
    } catch (error) {
      return (error as DomainError).code;
    }
  };
  it('added ones are from today to the project’s due date; those already scheduled stay', () => {
    expect(check(['2026-12-07', '2026-12-31'])).toBe('ok');
    expect(check(['1970-01-01'])).toBe('invalid_request');
    expect(check(['2026-12-06'])).toBe('invalid_request');
    expect(check(['2027-01-01'])).toBe('invalid_request');
    expect(check(['2027-01-01'], [], null)).toBe('ok');
    expect(check(['2026-12-01', '2026-12-20'], ['2026-12-01'])).toBe('ok');
  });
});
