import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

/** User + system CPU seconds a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, utime 14 and stime 15 (1-based) → indexes 11, 12.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) * 1024;
}

/** Starts a bench peer server script and resolves with its port once it says so. */
export async function startPeer(script: string): Promise<{ child: ChildProcess; port: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'servers', script)], {
    cwd: resolve(import.meta.dirname, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/listening (\d+)/);
      if (match) ok(Number(match[1]));
    });
    child.once('exit', (code) => fail(new Error(`${script} exited ${code}: ${out}`)));
  });
  return { child, port, stop: () => child.kill('SIGKILL') };
}
