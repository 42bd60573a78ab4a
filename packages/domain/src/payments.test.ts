import { describe, expect, it } from 'vitest';
import { LIFECYCLE } from './lifecycle.ts';
import { assertCanRecordPayment, canSeePayment, PAYMENT_STATES, paymentAfterMove, paymentStanding } from './payments.ts';
import { ROLES, type Role } from './roles.ts';
import { outcome } from './testing/outcome.ts';

describe('the fee record, cell by cell', () => {
  const cells = [...ROLES, null].flatMap((role: Role | null) => PAYMENT_STATES.map((state) => ({ role, state })));
  it.each(cells)('$role records a fee that is $state', ({ role, state }) => {
    // Written apart from the rule: the two parties, once it is due, once.
    const party = role === 'employer' || role === 'student';
    const want = !party ? 'forbidden:not_allowed' : state === 'due' ? 'ok' : state === 'paid' ? 'conflict:already_paid' : 'conflict:payment_not_due';
    expect(outcome(() => assertCanRecordPayment(role, state))).toBe(want);
    expect(canSeePayment(role)).toBe(party);
  });

  it('follows every move of the lifecycle: agreed at acceptance, due at completion, nothing owed when cancelled or left', () => {
    const effects = Object.fromEntries(LIFECYCLE.map((m) => [`${m.from}→${m.to}`, paymentAfterMove(m.from, m.to)]));
    expect(effects).toEqual({
      'draft→open': null,
      'open→in_progress': { create: true },
      'in_progress→in_review': null,
      'in_review→in_progress': null,
      'in_review→completed': { state: 'due', from: ['agreed'] },
      'completed→archived': null,
      'draft→cancelled': { state: 'cancelled', from: ['agreed'] },
      'open→cancelled': { state: 'cancelled', from: ['agreed'] },
      'in_progress→cancelled': { state: 'cancelled', from: ['agreed'] },
      'in_review→cancelled': { state: 'cancelled', from: ['agreed'] },
      'in_progress→draft': { state: 'cancelled', from: ['agreed'] },
    });
  });

  it('is overdue 14 days after it fell due, unless paid', () => {
    const dueAt = Date.parse('2099-03-01T00:00:00Z');
    const day = 86_400_000;
    expect(paymentStanding('due', dueAt, dueAt + 14 * day)).toBe('due');
    expect(paymentStanding('due', dueAt, dueAt + 14 * day + 1)).toBe('overdue');
    expect(paymentStanding('paid', dueAt, dueAt + 30 * day)).toBe('paid');
  });
});

describe('each party records the fee their own way', () => {
  it('paid is the employer’s record, received the student’s; the other gets 403 before any 409', () => {
    for (const role of ROLES) {
      for (const record of ['paid', 'received'] as const) {
        const attempt = () => assertCanRecordPayment(role, 'agreed', record);
        const theirs = (record === 'paid' && role === 'employer') || (record === 'received' && role === 'student');
        expect(attempt).toThrow(expect.objectContaining({ kind: theirs ? 'conflict' : 'forbidden' }));
        if (theirs) expect(() => assertCanRecordPayment(role, 'due', record)).not.toThrow();
      }
    }
  });
});
