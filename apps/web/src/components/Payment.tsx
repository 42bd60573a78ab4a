import { API, type ApiAnswer } from '@stint/domain';
import { type FormEvent, useState } from 'react';
import { call, errorText } from '../lib/api.ts';
import { formatDay } from '../lib/dates.ts';
import { apiKey, queryClient, useApi } from '../lib/queries.ts';
import { money } from '../lib/types.ts';
import { Alert } from './Alert.tsx';

type Fee = NonNullable<ApiAnswer<typeof API.payment>['payment']>;

const day = formatDay;

const SAYS: Record<Fee['standing'], (f: Fee) => string> = {
  agreed: () => 'Agreed: due when the employer completes the project.',
  due: (f) => `Due since ${day(f.dueAt!)}; overdue from ${day(f.overdueFrom!)}.`,
  overdue: (f) => `Overdue: due since ${day(f.dueAt!)} and not yet recorded as paid.`,
  paid: (f) =>
    `Paid — recorded ${day(f.paid!.at)} by ${f.paid!.by.name}${f.paid!.role === 'student' ? ' (received)' : ''}${f.paid!.reference ? `, reference ${f.paid!.reference}` : ''}.`,
  cancelled: () => 'The project was cancelled before completion: nothing is due.',
};

/** The agreed fee for the two parties to it: where it stands, and recording it paid or received. Stint moves no money. */
export function Payment({ projectId }: { projectId: string }) {
  const answer = useApi(API.payment, { params: { id: projectId } });
  const [failure, setError] = useState<string | null>(null);
  const error = failure ?? answer.error;
  const fee = answer.data?.payment ?? null;
  // The answer to a recording is the fee as it now stands: the cache holds it at once.
  const setFee = (payment: Fee | null) => queryClient.setQueryData(apiKey(API.payment, { params: { id: projectId } }), { payment });
  if (!fee) return error ? <Alert error={error} /> : null;
  const markPaid = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reference = String(new FormData(event.currentTarget).get('reference'));
    try {
      setFee((await call(API.markPaid, { params: { id: projectId }, body: { reference } })).payment);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const markReceived = async () => {
    try {
      setFee((await call(API.markReceived, { params: { id: projectId } })).payment);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section aria-labelledby="payment-heading" id="payment" className="card stack" data-payment={fee.standing}>
      <div className="row between wrap">
        <h2 id="payment-heading">Fee: {money(fee)}</h2>
        <span className={`standing payment-${fee.standing}`}>{fee.standing === 'paid' ? 'Paid' : fee.standing[0]!.toUpperCase() + fee.standing.slice(1)}</span>
      </div>
      <p>{SAYS[fee.standing](fee)}</p>
      {fee.abilities.recordPaid ? (
        <form className="row wrap end" aria-label="Record the fee paid" onSubmit={markPaid}>
          <label className="grow">
            Payment reference (bank transfer, PayPal, invoice…)
            <input name="reference" required maxLength={200} />
          </label>
          <button type="submit">Mark paid</button>
        </form>
      ) : null}
      {fee.abilities.recordReceived ? (
        <button type="button" className="secondary" onClick={markReceived}>
          I received it
        </button>
      ) : null}
      <Alert error={error} />
    </section>
  );
}
