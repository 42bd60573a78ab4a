import { resolve } from 'node:path';
import { DEFAULT_EXTENSION_NOTICE_DAYS, DOCUMENT_MAX_BYTES, FILE_LIMITS, parseRateOverrides, type RateRule } from '@stint/domain';
import { z } from 'zod';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  PUBLIC_URL: z.url().optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// or rediss:// URL')
    .optional(),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  WEB_DIST: z.string().min(1).optional(),
  STINT_SIGNING_KEY: z
    .string()
    .regex(/^z[1-9A-HJ-NP-Za-km-z]+$/, 'STINT_SIGNING_KEY is a Multikey secret (z3u2…)')
    .optional(),
  STINT_RETIRED_KEYS: z.string().optional(),
  /** Serve HTTPS directly (a PEM certificate chain and its key); otherwise put a TLS proxy in front. */
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  SQLITE_SYNCHRONOUS: z.enum(['full', 'normal']).default('full'),
  COMMIT_WINDOW_MS: z.coerce.number().int().min(0).max(1000).optional(),
  STINT_RATE_LIMITS: z.string().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Stint <no-reply@stint.localhost>'),
  MAIL_RETRY_BASE_MS: z.coerce.number().int().min(10).default(30_000),
  MAIL_LEASE_MS: z.coerce.number().int().min(100).default(60_000),
  MAIL_POLL_MS: z.coerce.number().int().min(10).default(2000),
  DIGEST_HOUR_UTC: z.coerce.number().int().min(0).max(23).default(7),
  MAX_SOCKETS_PER_DOCUMENT: z.coerce.number().int().min(1).default(100),
  MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(100),
  MAX_SOCKETS_PER_IP: z.coerce.number().int().min(1).default(500),
  SOCKET_HEARTBEAT_MS: z.coerce.number().int().min(100).default(30_000),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(120_000).default(5000),
  EXTENSION_NOTICE_DAYS: z.coerce.number().int().min(0).max(60).default(DEFAULT_EXTENSION_NOTICE_DAYS),
  MAX_DOCUMENT_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(DOCUMENT_MAX_BYTES),
  FILE_MAX_BYTES: z.coerce.number().int().min(1024).default(FILE_LIMITS.maxFileBytes),
  PROJECT_FILE_QUOTA_BYTES: z.coerce.number().int().min(1024).default(FILE_LIMITS.projectQuotaBytes),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN needs at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  publicUrl?: string;
  redisUrl?: string;
  /** Proxies in front of the server whose X-Forwarded-For entries are believed (0: none). */
  trustedProxyHops: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  sqliteSynchronous: 'full' | 'normal';
  /** At most one document commit per this many ms (unset: the document server's measured default). */
  commitWindowMs?: number;
  /** The built web app; defaults to apps/web/dist beside this package. */
  webDist: string;
  /** The issuer key from the environment; otherwise it lives in DATA_DIR. */
  signingKey?: string;
  /** PEM files to serve HTTPS with; both or neither. */
  tls?: { certFile: string; keyFile: string };
  /** Public keys that signed before a rotation (`z6Mk…@<date>`, comma-separated), with STINT_SIGNING_KEY. */
  retiredKeys?: string;
  /** Operator overrides of the domain's rate limits. */
  rateLimits: Record<string, RateRule>;
  /** Without it, emails are written as .eml files under DATA_DIR/outbox. */
  smtpUrl?: string;
  mailFrom: string;
  /** The outbox worker: first retry wait (doubling), claim lease, look interval, digest hour. */
  mail: { retryBaseMs: number; leaseMs: number; pollMs: number; digestHourUtc: number };
  /** When set, /metrics wants it as a bearer token. */
  metricsToken?: string;
  files: { maxFileBytes: number; projectQuotaBytes: number };
  maxDocumentBytes: number;
  /** Document sockets: per document and per person on one process, and how often idle ones are pinged. */
  sockets: { perDocument: number; perUser: number; perIp: number; heartbeatMs: number };
  /** `auto`: readable at a terminal, JSON lines otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** On SIGTERM: how long ready answers 503 (load balancers stop sending) before the listener closes. */
  shutdownDrainMs: number;
  /** Days before a milestone's due date by which more time must be asked for. */
  extensionNoticeDays: number;
}

/** Reads the environment once, at the composition root; nothing below it sees `process.env`. */
export function readConfig(env: NodeJS.ProcessEnv): Config {
  const blank = (v: string | undefined) => (v === '' ? undefined : v);
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, blank(v)])));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Bad configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    // pnpm runs scripts inside the package; INIT_CWD is where the person typed the command.
    dataDir: resolve(env.INIT_CWD ?? process.cwd(), e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    redisUrl: e.REDIS_URL,
    trustedProxyHops: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    commitWindowMs: e.COMMIT_WINDOW_MS,
    signingKey: e.STINT_SIGNING_KEY,
    retiredKeys: e.STINT_RETIRED_KEYS,
    tls: tlsFiles(e.TLS_CERT_FILE, e.TLS_KEY_FILE),
    rateLimits: rateOverrides(e.STINT_RATE_LIMITS),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    metricsToken: e.METRICS_TOKEN,
    files: { maxFileBytes: e.FILE_MAX_BYTES, projectQuotaBytes: e.PROJECT_FILE_QUOTA_BYTES },
    maxDocumentBytes: e.MAX_DOCUMENT_BYTES,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    extensionNoticeDays: e.EXTENSION_NOTICE_DAYS,
    logFormat: e.LOG_FORMAT,
    sockets: { perDocument: e.MAX_SOCKETS_PER_DOCUMENT, perUser: e.MAX_SOCKETS_PER_USER, perIp: e.MAX_SOCKETS_PER_IP, heartbeatMs: e.SOCKET_HEARTBEAT_MS },
    mail: { retryBaseMs: e.MAIL_RETRY_BASE_MS, leaseMs: e.MAIL_LEASE_MS, pollMs: e.MAIL_POLL_MS, digestHourUtc: e.DIGEST_HOUR_UTC },
    webDist: resolve(e.WEB_DIST ?? resolve(import.meta.dirname, '../../web/dist')),
  };
}

function rateOverrides(text: string | undefined): Record<string, RateRule> {
  try {
    return text ? parseRateOverrides(text) : {};
  } catch (error) {
    throw new Error(`Bad configuration: STINT_RATE_LIMITS: ${(error as Error).message}`, { cause: error });
  }
}

function tlsFiles(certFile: string | undefined, keyFile: string | undefined): Config['tls'] {
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) throw new Error('Bad configuration: TLS_CERT_FILE and TLS_KEY_FILE go together.');
  return { certFile, keyFile };
}
