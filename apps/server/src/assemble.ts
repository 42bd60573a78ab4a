import { createAttemptLimiter, createSessions } from '@stint/auth';
import { type Bus, createDocServer, createLocalBus, type DocServer, type DocShape } from '@stint/collab';
import { createDatabaseBlobStore, createDocumentStore, createLoginFailureLog, createRateEventLog, createSessionStore, type StintDatabase } from '@stint/db';
import { DOCUMENT_MAX_BYTES, FILE_LIMITS, type RateRule } from '@stint/domain';
import { documentShapes } from '@stint/editor';
import { type AccessEvent, createAuthorizer } from './access/authorize.ts';
import { type AppDeps, createApp } from './app.ts';
import { type CollabIdentity, collabAuthorizer } from './collab-authorize.ts';
import { projectCommands } from './commands/project-commands.ts';
import { orphanCollector } from './files/orphans.ts';
import { createRateLimits } from './http/rate-limits.ts';
import { createLiveState, createProjectFeed } from './live/live-state.ts';
import { createSessionEndings } from './live/session-endings.ts';
import { createMetrics } from './metrics.ts';
import { createInbox } from './notifications/inbox.ts';
import type { Mailer } from './notifications/mailer.ts';
import { createNotifier } from './notifications/notifier.ts';
import { mentionNotifications } from './notifications/notify-mentions.ts';
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from './notifications/outbox-worker.ts';
import { createReminders } from './notifications/reminders.ts';
import { createTell, type Tell } from './notifications/telling.ts';
import { unsubscribeLinks } from './notifications/unsubscribe.ts';
import { createRenderer } from './renderer.ts';
import type { FileLimits } from './routes/files.ts';
import type { Lifecycle } from './routes/health.ts';

type Assembled =
  | 'clock'
  | 'health'
  | 'database'
  | 'authorizer'
  | 'sessions'
  | 'loginLimiter'
  | 'rateLimits'
  | 'docServer'
  | 'documentUpdatedAt'
  | 'documentAuthors'
  | 'notifications'
  | 'projectFeed'
  | 'live'
  | 'renderer'
  | 'commands'
  | 'origin'
  | 'sessionEndings'
  | 'metrics'
  | 'httpMetrics'
  | 'files';

/**
 * Sessions, the document store and server, and the HTTP app over one database: the wiring the
 * running server and the route tests share, so tests exercise the same composition.
 */
