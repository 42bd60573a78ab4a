import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type StintDatabase } from '../create-database.ts';
import type { Dialect } from '../dialect.ts';
import { insertProject } from '../queries/projects.ts';
import { createUser } from '../queries/users.ts';

export interface OpenedTestDatabase {
  database: StintDatabase;
  /** Closes the connection and deletes everything this database held. */
  drop(): Promise<void>;
}

export interface TestDatabaseTarget {
  dialect: Dialect;
  /** Why this target can't run here, or null when it can. */
  skipReason: string | null;
  open(): Promise<OpenedTestDatabase>;
}

let reported = false;

/**
 * SQLite always; Postgres when DATABASE_URL reaches one. Under CI=true a missing or unreachable
 * Postgres is an error, not a skip, so CI can never go green on half the storage suite.
 */
export async function testDatabaseTargets(): Promise<TestDatabaseTarget[]> {
  const sqlite: TestDatabaseTarget = { dialect: 'sqlite', skipReason: null, open: openSqliteTestDatabase };
  const url = process.env.DATABASE_URL;
  const skipReason = url ? await unreachable(url) : 'DATABASE_URL is not set';
  if (skipReason && process.env.CI === 'true') {
    throw new Error(`Postgres is required under CI=true, but ${skipReason}.`);
  }
  if (skipReason && !reported) {
    reported = true;
    console.warn(`[storage] Postgres half skipped: ${skipReason}.`);
  }
  const postgres: TestDatabaseTarget = {
    dialect: 'postgres',
    skipReason,
    open: () => openPostgres(url ?? ''),
  };
  return [sqlite, postgres];
}

async function unreachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return `Postgres at ${redact(url)} is unreachable (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@');
}

export async function openSqliteTestDatabase(): Promise<OpenedTestDatabase> {
  const database = createDatabase({ dialect: 'sqlite', file: ':memory:' });
  await database.migrate();
  return { database, drop: () => database.close() };
}

/** A schema of its own per call, so parallel test files never see each other's rows. */
export async function openPostgres(url: string): Promise<OpenedTestDatabase> {
  const schema = `stint_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `create schema ${schema}`);
  const database = createDatabase({ dialect: 'postgres', url, schema, poolSize: 4 });
  await underSchemaLock(url, 'shared', () => database.migrate());
  return {
    database,
    async drop() {
      await database.close();
      await underSchemaLock(url, 'exclusive', (client) => client.query(`drop schema ${schema} cascade`));
    },
  };
}

/** Any number, the same in every test worker: the advisory lock below is keyed on it. */
const SCHEMA_LOCK_KEY = 5_417_201;

/**
 * Kysely's migrator looks for its own tables across every schema of the database, resolving each
 * table by name; a schema another worker drops during that look-up fails it ("schema … does not
 * exist"). Migrations share the lock, a drop waits for them to finish and they wait for it.
 */
async function underSchemaLock(url: string, mode: 'shared' | 'exclusive', work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const [lock, unlock] = mode === 'shared' ? ['pg_advisory_lock_shared', 'pg_advisory_unlock_shared'] : ['pg_advisory_lock', 'pg_advisory_unlock'];
  try {
    await client.query(`select ${lock}($1)`, [SCHEMA_LOCK_KEY]);
    await work(client);
    await client.query(`select ${unlock}($1)`, [SCHEMA_LOCK_KEY]);
  } finally {
    // Ending the session releases the lock too, when work() threw.
    await client.end();
  }
}

export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

let seeded = 0;

/** A user (unique email) who posted a minimal project: what storage tests hang rows on. */
export async function seedProject(database: StintDatabase, title = 'Test project'): Promise<{ ownerId: string; projectId: string }> {
  const owner = await createUser(database.db, {
    email: `owner-${process.pid}-${++seeded}-${randomBytes(3).toString('hex')}@example.test`,
    name: 'Owner',
    passwordHash: 'x',
  });
  const project = await insertProject(database.db, owner.id, {
    title,
    summary: 'x',
    skills: ['x'],
    estimatedHours: 1,
    compensation: { amount: 1, currency: 'USD' },
  });
  return { ownerId: owner.id, projectId: project.id };
}
