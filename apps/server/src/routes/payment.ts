import { createRoute } from '@hono/zod-openapi';
import { findPayment, type Payment, recordPayment } from '@stint/db';
import {
  assertCanRecordPayment,
  canRecordPayment,
  canSeePayment,
  forbidden,
  IdParam,
  MarkPaidBody,
  notFound,
  PAYMENT_OVERDUE_DAYS,
  type PaymentRecord,
  PaymentResponse,
  paymentStanding,
  type Role,
  type User,
} from '@stint/domain';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import { newRouter } from '../http/router.ts';
import { requireUser } from '../middleware/authenticate.ts';
import type { MilestoneDeps } from './milestones.ts';

const { 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 } = errorResponses;
const TAG = ['payment'];
const DAY = 86_400_000;

/**
 * The agreed fee, for its two parties: fixed when the student was accepted, due once the project
 * is completed, overdue 14 days later (both are reminded once); the employer records it paid with
 * a reference, or the student records it received. Stint moves no money.
 */
export function paymentRoutes({ database, authorize, onProjectChanged, tell, clock }: Omit<MilestoneDeps, 'extensionNoticeDays'>) {
  const router = newRouter();
  const view = (p: Payment, role: Role) => ({
    amount: p.amount,
    currency: p.currency,
    state: p.state,
    standing: paymentStanding(p.state, p.dueAt, clock()),
    agreedAt: p.agreedAt,
    dueAt: p.dueAt === null ? null : new Date(p.dueAt).toISOString(),
    overdueFrom: p.dueAt === null ? null : new Date(p.dueAt + PAYMENT_OVERDUE_DAYS * DAY).toISOString(),
    paid: p.paid,
    abilities: { recordPaid: canRecordPayment(role, p.state, 'paid'), recordReceived: canRecordPayment(role, p.state, 'received') },
  });

  async function parties(projectId: string, user: User) {
    const { role } = await authorize(user, projectId, 'member');
    if (!canSeePayment(role)) throw forbidden('not_allowed', "The fee is between the project's employer and its student.");
    return role!;
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects/{id}/payment',
      tags: TAG,
      summary: 'The agreed fee and whether it is paid (the employer and the student)',
      security: signedIn,
      request: { params: IdParam },
      responses: { 200: jsonResponse(PaymentResponse, 'The fee; null before a student is accepted.'), 401: e401, 403: e403, 404: e404 },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const role = await parties(id, requireUser(c));
      const payment = await findPayment(database.db, id);
      return c.json({ payment: payment && view(payment, role) }, 200);
    },
  );

  /** The employer records the fee paid, the student received: once it is due, once. */
  async function record(kind: PaymentRecord, projectId: string, user: User, reference: string | null) {
    const role = await parties(projectId, user);
    // The party first (403), then whether it is due (409).
    assertCanRecordPayment(role, 'due', kind);
    const payment = await findPayment(database.db, projectId);
    if (!payment) throw notFound('payment_not_found', 'This project has no agreed fee yet.');
    assertCanRecordPayment(role, payment.state, kind);
    const telling = tell();
    await recordPayment(database.db, { projectId, actorId: user.id, role, reference, onEvent: telling.onEvent }, clock());
    await onProjectChanged(projectId, ['plan', 'activity']);
    telling.done();
    return { payment: view((await findPayment(database.db, projectId))!, role) };
  }

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/payment/paid',
      tags: TAG,
      summary: 'Record the fee paid, with the payment’s reference (the employer)',
      security: signedIn,
      request: { params: IdParam, ...jsonBody(MarkPaidBody) },
      responses: { 200: jsonResponse(PaymentResponse, 'The fee.'), 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => c.json(await record('paid', c.req.valid('param').id, requireUser(c), c.req.valid('json').reference), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/payment/received',
      tags: TAG,
      summary: 'Record the fee received (the student)',
      security: signedIn,
      request: { params: IdParam },
      responses: { 200: jsonResponse(PaymentResponse, 'The fee.'), 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => c.json(await record('received', c.req.valid('param').id, requireUser(c), null), 200),
  );
  return router;
}
