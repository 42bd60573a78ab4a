import { createAttemptLimiter, createSessions } from '@stint/auth';
import { type Bus, createDocServer, type DocShape } from '@stint/collab';
import { createDocumentStore, createLoginFailureLog, createRateEventLog, createSessionStore, type StintDatabase } from '@stint/db';
import type { RateRule } from '@stint/domain';
import { documentShapes } from '@stint/editor';
import { type AppDeps, createApp } from './app.ts';
import { type CollabIdentity, collabAuthorizer } from './collab-authorize.ts';
import { createRateLimits } from './http/rate-limits.ts';

type Assembled = 'database' | 'sessions' | 'loginLimiter' | 'rateLimits' | 'docServer' | 'documentUpdatedAt' | 'documentAuthors';

/**
 * Sessions, the document store and server, and the HTTP app over one database: the wiring the
 * running server and the route tests share, so tests exercise the same composition.
 */
export function assembleApp(
  database: StintDatabase,
  deps: Omit<AppDeps, Assembled> & { now?: () => number; bus?: Bus; rateLimitOverrides?: Record<string, RateRule> },
) {
  const { now, bus, rateLimitOverrides, ...appDeps } = deps;
  const sessions = createSessions(createSessionStore(database.db), now);
  const documentStore = createDocumentStore(database.db, { sqlite: database.sqlite });
  const shapes: Record<string, DocShape | undefined> = documentShapes();
  const docServer = createDocServer<CollabIdentity>({
    store: documentStore,
    authorize: collabAuthorizer(database, sessions),
    onError: (error, context) => deps.logger.error({ err: error }, `document server: ${context}`),
    bus,
    // `<projectId>/<kind>`: every kind clients may write has a shape; the rest only the server writes.
    shapeOf: (docName) => shapes[docName.slice(docName.indexOf('/') + 1)] ?? null,
  });
  const app = createApp({
    ...appDeps,
    database,
    sessions,
    // Failed sign-ins are counted in the database: one limit however many processes serve.
    loginLimiter: createAttemptLimiter(createLoginFailureLog(database.db), { clock: now }),
    rateLimits: createRateLimits(createRateEventLog(database.db), rateLimitOverrides, now),
    docServer,
    documentUpdatedAt: (name) => documentStore.updatedAt(name),
    documentAuthors: (name) => documentStore.authors(name),
  });
  return { app, docServer };
}
