import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { requireServerBuilt, SERVER_BUNDLE } from './server-build.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface StintProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends `signal` and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Stops the process if needed and removes its data directory. */
  dispose(): Promise<void>;
}

/**
 * Starts `stint start` — the built server `pnpm start` runs — as its own process on a free port (PORT=0) and resolves once it prints
 * the URL it listens on. Storage is SQLite in a fresh directory unless DATABASE_URL is given.
 * `bundle`: another build of the server (the bench compares one against the current build).
 */
export async function startStint(
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
  reuseDataDir?: string,
  bundle = SERVER_BUNDLE,
): Promise<StintProcess> {
  // A restart passes the stopped process's directory: same SQLite file, same issuer key.
  requireServerBuilt();
  const dataDir = reuseDataDir ?? mkdtempSync(join(tmpdir(), 'stint-it-'));
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [...nodeArgs, bundle, 'start'], {
    cwd: REPO_ROOT,
    // No drain on SIGTERM unless a test asks for it: tests stop servers often.
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', SHUTDOWN_DRAIN_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`Stint did not start within 60 s:\n${printed}`)), 60_000);
    const look = () => {
      const match = printed.match(/running at (https?:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        ok(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`Stint exited with ${code} before listening:\n${printed}`));
    });
  });

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    url,
    dataDir,
    child,
    output: () => printed,
    stop,
    async dispose() {
      await stop('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
