import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './tls.ts';

const DEPLOY_CONFIG = resolve(import.meta.dirname, '../../deploy/nginx.conf');

function findNginx(): string | null {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (existsSync(candidate)) return candidate;
  try {
    return execFileSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/**
 * Debian's nginx, installed from the package archive when missing (as .ci/run does for Chromium);
 * null with the reason when it can't be (not root, no apt). Under CI=true a missing nginx fails.
 */
export function ensureNginx(): { binary: string } | { skip: string } {
  let binary = findNginx();
  if (!binary && process.getuid?.() === 0) {
    try {
      execFileSync('sh', ['-c', 'apt-get install -y -qq nginx || (apt-get update -qq && apt-get install -y -qq nginx)'], {
        stdio: 'ignore',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch {
      // Reported below.
    }
    binary = findNginx();
  }
  if (binary) return { binary };
  const skip = 'nginx is not installed and could not be installed (apt-get install nginx)';
  if (process.env.CI === 'true') throw new Error(`${skip}; CI needs it.`);
  return { skip };
}

/**
 * deploy/nginx.conf as shipped, with its `listen` and `upstream` lines (marked `# stint-…`) and
 * its /tmp paths rewritten for this run; nginx in the foreground until `stop`.
 */
export async function startNginx(binary: string, upstreams: number[]): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'stint-nginx-'));
  const port = await freePort();
  const lines = readFileSync(DEPLOY_CONFIG, 'utf8').split('\n');
  const config = lines
    .flatMap((line) => {
      if (line.includes('# stint-upstream')) {
        if (!lines.slice(0, lines.indexOf(line)).some((l) => l.includes('# stint-upstream'))) {
          return upstreams.map((p) => line.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${p}`));
        }
        return [];
      }
      if (line.includes('# stint-listen')) return [line.replace(/listen \d+;/, `listen 127.0.0.1:${port};`)];
      return [line.replaceAll('/tmp/stint-nginx', join(dir, 'nginx'))];
    })
    .join('\n');
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, config);
  let output = '';
  const child: ChildProcess = spawn(binary, ['-c', file, '-e', 'stderr', '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d));
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${output}`);
    const up = await new Promise<boolean>((ok) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), ok(true)));
      socket.on('error', () => ok(false));
    });
    if (up) break;
    if (Date.now() > deadline) throw new Error(`nginx did not listen: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        // Fast shutdown: a graceful one would wait for every open websocket.
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
