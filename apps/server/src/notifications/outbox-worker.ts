import { claimEmails, enqueueEmails, markEmailFailed, markEmailSent, type StintDatabase, takeDigest, usersWithDigest } from '@stint/db';
import { OUTBOX_RETRY, retryDelayMs } from '@stint/domain';
import type { Logger } from 'pino';
import { composeEmail } from './emails.ts';
import { isPermanent, type Mailer } from './mailer.ts';

export interface OutboxWorkerOptions {
  database: StintDatabase;
  mailer: Mailer;
  logger: Logger;
  baseUrl: () => string;
  clock?: () => number;
  /** How long a claimed email is this worker's; past it another process may take it over. */
  leaseMs?: number;
  /** How often to look for due emails when nobody nudges. */
  pollMs?: number;
  /** The first retry's wait (then doubling); tests shorten it. */
  retryBaseMs?: number;
  /** The hour (UTC) daily digests go out. */
  digestHourUtc?: number;
  /** Work that writes into the outbox, run first on every pass (reminders). */
  jobs?: ReadonlyArray<() => Promise<unknown>>;
  /** Told of each email sent and each given up on (metrics). */
  onSent?(): void;
  onFailed?(): void;
}

export interface OutboxWorker {
  start(): void;
  /** Look now (an event just committed emails). */
  nudge(): void;
  /** One pass: digests due, then due emails. Resolves when it is done. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
  /** Emails given up on since start, for operators. */
  readonly failures: number;
}

// One at a time: a claimed email is sent well inside its lease (the mailer's timeouts are half
// of it), so another process never takes over an email that is still being sent.
const BATCH = 1;

/** The most recent digest time at or before `now`: today's digest hour, or yesterday's. */
export function digestCutoff(now: number, hourUtc: number): number {
  const day = new Date(now);
  const today = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hourUtc);
  return today <= now ? today : today - 86_400_000;
}

/**
 * Sends what the outbox holds: each email claimed under a lease, sent, then marked; a failure is
 * retried with doubling waits up to OUTBOX_RETRY.maxAttempts, and a permanent refusal (5xx) or
 * the last failure is recorded as failed and logged at error for operators. Daily digests are
 * written into the outbox the same way, at the digest hour.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { database, mailer, logger } = options;
  const clock = options.clock ?? Date.now;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 2000;
  const retryBase = options.retryBaseMs ?? OUTBOX_RETRY.firstDelayMs;
  const digestHour = options.digestHourUtc ?? 7;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let failures = 0;

  async function writeDigests(): Promise<void> {
    const cutoff = digestCutoff(clock(), digestHour);
    for (const userId of await usersWithDigest(database.db, cutoff)) {
      await database.db.transaction().execute(async (trx) => {
        const items = await takeDigest(trx, userId, cutoff, clock());
        const person = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirst();
        if (items.length === 0 || !person) return;
        const content = composeEmail({
          recipientName: person.name,
          subject: items.length === 1 ? items[0]!.text : `${items.length} updates from Stint`,
          lines: items.map((i) => ({ text: i.text, message: i.message, url: `${options.baseUrl()}${i.link}` })),
          unsubscribeUrl: null,
          settingsUrl: `${options.baseUrl()}/settings/notifications`,
        });
        await enqueueEmails(trx, [{ userId, to: person.email, unsubscribeUrl: null, ...content }], clock());
      });
    }
  }

  async function sendDue(): Promise<void> {
    for (;;) {
      const batch = await claimEmails(database.db, database.dialect, { now: clock(), leaseMs, limit: BATCH });
      for (const email of batch) {
        try {
          await mailer.send(email);
          await markEmailSent(database.db, email.id, clock());
          options.onSent?.();
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          const last = isPermanent(error) || email.attempts >= OUTBOX_RETRY.maxAttempts;
          if (last) {
            failures += 1;
            options.onFailed?.();
            logger.error({ outboxId: email.id, to: email.to, attempts: email.attempts, err: error }, 'email failed for good');
          } else {
            logger.warn({ outboxId: email.id, attempts: email.attempts, reason }, 'email not sent; will retry');
          }
          const wait = retryDelayMs(email.attempts, retryBase);
          await markEmailFailed(database.db, email.id, reason, last ? null : clock() + wait);
        }
      }
      if (batch.length < BATCH) return;
    }
  }

  async function pass(): Promise<void> {
    try {
      for (const job of options.jobs ?? []) await job();
      await writeDigests();
      await sendDue();
    } catch (error) {
      logger.error({ err: error }, 'outbox pass failed');
    }
  }

  function runOnce(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await pass();
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().finally(schedule), pollMs);
    timer.unref();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      void runOnce();
      schedule();
    },
    nudge() {
      if (!stopped) void runOnce();
    },
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      mailer.close();
    },
    get failures() {
      return failures;
    },
  };
}
