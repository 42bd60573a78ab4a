import { outboxCounts, type StintDatabase } from '@stint/db';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  emailSent(): void;
  /** An email given up on for good (the operator's signal; it is logged at error too). */
  emailFailed(): void;
}

/**
 * The Prometheus registry: the process's own metrics, and the mail outbox — its rows by status
 * (read from the database at each scrape, so every process reports the same, shared outbox) and
 * what this process sent or gave up on.
 */
export function createMetrics(database: StintDatabase): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'stint_outbox_emails',
    help: 'Emails in the outbox by status (pending: waiting or retrying; failed: given up on)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const counts = await outboxCounts(database.db);
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });
  const sent = new Counter({ name: 'stint_emails_sent_total', help: 'Emails this process handed to the mail server', registers: [registry] });
  const failed = new Counter({
    name: 'stint_emails_failed_total',
    help: 'Emails this process gave up on for good (a 5xx refusal, or every retry spent)',
    registers: [registry],
  });
  return { registry, emailSent: () => sent.inc(), emailFailed: () => failed.inc() };
}
