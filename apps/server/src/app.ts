import { serveStatic } from '@hono/node-server/serve-static';
import type { AttemptLimiter, Sessions } from '@stint/auth';
import type { Bus, DocServer } from '@stint/collab';
import type { StintDatabase } from '@stint/db';
import { listMembers } from '@stint/db';
import { DEFAULT_EXTENSION_NOTICE_DAYS } from '@stint/domain';
import { STINT_CONTEXT } from '@stint/export/identity';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Authorizer } from './access/authorize.ts';
import { sessionPrincipal, userPrincipal } from './collab-authorize.ts';
import { type InvitationDeps, joinByInvitationCommand } from './commands/invitations.ts';
import type { ProjectCommands } from './commands/project-commands.ts';
import type { BlobStore } from './files/blob-store.ts';
import { ApiError } from './http/api-error.ts';
import { discardBody } from './http/discard-body.ts';
import type { AppEnv } from './http/env.ts';
import { renderError } from './http/on-error.ts';
import type { Limit, RateLimits } from './http/rate-limits.ts';
import { newRouter } from './http/router.ts';
import type { Issuer } from './issuer.ts';
import type { LiveState, ProjectFeed } from './live/live-state.ts';
import type { SessionEndings } from './live/session-endings.ts';
import { authenticate } from './middleware/authenticate.ts';
import { jsonBodyOnly } from './middleware/json-body.ts';
import { requestLogger } from './middleware/request-logger.ts';
import type { Inbox } from './notifications/inbox.ts';
import type { Tell } from './notifications/telling.ts';
import type { UnsubscribeLinks } from './notifications/unsubscribe.ts';
import type { Renderer } from './renderer.ts';
import { activityRoutes } from './routes/activity.ts';
import { applicationRoutes } from './routes/applications.ts';
import { authRoutes } from './routes/auth.ts';
import type { OnPeopleChanged } from './routes/change-deps.ts';
import { checkinDateRoutes } from './routes/checkin-dates.ts';
import { collabRoutes } from './routes/collab.ts';
import { commentRoutes } from './routes/comments.ts';
import { documentRoutes } from './routes/documents.ts';
import { exportRoutes } from './routes/export.ts';
import { FILE_PATH, type FileLimits, fileRoutes, UPLOAD_PATH } from './routes/files.ts';
import { healthRoutes, type Lifecycle } from './routes/health.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { liveStreamRoutes } from './routes/live-stream.ts';
import { milestoneRoutes } from './routes/milestones.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { organisationRoutes } from './routes/organisations.ts';
import { paymentRoutes } from './routes/payment.ts';
import { didDocumentRoute, portfolioPages, portfolioRoutes } from './routes/portfolio.ts';
import { profileRoutes } from './routes/profile.ts';
import { projectRoutes } from './routes/projects.ts';
import { reviewRoutes } from './routes/reviews.ts';
import { studentPortfolioPages, studentPortfolioRoutes } from './routes/student-portfolio.ts';
import { versionRoutes } from './routes/versions.ts';
import { workLogRoutes } from './routes/work-log.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this, an oversize upload is cut off rather than read to the end for a polite 413. */
const DISCARD_LIMIT_BYTES = 32 * 1024 * 1024;

