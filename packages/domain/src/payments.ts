import { conflict, forbidden } from './errors.ts';
import { passes } from './passes.ts';
import type { Role } from './roles.ts';
import type { Status } from './statuses.ts';

/**
 * The agreed fee's record. Stint moves no money (as Parker Dewey's fixed fee, paid once the
 * supervisor verified the work): it records what was agreed, when it fell due, and who said it
 * was paid — and reminds. `agreed`: fixed when the student was accepted; `due`: the project is
 * completed; `paid`: the employer recorded the payment (or the student its receipt);
 * `cancelled`: the project was cancelled before completion, so nothing falls due.
 */
export const PAYMENT_STATES = ['agreed', 'due', 'paid', 'cancelled'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

/** Unpaid this long after it fell due, a fee is overdue (Upwork releases a milestone after 14 days). */
export const PAYMENT_OVERDUE_DAYS = 14;

/** What a project's move does to its fee: the row to create, the state to move to, or nothing. */
export function paymentAfterMove(from: Status, to: Status): { create: true } | { state: PaymentState; from: readonly PaymentState[] } | null {
  // Accepting a student is what fixes the fee.
  if (from === 'open' && to === 'in_progress') return { create: true };
  if (to === 'completed') return { state: 'due', from: ['agreed'] };
  // Cancelled, or the student stepped away (back to a draft): nothing falls due. A later acceptance agrees anew.
  if (to === 'cancelled' || (from === 'in_progress' && to === 'draft')) return { state: 'cancelled', from: ['agreed'] };
  return null;
}

/** How each party records the fee: the employer that it was paid (with a reference), the student that it was received. */
export const PAYMENT_RECORDS = { paid: 'employer', received: 'student' } as const satisfies Record<string, Role>;
export type PaymentRecord = keyof typeof PAYMENT_RECORDS;

/** Who says the fee was paid: the employer (with their payment's reference) or the student (received). */
export function assertCanRecordPayment(role: Role | null, state: PaymentState, record?: PaymentRecord): void {
  if (role !== 'employer' && role !== 'student') throw forbidden('not_allowed', "Only the project's employer or student may record its payment.");
  if (record && PAYMENT_RECORDS[record] !== role) {
    throw forbidden('not_allowed', record === 'paid' ? 'The employer records the fee paid.' : 'The student records the fee received.');
  }
  if (state === 'paid') throw conflict('already_paid', 'This fee is already recorded as paid.');
  if (state !== 'due') {
    throw conflict(
      'payment_not_due',
      state === 'cancelled' ? 'The project was cancelled: no fee is due.' : 'The fee falls due when the employer completes the project.',
    );
  }
}

export const canRecordPayment = (role: Role | null, state: PaymentState, record: PaymentRecord) => passes(() => assertCanRecordPayment(role, state, record));

/** Who sees the fee's record: the two parties to it. */
export function canSeePayment(role: Role | null): boolean {
  return role === 'employer' || role === 'student';
}

export const PAYMENT_STANDINGS = ['agreed', 'due', 'overdue', 'paid', 'cancelled'] as const;
export type PaymentStanding = (typeof PAYMENT_STANDINGS)[number];

export function paymentStanding(state: PaymentState, dueAt: number | null, now: number): PaymentStanding {
  if (state === 'due' && dueAt !== null && now - dueAt > PAYMENT_OVERDUE_DAYS * 86_400_000) return 'overdue';
  return state;
}
