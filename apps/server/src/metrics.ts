import type { Bus, CollabMetrics, DocServer } from '@stint/collab';
import { CloseCode } from '@stint/collab';
import { outboxCounts, type StintDatabase } from '@stint/db';
import type { MiddlewareHandler } from 'hono';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AppEnv } from './http/env.ts';

export interface Metrics {
  registry: Registry;
  emailSent(): void;
  /** An email given up on for good (the operator's signal; it is logged at error too). */
  emailFailed(): void;
  /** What the document server counts; handed to createDocServer. */
  collab: CollabMetrics;
  /** One series per route pattern (never per URL: ids would make unbounded label values). */
  http: MiddlewareHandler<AppEnv>;
  /** The bus, counting what goes out and comes in. */
  countBus(bus: Bus): Bus;
}

type DocStats = ReturnType<DocServer['stats']>;

/** Close codes by name, for labels: `refused_edits`, `invalid_shape`, `too_slow`… */
const CLOSE_REASON = new Map<number, string>(Object.entries(CloseCode).map(([name, code]) => [code, name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]));
/** The closes that are a client's write refused. */
const REFUSED_WRITES = new Set<number>([CloseCode.refusedEdits, CloseCode.invalidShape, CloseCode.documentFull, CloseCode.tooLarge, CloseCode.malformed]);

/**
 * The Prometheus registry (names in README): the process's own metrics; HTTP requests by route
 * and status with their latency; the document server's sockets, documents, updates received /
 * stored / relayed, group-commit size and latency, bytes queued to slow sockets, refused writes,
 * compactions; the bus's messages; and the mail outbox — its rows by status (read from the
 * database at each scrape, so every process reports the same, shared outbox) and what this
 * process sent or gave up on.
 */
export function createMetrics(database: StintDatabase, documents: () => DocStats | undefined): Metrics {
  const registry = new Registry();
  /** The same listener always wraps to the same function (per registry), so unsubscribing finds it. */
  const countedListeners = new WeakMap<(message: Uint8Array) => void, (message: Uint8Array) => void>();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'stint_outbox_emails',
    help: 'Emails in the outbox by status (pending: waiting or retrying; failed: given up on)',
    labelNames: ['status'],
    registers,
    async collect() {
      const counts = await outboxCounts(database.db);
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });
  const sent = new Counter({ name: 'stint_emails_sent_total', help: 'Emails this process handed to the mail server', registers });
  const failed = new Counter({
    name: 'stint_emails_failed_total',
    help: 'Emails this process gave up on for good (a 5xx refusal, or every retry spent)',
    registers,
  });

  const counter = (name: string, help: string, labelNames: string[] = []) => new Counter({ name, help, labelNames, registers });
  const histogram = (name: string, help: string, buckets: number[], labelNames: string[] = []) => new Histogram({ name, help, buckets, labelNames, registers });
  const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

  const requests = counter('stint_http_requests_total', 'HTTP requests by method, route pattern and status', ['method', 'route', 'status']);
  const latency = histogram(
    'stint_http_request_duration_seconds',
    'HTTP request latency by method and route pattern',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    ['method', 'route'],
  );

  const gauge = (name: string, help: string, read: (s: DocStats) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        const stats = documents();
        if (stats) this.set(read(stats));
      },
    });
  gauge('stint_open_sockets', 'Document sockets open on this process', (s) => s.connections);
  gauge('stint_loaded_documents', 'Documents loaded in memory on this process', (s) => s.documents);
  gauge('stint_socket_queued_bytes', 'Bytes accepted for sockets but not yet sent (slow readers)', (s) => s.queuedBytes);
  const received = counter('stint_updates_received_total', 'Client updates accepted for storing');
  const stored = counter('stint_updates_stored_total', 'Updates written to the store (group commits)');
  const relayed = counter('stint_updates_relayed_total', 'Stored updates delivered to other sockets (one per socket)');
  const batch = histogram('stint_commit_batch_updates', 'Updates per group commit (one transaction)', [1, 2, 5, 10, 20, 50, 100, 200, 500]);
  const commitSeconds = histogram('stint_commit_seconds', 'How long the store took for one group commit', SECONDS);
  const closes = counter('stint_socket_closes_total', 'Sockets the server closed, by reason (close code)', ['reason']);
  const refused = counter(
    'stint_refused_writes_total',
    'Client writes refused, by reason (refused_edits, invalid_shape, document_full, too_large, malformed)',
    ['reason'],
  );
  const compactions = counter('stint_compactions_total', 'Document logs folded into their snapshots');
  const compactionSeconds = histogram('stint_compaction_seconds', 'How long one compaction took (encode, merge, one transaction)', SECONDS);
  const busMessages = counter('stint_bus_messages_total', 'Bus messages published (out) and heard (in)', ['direction']);
  const busBytes = counter('stint_bus_bytes_total', 'Bus message bytes published (out) and heard (in)', ['direction']);
  const busLag = histogram('stint_bus_lag_seconds', "From another process's publish to this one hearing it (by the two hosts' clocks)", SECONDS);

  return {
    registry,
    emailSent: () => sent.inc(),
    emailFailed: () => failed.inc(),
    collab: {
      received: () => received.inc(),
      committed(updates, seconds) {
        stored.inc(updates);
        batch.observe(updates);
        commitSeconds.observe(seconds);
      },
      relayed: (sockets) => relayed.inc(sockets),
      closed(code) {
        const reason = CLOSE_REASON.get(code) ?? String(code);
        closes.inc({ reason });
        if (REFUSED_WRITES.has(code)) refused.inc({ reason });
      },
      compacted(seconds) {
        compactions.inc();
        compactionSeconds.observe(seconds);
      },
      busLag: (seconds) => busLag.observe(seconds),
    },
    http: async (c, next) => {
      const started = performance.now();
      await next();
      const route = c.req.routePath || 'unmatched';
      requests.inc({ method: c.req.method, route, status: String(c.res.status) });
      latency.observe({ method: c.req.method, route }, (performance.now() - started) / 1000);
    },
    countBus: (bus) => ({
      ...bus,
      publish(channel, message) {
        busMessages.inc({ direction: 'out' });
        busBytes.inc({ direction: 'out' }, message.byteLength);
        return bus.publish(channel, message);
      },
      subscribe(channel, listener) {
        return bus.subscribe(channel, counted(listener));
      },
      unsubscribe(channel, listener) {
        bus.unsubscribe(channel, counted(listener));
      },
    }),
  };

  function counted(listener: (message: Uint8Array) => void): (message: Uint8Array) => void {
    let wrapped = countedListeners.get(listener);
    if (!wrapped) {
      wrapped = (message) => {
        busMessages.inc({ direction: 'in' });
        busBytes.inc({ direction: 'in' }, message.byteLength);
        listener(message);
      };
      countedListeners.set(listener, wrapped);
    }
    return wrapped;
  }
}
