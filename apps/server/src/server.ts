import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createRedisBus, DEFAULT_LIMITS } from '@stint/collab';
import { createDatabase, type StintDatabase } from '@stint/db';
import pino, { type Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { assembleApp } from './assemble.ts';
import type { Config } from './config.ts';
import { clientIpFrom } from './http/client-ip.ts';
import { makeIssuer } from './issuer.ts';
import { createMailer } from './notifications/mailer.ts';
import type { Lifecycle } from './routes/health.ts';
import { isEmpty, seedDemo } from './seed.ts';
import { loadKeyring } from './signing-key.ts';

/** How long in-flight requests get to finish after SIGTERM before their sockets are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningServer {
  url: string;
  database: StintDatabase;
  logger: Logger;
  /**
   * Stops accepting, lets in-flight requests finish, then closes the database. With `drain`
   * (SIGTERM), ready answers 503 for SHUTDOWN_DRAIN_MS first, so a load balancer stops sending.
   */
  close(options?: { drain?: boolean }): Promise<void>;
}

/** DATA_DIR must be a directory we can write: say which path is wrong, and why, at start. */
export function ensureDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
    if (!statSync(dataDir).isDirectory()) throw new Error('it is not a directory');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'a file by that name is in the way' : (error as Error).message;
    throw new Error(`DATA_DIR ${dataDir} can't be used: ${reason}. Point DATA_DIR at a directory Stint may write.`, { cause: error });
  }
}

export function openDatabase(config: Config, logger?: Logger): StintDatabase {
  ensureDataDir(config.dataDir);
  return config.databaseUrl
    ? createDatabase({
        dialect: 'postgres',
        url: config.databaseUrl,
        onConnectionLost: (error) => logger?.warn({ err: error }, 'a Postgres connection was lost'),
      })
    : createDatabase({ dialect: 'sqlite', file: join(config.dataDir, 'stint.db'), synchronous: config.sqliteSynchronous });
}

/** The composition root: every part is built here and handed what it needs. */
/** Seeds the demo into an empty database without serving: the same commands, nothing listening. */
export async function seedWithoutServing(config: Config, database: StintDatabase): Promise<void> {
  const { docServer, tell, seedCommands } = assembleApp(database, {
    issuer: makeIssuer(loadKeyring(config.dataDir, config.signingKey, config.retiredKeys), config.publicUrl),
    logger: pino({ level: 'warn' }),
    publicUrl: config.publicUrl,
  });
  try {
    await seedDemo(database, { commands: seedCommands, onEvent: tell({ inAppOnly: true }).onEvent });
  } finally {
    await docServer.close();
  }
}

export async function startServer(config: Config, options: { seedDemo?: boolean } = {}): Promise<RunningServer> {
  // JSON lines for log collectors; readable lines for a person at a terminal (LOG_FORMAT overrides).
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY);
  const logger = pino(
    { level: config.logLevel, base: undefined },
    pretty ? pino.transport({ target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } }) : undefined,
  );
  const database = openDatabase(config, logger);
  await database.migrate();

  // Several processes on one Postgres hear each other's edits, presence and rights changes here.
  const bus = config.redisUrl ? await createRedisBus(config.redisUrl, { onError: (error) => logger.error({ err: error }, 'redis bus') }) : undefined;
  let url = '';
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    outboxDir: join(config.dataDir, 'outbox'),
    messageIdDomain: new URL(config.publicUrl ?? 'http://stint.localhost').hostname,
    // A send ends, one way or the other, well before its lease lets another process take it.
    timeoutMs: Math.floor(config.mail.leaseMs / 2),
  });
  const seeding = options.seedDemo && (await isEmpty(database));
  const lifecycle: Lifecycle = { draining: false };
  const { app, docServer, outbox, tell, seedCommands } = assembleApp(database, {
    bus,
    lifecycle,
    baseUrl: () => config.publicUrl ?? url,
    mail: { mailer, ...config.mail },
    metricsToken: config.metricsToken,
    fileLimits: config.files,
    maxDocumentBytes: config.maxDocumentBytes,
    commitWindowMs: config.commitWindowMs,
    sockets: config.sockets,
    extensionNoticeDays: config.extensionNoticeDays,
    issuer: makeIssuer(loadKeyring(config.dataDir, config.signingKey, config.retiredKeys), config.publicUrl),
    logger,
    publicUrl: config.publicUrl,
    rateLimitOverrides: config.rateLimits,
    webDist: existsSync(join(config.webDist, 'index.html')) ? config.webDist : undefined,
    clientIp: (c) => clientIpFrom(getConnInfo(c).remote.address, c.req.header('x-forwarded-for'), config.trustedProxyHops),
    peerAddress: (c) => getConnInfo(c).remote.address,
  });

  if (seeding) {
    // Through the notifications, so each demo account's bell holds what those events would give
    // (in the app only: the demo's addresses are made up).
    await seedDemo(database, { commands: seedCommands, onEvent: tell({ inAppOnly: true }).onEvent });
    logger.info('seeded the demo data into an empty database');
  }

  // Frames up to 2 MiB are served; a little larger get a clean 4413 from the document server;
  // beyond this ws cuts the socket (1009) before buffering more, so no socket — signed in or
  // not — makes the process hold more than this for it.
  const wss = new WebSocketServer({ noServer: true, maxPayload: DEFAULT_LIMITS.maxFrameBytes + 64 * 1024 });
  // HTTPS when given a certificate (did:web resolves over HTTPS only); websockets upgrade the same.
  const tls = config.tls && { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) };
  const server = serve({
    fetch: app.fetch,
    port: config.port,
    hostname: config.host,
    ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : { createServer }),
    websocket: { server: wss },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const httpServer = server as Server;
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  url = `${tls ? 'https' : 'http'}://${host}:${port}`;
  logger.info({ mail: mailer.description }, `emails go out through ${mailer.description}`);
  outbox?.start();

  let closing: Promise<void> | undefined;
  const close = (options: { drain?: boolean } = {}) =>
    (closing ??= (async () => {
      lifecycle.draining = true;
      if (options.drain && config.shutdownDrainMs > 0) {
        logger.info({ ms: config.shutdownDrainMs }, 'draining: ready answers 503 before the listener closes');
        await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
      }
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await outbox?.stop();
      await docServer.close();
      await bus?.close();
      wss.close();
      // close() only stops new connections; keep-alive sockets that finish their request are
      // idle from then on and would hold the process open until they time out.
      const sweep = setInterval(() => httpServer.closeIdleConnections(), 50);
      const deadline = setTimeout(() => httpServer.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await closed;
      clearInterval(sweep);
      clearTimeout(deadline);
      await database.close();
    })());

  if (!existsSync(join(config.webDist, 'index.html'))) {
    logger.warn({ webDist: config.webDist }, 'the web app is not built; only the API is served (pnpm start builds it)');
  }
  return { url, database, logger, close };
}
