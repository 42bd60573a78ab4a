import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../..');

/**
 * `stint <args>` as its own process: exit code and what it printed. It never inherits CI's
 * DATABASE_URL or REDIS_URL (the servers under test keep their own): pass them in `env` to mean them.
 */
export async function stintCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  const { DATABASE_URL: _postgres, REDIS_URL: _redis, ...inherited } = process.env;
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', ...args], { cwd: REPO, env: { ...inherited, ...env } });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}
