import { type Kysely, sql, type Transaction } from 'kysely';
import type { Dialect } from '../dialect.ts';
import { newId } from '../ids.ts';
import type { Database, OutboxTable } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewEmail {
  /** Null for an invitation to an address no account owns. */
  userId: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  unsubscribeUrl: string | null;
}

export interface ClaimedEmail extends NewEmail {
  id: string;
  /** Including this one. */
  attempts: number;
}

/** Written in the transaction of the event it tells of: the email exists exactly when the event does. */
export async function enqueueEmails(trx: Db, emails: readonly NewEmail[], now: number): Promise<string[]> {
  if (emails.length === 0) return [];
  const ids = emails.map(() => newId());
  await trx
    .insertInto('outbox')
    .values(
      emails.map((e, i) => ({
        id: ids[i]!,
        user_id: e.userId,
        to_address: e.to,
        subject: e.subject,
        text_body: e.text,
        html_body: e.html,
        unsubscribe_url: e.unsubscribeUrl,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        lease_until: null,
        last_error: null,
        created_at: now,
        sent_at: null,
      })),
    )
    .execute();
  return ids;
}

/**
 * Leases up to `limit` emails that are due and not leased by a live worker, counting the attempt.
 * On Postgres the rows are picked with FOR UPDATE SKIP LOCKED, so workers of several processes
 * never take the same row; a worker that dies mid-send loses its lease when it runs out, and the
 * row is taken again. SQLite has one process (and serializes writers anyway).
 */
export async function claimEmails(db: Kysely<Database>, dialect: Dialect, options: { now: number; leaseMs: number; limit: number }): Promise<ClaimedEmail[]> {
  const { now, leaseMs, limit } = options;
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
  type Claimed = Pick<OutboxTable, 'id' | 'user_id' | 'to_address' | 'subject' | 'text_body' | 'html_body' | 'unsubscribe_url' | 'attempts'>;
  const result = await sql<Claimed>`update outbox set lease_until = ${now + leaseMs}, attempts = attempts + 1
      where id in (
        select id from outbox
        where status = 'pending' and next_attempt_at <= ${now} and (lease_until is null or lease_until < ${now})
        order by next_attempt_at
        limit ${limit}
        ${lock}
      )
      returning id, user_id, to_address, subject, text_body, html_body, unsubscribe_url, attempts`.execute(db);
  return result.rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    to: r.to_address,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    unsubscribeUrl: r.unsubscribe_url,
    attempts: Number(r.attempts),
  }));
}

export async function markEmailSent(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable('outbox').set({ status: 'sent', sent_at: now, lease_until: null, last_error: null }).where('id', '=', id).execute();
}

/** Another try later (the lease is let go); or, `nextAt` null, given up for good. */
export async function markEmailFailed(db: Db, id: string, error: string, nextAt: number | null): Promise<void> {
  await db
    .updateTable('outbox')
    .set(
      nextAt === null
        ? { status: 'failed', lease_until: null, last_error: error.slice(0, 1000) }
        : { next_attempt_at: nextAt, lease_until: null, last_error: error.slice(0, 1000) },
    )
    .where('id', '=', id)
    .execute();
}

export async function outboxCounts(db: Db): Promise<{ pending: number; sent: number; failed: number }> {
  const rows = await db
    .selectFrom('outbox')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute();
  const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return { pending: count('pending'), sent: count('sent'), failed: count('failed') };
}
