import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Dialect } from './dialect.ts';
import { migrateToLatest } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type DatabaseConfig =
  | { dialect: 'sqlite'; /** A file path, or ':memory:'. */ file: string }
  | {
      dialect: 'postgres';
      url: string;
      /** Tables live in this schema (tests give each run its own). */
      schema?: string;
      poolSize?: number;
    };

export interface StintDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const INT8_OID = 20;

export function createDatabase(config: DatabaseConfig): StintDatabase {
  const db = config.dialect === 'sqlite' ? openSqlite(config.file) : openPostgres(config);
  return {
    db,
    dialect: config.dialect,
    migrate: () => migrateToLatest(db, config.dialect),
    close: () => db.destroy(),
  };
}

function openSqlite(file: string): Kysely<Database> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  // FULL: a commit that returned is on disk even if the machine loses power right after.
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}

function openPostgres(config: { url: string; schema?: string; poolSize?: number }): Kysely<Database> {
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
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe schema name: ${name}`);
  return name;
}
