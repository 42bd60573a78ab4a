import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const SERVER = resolve(import.meta.dirname, '../../apps/server');
/** What `pnpm start` runs, and so what the process-level tests and the benchmarks start. */
export const SERVER_BUNDLE = resolve(SERVER, 'dist/cli.mjs');

/** Builds the server bundle from the sources as they are now (about a second). */
export function buildServer(): void {
  const result = spawnSync(process.execPath, [resolve(SERVER, 'build.mjs')], { cwd: SERVER, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`building the server failed (exit ${result.status})`);
}

export function requireServerBuilt(): void {
  if (!existsSync(SERVER_BUNDLE)) throw new Error(`${SERVER_BUNDLE} is missing: run \`pnpm --filter @stint/server build\` (vitest's global setup does)`);
}

/** Vitest's global setup: one build per run, before any test starts a server. */
export default function setup(): void {
  buildServer();
}