export interface AppDeps {
  database: StintDatabase;
  /** The one access decision every route asks (access/authorize.ts). */
  authorizer: Authorizer;
  sessions: Sessions;
  docServer: DocServer;
  /** When a document last changed (for renderings). */
  documentUpdatedAt: (docName: string) => Promise<number | null>;
  loginLimiter: AttemptLimiter;
  /** Per-user and per-address limits on actions (signup, posting, applying, commenting…). */
  rateLimits: RateLimits;
  logger: Logger;
  publicUrl?: string;
  /** The one origin everything Stint signs or links is under: PUBLIC_URL, else the address it listens on (never a request's Host). */
  origin: () => string;
  /** Who portfolio credentials are issued as: the signing key under the deployment's DID. */
  issuer: Issuer;
  /** Who first wrote under each Yjs client id of a document (for contribution shares). */
  documentAuthors: (docName: string) => Promise<Map<number, string>>;
  /** The built web app (apps/web/dist); served with a single-page fallback when given. */
  webDist?: string;
  /** The caller's address, for rate limits; the node adapter supplies the socket's. */
  clientIp?: (c: Context<AppEnv>) => string;
  /** Notifications: how commands tell people, each person's live inbox, signed unsubscribe links. */
  notifications: { tell: Tell; inbox: Inbox; unsubscribe: UnsubscribeLinks };
  /** What each project's open pages hear moved (on every process). */
  projectFeed: ProjectFeed;
  /** Sessions that ended, by principal (on every process): live streams end on them. */
  sessionEndings: SessionEndings;
  /** What follows a committed change to a project: sockets re-checked, open pages told. */
  live: LiveState;
  /** Documents rendered with their check-in authors. */
  renderer: Renderer;
  /** The commands that move projects and applications (commands/project-commands.ts). */
  commands: ProjectCommands;
  /** Readiness: the bus to PING (when several processes share one) and whether the process is draining. */
  health?: { bus?: Bus; lifecycle: Lifecycle };
  /** Served at /metrics (Prometheus text). */
  metrics: Registry;
  /** Document sockets per person on this process, and how often idle ones are pinged. */
  sockets?: { perUser: number; perIp: number; heartbeatMs: number };
  /** Counts every request by route and status (the registry's HTTP series). */
  httpMetrics?: MiddlewareHandler<AppEnv>;
  /** When set, /metrics wants `Authorization: Bearer <it>`; unset, only a direct loopback request (no proxy) gets it. */
  metricsToken?: string;
  /** The TCP peer's address (the socket's, never a header): what "direct from this machine" means. */
  peerAddress?: (c: Context<AppEnv>) => string | undefined;
  /** Uploaded files: where their bytes go, and how many may be sent. */
  files: { blobs: BlobStore; limits: FileLimits };
  /** The server's clock, in ms (tests move it): what today, overdue and frozen mean. */
  clock?: () => number;
  /** How many days before a milestone's due date more time must be asked for (DEFAULT_EXTENSION_NOTICE_DAYS). */
  extensionNoticeDays?: number;
}

/** A request made on this machine straight to the server: a loopback peer, and no proxy's forwarding headers. */
function isDirectLoopback(peer: string | undefined, c: Context<AppEnv>): boolean {
  if (!peer || !/^(127\.|::1$|::ffff:127\.)/.test(peer)) return false;
  return !c.req.header('x-forwarded-for') && !c.req.header('forwarded') && !c.req.header('x-real-ip');
}

