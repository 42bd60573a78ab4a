import { freshPostgresDatabase } from './postgres-database.ts';
import { type StintProcess, startStint } from './server-process.ts';

/**
 * Two server processes on a fresh Postgres database and one Redis, started one after the other
 * (the first migrates and seeds); `cleanups` gets how to stop them and drop the database.
 */
export async function startTwoProcesses(redisUrl: string, cleanups: Array<() => Promise<unknown>>): Promise<{ a: StintProcess; b: StintProcess }> {
  const fresh = await freshPostgresDatabase(process.env.DATABASE_URL!);
  cleanups.push(fresh.drop);
  const env = { DATABASE_URL: fresh.url, REDIS_URL: redisUrl };
  const a = await startStint(env);
  cleanups.push(() => a.dispose());
  const b = await startStint(env);
  cleanups.push(() => b.dispose());
  return { a, b };
}
