import { conflict, notFound, type PaymentState, paymentAfterMove, type Role, type Status } from '@stint/domain';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import { appendEvent, type Executor, type OnEvent } from './events.ts';

export interface Payment {
  projectId: string;
  amount: number;
  currency: string;
  state: PaymentState;
  agreedAt: string;
  /** When it fell due (ms), for the overdue rule and the reminder. */
  dueAt: number | null;
  paid: { at: string; by: { id: string; name: string }; role: 'employer' | 'student'; reference: string | null } | null;
}

export async function findPayment(db: Executor, projectId: string): Promise<Payment | null> {
  const row = await db
    .selectFrom('payments')
    .leftJoin('users', 'users.id', 'payments.paid_by')
    .selectAll('payments')
    .select('users.name as payer_name')
    .where('payments.project_id', '=', projectId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    projectId: row.project_id,
    amount: Number(row.amount),
    currency: row.currency,
    state: row.state,
    agreedAt: new Date(Number(row.agreed_at)).toISOString(),
    dueAt: row.due_at === null ? null : Number(row.due_at),
    paid:
      row.paid_at === null || row.paid_by === null
        ? null
        : {
            at: new Date(Number(row.paid_at)).toISOString(),
            by: { id: row.paid_by, name: row.payer_name ?? 'Unknown' },
            role: row.paid_role as 'employer' | 'student',
            reference: row.reference,
          },
  };
}

/** In a project move's transaction: the fee follows the domain's rule (fixed at acceptance, due at completion). */
export async function followPayment(trx: Transaction<Database>, projectId: string, from: Status, to: Status, now: number): Promise<void> {
  const change = paymentAfterMove(from, to);
  if (!change) return;
  if ('create' in change) {
    const project = await trx.selectFrom('projects').select(['pay_amount', 'pay_currency']).where('id', '=', projectId).executeTakeFirstOrThrow();
    await trx
      .insertInto('payments')
      .values({
        project_id: projectId,
        amount: project.pay_amount,
        currency: project.pay_currency,
        state: 'agreed',
        agreed_at: now,
        due_at: null,
        paid_at: null,
        paid_by: null,
        paid_role: null,
        reference: null,
      })
      // A project its first student stepped away from had a fee agreed and cancelled: the next acceptance agrees anew.
      .onConflict((oc) =>
        oc.column('project_id').doUpdateSet({ amount: project.pay_amount, currency: project.pay_currency, state: 'agreed', agreed_at: now, due_at: null }),
      )
      .execute();
    return;
  }
  await trx
    .updateTable('payments')
    .set({ state: change.state, ...(change.state === 'due' ? { due_at: now } : {}) })
    .where('project_id', '=', projectId)
    .where('state', 'in', [...change.from])
    .execute();
}

/** Records the fee as paid (the employer, with a reference) or received (the student), once, as the event `payment_paid`. */
export async function recordPayment(
  db: Kysely<Database>,
  input: { projectId: string; actorId: string; role: Role; reference: string | null; onEvent?: OnEvent },
  now = Date.now(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('payments')
      .set({ state: 'paid', paid_at: now, paid_by: input.actorId, paid_role: input.role, reference: input.reference })
      .where('project_id', '=', input.projectId)
      .where('state', '=', 'due')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) {
      const exists = await trx.selectFrom('payments').select('state').where('project_id', '=', input.projectId).executeTakeFirst();
      if (!exists) throw notFound('payment_not_found', 'This project has no agreed fee yet.');
      throw conflict('payment_changed', 'The payment changed meanwhile; look again.');
    }
    await appendEvent(trx, {
      projectId: input.projectId,
      actorId: input.actorId,
      action: 'payment_paid',
      payload: { role: input.role, message: input.reference ?? undefined },
      now,
      onEvent: input.onEvent,
    });
  });
}