/** The HTTP application: routes and middleware over the given dependencies, and nothing global. */
export function createApp(deps: AppDeps) {
  const app = newRouter();
  const clientIp = deps.clientIp ?? (() => 'unknown');
  const clock = deps.clock ?? Date.now;

  app.onError((error, c) => renderError(error, c, deps.logger));
  app.notFound((c) => c.json({ error: { code: 'route_not_found', message: `No route ${c.req.method} ${c.req.path}.` } }, 404));

  app.use(requestId());
  // Every answer, HTML above all: no inline script anywhere (the web app and /p/:id are built
  // without any), no framing, no sniffing, no referrer beyond our origin.
  const pageHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // React and ProseMirror set style attributes; the portfolio page has one <style>.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'strict-origin-when-cross-origin',
    crossOriginEmbedderPolicy: false,
  });
  // An uploaded file runs nothing, embeds nothing and is framed by no one, even if a browser
  // were talked into rendering it.
  const fileHeaders = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], sandbox: [] },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: 'same-origin',
  });
  app.use((c, next) => (c.req.method === 'GET' && FILE_PATH.test(c.req.path) ? fileHeaders(c, next) : pageHeaders(c, next)));
  app.use(requestLogger(deps.logger));
  if (deps.httpMetrics) app.use(deps.httpMetrics);
  const jsonBodies = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: async (c) => {
      await discardBody(c.req.raw, DISCARD_LIMIT_BYTES);
      throw new ApiError(413, 'payload_too_large', 'The request body is larger than 1 MiB.');
    },
  });
  // An upload's body is the file: its route streams it under its own limits.
  const isUpload = (c: Context<AppEnv>) => c.req.method === 'POST' && UPLOAD_PATH.test(c.req.path);
  app.use('/api/*', (c, next) => (isUpload(c) ? next() : jsonBodies(c, next)));
  app.use(
    '/api/*',
    jsonBodyOnly((c) => c.req.path === '/api/unsubscribe' || isUpload(c)),
  );
  app.use('/api/*', authenticate({ sessions: deps.sessions, publicUrl: deps.publicUrl }));

  const limit: Limit = (rule, c) => deps.rateLimits.hit(rule, { userId: c.get('auth').user?.id, ip: clientIp(c) });
  const { live, renderer, commands } = deps;
  const { tell } = deps.notifications;
  const { authorize } = deps.authorizer;
  const onPeopleChanged: OnPeopleChanged = (userIds, topics) => deps.notifications.inbox.changed(userIds, topics);
  const invitations: InvitationDeps = { database: deps.database, live: live.changed, tell, clock, origin: deps.origin };

  app.route(
    '/',
    authRoutes({
      ...deps,
      clientIp,
      limit,
      joinByInvitation: async (token, account) => (await joinByInvitationCommand(invitations, { token, as: { newAccount: account } })).user,
      onSessionsEnded: (ended) => {
        const principal = 'sessionId' in ended ? sessionPrincipal(ended.sessionId) : userPrincipal(ended.userId);
        deps.sessionEndings.changed([principal], ['ended']);
        return deps.docServer.reauthorizePrincipal(principal);
      },
    }),
  );
  app.route(
    '/',
    projectRoutes({
      database: deps.database,
      authorize,
      onPeopleChanged,
      accept: commands.accept,
      // Status and membership decide document rights: re-check every open socket of the project.
      onProjectChanged: live.changed,
      limit,
      tell,
      transition: commands.transition,
      origin: deps.origin,
      // On the project's page the brief sits under its own heading: its headings start a level below.
      renderOffer: async (projectId) => {
        const [rendering, { sanitize }] = await Promise.all([deps.renderer.current(projectId, 'brief'), import('@stint/export')]);
        return { text: rendering.text, html: sanitize(rendering.html, { headingsFrom: 3 }) };
      },
    }),
  );
  app.route('/', invitationRoutes({ authorize, commands: invitations, limit }));
  app.route('/', commentRoutes({ database: deps.database, authorize, docServer: deps.docServer, limit, live, tell }));
  app.route('/', versionRoutes({ database: deps.database, authorize, docServer: deps.docServer, renderer, limit, live, clock }));
  app.route('/', fileRoutes({ database: deps.database, authorize, ...deps.files, limit, discardBytes: DISCARD_LIMIT_BYTES }));
  app.route('/', exportRoutes({ database: deps.database, authorize, renderer, docServer: deps.docServer, blobs: deps.files.blobs, clock }));
  app.route('/', activityRoutes({ database: deps.database, authorize }));
  app.route('/', applicationRoutes({ database: deps.database, authorize, moveApplication: commands.moveApplication }));
  app.route('/', checkinDateRoutes({ database: deps.database, authorize, onProjectChanged: live.changed, tell, clock }));
  app.route(
    '/',
    milestoneRoutes({
      database: deps.database,
      authorize,
      onProjectChanged: live.changed,
      tell,
      clock,
      extensionNoticeDays: deps.extensionNoticeDays ?? DEFAULT_EXTENSION_NOTICE_DAYS,
    }),
  );
  app.route('/', workLogRoutes({ database: deps.database, authorize, onProjectChanged: live.changed, clock }));
  app.route('/', organisationRoutes({ database: deps.database }));
  app.route('/', profileRoutes({ database: deps.database, clock }));
  app.route('/', paymentRoutes({ database: deps.database, authorize, onProjectChanged: live.changed, tell, clock }));
  app.route('/', reviewRoutes({ database: deps.database, authorize, onProjectChanged: live.changed, tell, clock }));
  app.route('/', notificationRoutes({ database: deps.database, inbox: deps.notifications.inbox, unsubscribe: deps.notifications.unsubscribe }));
  app.route(
    '/',
    liveStreamRoutes({
      database: deps.database,
      authorizer: deps.authorizer,
      inbox: deps.notifications.inbox,
      projects: deps.projectFeed,
      sessionEndings: deps.sessionEndings,
    }),
  );
  app.route(
    '/',
    portfolioRoutes({
      database: deps.database,
      authorize,
      blobs: deps.files.blobs,
      tell,
      clock,
      renderer,
      live,
      issuer: deps.issuer,
      origin: deps.origin,
      contribution: async (projectId) => {
        const docName = `${projectId}/deliverable`;
        const [authors, members] = await Promise.all([deps.documentAuthors(docName), listMembers(deps.database.db, projectId)]);
        const { contributionShares } = await import('@stint/export');
        const shares = await deps.docServer.read(docName, (doc) => contributionShares(doc, authors));
        return members.filter((m) => shares.has(m.userId)).map((m) => ({ name: m.name, role: m.role, share: shares.get(m.userId)! }));
      },
    }),
  );
  app.route('/', studentPortfolioRoutes({ database: deps.database, origin: deps.origin, clock }));
  app.route('/', studentPortfolioPages({ database: deps.database, origin: deps.origin }));
  app.route('/', didDocumentRoute(deps.issuer));
  app.route('/', healthRoutes({ database: deps.database, bus: deps.health?.bus, lifecycle: deps.health?.lifecycle ?? { draining: false } }));
  app.route('/', portfolioPages({ database: deps.database, issuer: deps.issuer, logger: deps.logger, blobs: deps.files.blobs, origin: deps.origin }));
  app.route('/', documentRoutes({ authorize, docServer: deps.docServer, updatedAt: deps.documentUpdatedAt, renderer }));
  app.route(
    '/',
    collabRoutes({
      docServer: deps.docServer,
      sessions: deps.sessions,
      publicUrl: deps.publicUrl,
      clientIp,
      maxSocketsPerUser: deps.sockets?.perUser,
      maxSocketsPerIp: deps.sockets?.perIp,
      heartbeatMs: deps.sockets?.heartbeatMs,
    }),
  );

  // Stint's JSON-LD context, the shipped copy: what every credential's STINT_CONTEXT_URL names.
  app.get('/contexts/stint-v1.json', (c) => c.json(STINT_CONTEXT, 200, { 'cache-control': 'public, max-age=86400', 'access-control-allow-origin': '*' }));

  app.get('/metrics', async (c) => {
    if (deps.metricsToken && c.req.header('authorization') !== `Bearer ${deps.metricsToken}`) {
      throw new ApiError(401, 'unauthenticated', 'Send the metrics token as Authorization: Bearer <METRICS_TOKEN>.');
    }
    // Without a token the numbers are for this machine's scraper only: not through a proxy, not from elsewhere.
    if (!deps.metricsToken && !isDirectLoopback(deps.peerAddress?.(c), c)) {
      throw new ApiError(404, 'not_found', 'Metrics are served to this machine only; set METRICS_TOKEN to scrape them from elsewhere.');
    }
    return c.body(await deps.metrics.metrics(), 200, { 'content-type': deps.metrics.contentType });
  });

  if (deps.webDist) {
    const root = deps.webDist;
    app.use('/assets/*', serveStatic({ root, onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable') }));
    const shell = serveStatic({ root, path: 'index.html' });
    // Deep links (/board, /projects/<id>/deliverable…) all load the app, which routes itself.
    app.get('*', (c, next) => (c.req.path.startsWith('/api/') || c.req.path.startsWith('/collab/') || c.req.path === '/metrics' ? next() : shell(c, next)));
  }

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'cookie', { type: 'apiKey', in: 'cookie', name: 'stint_session' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Stint API',
      version: '0.1.0',
      description: 'Micro-internships: post, apply, co-edit live, complete, verify. Every error is `{ error: { code, message } }`.',
    },
  });

  return app;
}