export function assembleApp(
  database: StintDatabase,
  deps: Omit<AppDeps, Assembled> & {
    now?: () => number;
    /** Set `draining` when told to stop: ready answers 503 from then on. */
    lifecycle?: Lifecycle;
    bus?: Bus;
    rateLimitOverrides?: Record<string, RateRule>;
    /** Where links in emails point: PUBLIC_URL, else the address the server listens on. */
    baseUrl?: () => string;
    /** Sends the outbox; without it emails wait in the database (route tests read them there). */
    mail?: { mailer: Mailer } & Partial<Omit<OutboxWorkerOptions, 'database' | 'mailer' | 'logger' | 'baseUrl'>>;
    fileLimits?: FileLimits;
    maxDocumentBytes?: number;
    /** At most one document commit per this many ms (the group commit's window); the collab default otherwise. */
    commitWindowMs?: number;
    /** Per document and per person on this process, and the ping interval; defaults otherwise. */
    sockets?: { perDocument: number; perUser: number; perIp: number; heartbeatMs: number };
    /** Sees every access decision as it is made (the route-walk test). */
    onAccessDecision?: (event: AccessEvent) => void;
  },
) {
  const {
    onAccessDecision,
    now,
    bus: givenBus,
    lifecycle,
    rateLimitOverrides,
    baseUrl: givenBaseUrl,
    mail,
    fileLimits,
    maxDocumentBytes,
    commitWindowMs,
    sockets,
    ...appDeps
  } = deps;
  const baseUrl = givenBaseUrl ?? (() => deps.publicUrl ?? 'http://localhost');
  const authorizer = createAuthorizer(database, { onDecision: onAccessDecision });
  const sessions = createSessions(createSessionStore(database.db), now);
  const documentStore = createDocumentStore(database.db, { sqlite: database.sqlite });
  const shapes: Record<string, DocShape | undefined> = documentShapes();
  let docServer: DocServer<CollabIdentity> | undefined;
  const metrics = createMetrics(database, () => docServer?.stats());
  const bus = givenBus && metrics.countBus(givenBus);
  // Each person's and each project's feed ride the same bus as the documents: every process hears every change.
  const feedBus = bus ?? createLocalBus();
  const inbox = createInbox(feedBus);
  const projectFeed = createProjectFeed(feedBus);
  const sessionEndings = createSessionEndings(feedBus);
  const unsubscribe = unsubscribeLinks(deps.issuer.key.privateKey, baseUrl, now);
  const notifier = createNotifier({ baseUrl, unsubscribe, clock: now });
  let outbox: OutboxWorker | null = null;
  const tell = createTell(notifier, inbox, () => outbox?.nudge());
  docServer = createDocServer<CollabIdentity>({
    metrics: metrics.collab,
    store: documentStore,
    authorize: collabAuthorizer(authorizer, sessions),
    onError: (error, context) => deps.logger.error({ err: error }, `document server: ${context}`),
    bus,
    // `<projectId>/<kind>`: every kind clients may write has a shape; the rest only the server writes.
    shapeOf: (docName) => shapes[docName.slice(docName.indexOf('/') + 1)] ?? null,
    alongsideOf: mentionNotifications({ tell }),
    maxDocumentBytes: maxDocumentBytes ?? DOCUMENT_MAX_BYTES,
    commitWindowMs,
    limits: sockets && { maxConnectionsPerDocument: sockets.perDocument },
  });
  const reminders = createReminders({ database, docServer, tell, clock: now });
  const orphans = orphanCollector({ database, logger: deps.logger, clock: now });
  outbox = mail
    ? createOutboxWorker({
        database,
        logger: deps.logger,
        baseUrl,
        clock: now,
        jobs: [reminders.runOnce, () => orphans.runOnce()],
        onSent: metrics.emailSent,
        onFailed: metrics.emailFailed,
        ...mail,
      })
    : null;
  const live = createLiveState(docServer, projectFeed);
  const renderer = createRenderer({ database, docServer, documentAuthors: (name) => documentStore.authors(name), logger: deps.logger });
  const commandsTelling = (tellWith: Tell) =>
    projectCommands({
      database,
      docServer,
      renderer,
      live,
      people: (userIds, topics) => inbox.changed(userIds, topics),
      tell: tellWith,
      clock: now ?? Date.now,
    });
  const app = createApp({
    ...appDeps,
    authorizer,
    health: { bus, lifecycle: lifecycle ?? { draining: false } },
    database,
    sessions,
    // Failed sign-ins are counted in the database: one limit however many processes serve.
    loginLimiter: createAttemptLimiter(createLoginFailureLog(database.db, database.dialect), { clock: now }),
    rateLimits: createRateLimits(createRateEventLog(database.db, database.dialect), rateLimitOverrides, now),
    docServer,
    documentUpdatedAt: (name) => documentStore.updatedAt(name),
    documentAuthors: (name) => documentStore.authors(name),
    notifications: { tell, inbox, unsubscribe },
    projectFeed,
    sessionEndings,
    origin: baseUrl,
    live,
    renderer,
    commands: commandsTelling(tell),
    metrics: metrics.registry,
    httpMetrics: metrics.http,
    sockets,
    files: { blobs: createDatabaseBlobStore(database.db, { clock: now }), limits: fileLimits ?? FILE_LIMITS },
    clock: now,
  });
  // The demo's events reach its accounts' bells only: their addresses are made up.
  const seedCommands = commandsTelling((options?: { inAppOnly?: boolean }) => tell({ ...options, inAppOnly: true }));
  return { app, docServer, outbox, notifier, inbox, reminders, tell, orphans, seedCommands };
}
