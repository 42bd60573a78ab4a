import type { Payment } from '@stint/db';

/**
 * Where a fee could one day be paid out (Stripe Connect, a payroll provider). Stint moves no money
 * today: when a fee falls due the provider is asked to settle it, and the only adapter there is —
 * recording only — answers that it did not, so the employer records the payment themselves.
 * An adapter that pays answers its reference, and the fee is recorded paid with it.
 */
export interface PaymentProvider {
  readonly name: string;
  settle(payment: Payment & { payeeId: string }): Promise<{ reference: string } | null>;
}

export const RECORD_ONLY: PaymentProvider = {
  name: 'record only (the employer pays outside Stint and records it here)',
  settle: async () => null,
};
