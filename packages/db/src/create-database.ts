import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import type { Pool } from 'pg';
import type { Dialect } from './dialect.ts';
import { migrateToLatest } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { StintSqliteDialect } from './sqlite-dialect.ts';

export type DatabaseConfig =
  | {
      dialect: 'sqlite';
      /** A file path, or ':memory:'. */
      file: string;
      /**
       * FULL (default): a commit survives power loss. NORMAL: with WAL it survives a killed
       * process but not a power cut, and costs no fsync per commit.
       */
      synchronous?: 'full' | 'normal';
    }
  | {
      dialect: 'postgres';
      url: string;
      /** Tables live in this schema (tests give each run its own). */
      schema?: string;
      poolSize?: number;
      /** A connection was lost (Postgres restarted, the network dropped it): for the log. */
      onConnectionLost?: (error: Error) => void;
    };

export interface StintDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** The raw SQLite handle, for the few hot paths that run synchronous prepared statements. */
  readonly sqlite: SQLite.Database | null;
  /** To the latest schema, or only up to the named migration. */
  migrate(upTo?: string): Promise<void>;
  close(): Promise<void>;
}

const INT8_OID = 20;

export function createDatabase(config: DatabaseConfig): StintDatabase {
  const sqlite = config.dialect === 'sqlite' ? openSqliteFile(config.file, config.synchronous ?? 'full') : null;
  const db = sqlite ? new Kysely<Database>({ dialect: new StintSqliteDialect(sqlite) }) : openPostgres(config as { url: string });
  return {
    db,
    sqlite,
    dialect: config.dialect,
    migrate: (upTo) => migrateToLatest(db, config.dialect, upTo, config.dialect === 'postgres' ? config.schema : undefined),
    close: () => db.destroy(),
  };
}

function openSqliteFile(file: string, synchronous: 'full' | 'normal'): SQLite.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  // FULL: a commit that returned is on disk even if the machine loses power right after.
  database.pragma(`synchronous = ${synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  database.pragma('busy_timeout = 5000');
  return database;
}

function openPostgres(config: { url: string; schema?: string; poolSize?: number; onConnectionLost?: (error: Error) => void }): Kysely<Database> {
  // The driver loads with the first query: a process on SQLite never pays for it.
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: async () => postgresPool(config, (await import('pg')).default) }) });
}

function postgresPool(
  config: { url: string; schema?: string; poolSize?: number; onConnectionLost?: (error: Error) => void },
  pg: typeof import('pg').default,
): Pool {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    ...(config.schema ? { options: `-c search_path=${quoteIdent(config.schema)}` } : {}),
    // Millisecond timestamps are int8; they fit a JS number for the next 285,000 years.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A connection the server (or the network) drops emits 'error' — on the pool while idle, on the
  // client itself while a query holds it — and an unheard 'error' ends the process. The query
  // fails on its own (its caller answers 5xx or retries); the pool replaces the connection.
  const lost = (error: Error) => config.onConnectionLost?.(error);
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  return pool;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe schema name: ${name}`);
  return name;
}
