/**
 * The many-room soak: R rooms × C sockets (writers typing at a human rate, the rest reading) for
 * S seconds against Stint (SQLite FULL; Postgres when DATABASE_URL is set), @y/websocket-server
 * 0.1.1 and Hocuspocus 4.7 (both storing nothing), clients spread over worker processes. Reports
 * connections failed, deliveries, latency, the server's CPU and RSS (before any socket, at the
 * end of typing, peak, and after everyone left and rooms unloaded), and convergence.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freshPostgresDatabase } from '../support/postgres-database.ts';
import { startStint } from '../support/server-process.ts';
import { cpuSeconds, rssBytes, startPeer } from './proc.ts';
import type { WorkerResult, WorkerTask } from './soak-worker.ts';

export interface SoakShape {
  label: string;
  rooms: number;
  sockets: number;
  writers: number;
  insertsPerSecond: number;
  seconds: number;
}

export interface SoakResult {
  server: string;
  shape: SoakShape;
  connections: number;
  failed: number;
  deliveries: number;
  p50: number;
  p99: number;
  max: number;
  cpuPercent: number;
  rssStartMb: number;
  rssEndMb: number;
  rssPeakMb: number;
  rssAfterMb: number;
  converged: number;
}

interface Target {
  pid: number;
  kind: WorkerTask['kind'];
  url: string;
  rooms(count: number): Promise<WorkerTask['rooms']>;
  stop(): Promise<void>;
}

const WORKERS = Number(process.env.SOAK_WORKERS ?? 3);
/** Stint unloads a room 30 s after its last socket leaves; RSS is read after that. */
const AFTER_LEAVING_MS = Number(process.env.SOAK_AFTER_MS ?? 40_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * For a profile: SOAK_SERVERS=stint picks servers by name, SOAK_STINT_NODE_ARGS='--cpu-prof
 * --cpu-prof-dir=/tmp/prof' starts Stint with them (the profile is written when it stops).
 */
const SERVER_FILTER = process.env.SOAK_SERVERS;
const STINT_NODE_ARGS = process.env.SOAK_STINT_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

async function stintTarget(name: string, env: Record<string, string>, bundle?: string): Promise<Target> {
  const server = await startStint(
    {
      ...env,
      MAX_SOCKETS_PER_USER: '1000000',
      MAX_SOCKETS_PER_IP: '1000000',
      MAX_SOCKETS_PER_DOCUMENT: '1000',
      STINT_RATE_LIMITS: 'createProject.perUser=1000000/3600,createProject.perIp=1000000/3600,signup.perIp=1000000/3600',
    },
    STINT_NODE_ARGS,
    undefined,
    bundle,
  );
  const signup = await fetch(`${server.url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `soak-${Date.now()}@bench.test`, password: 'soak bench password', name: 'Soak', accountType: 'employer' }),
  });
  const { token } = (await signup.json()) as { token: string };
  return {
    pid: server.child.pid!,
    kind: 'y-websocket',
    url: `${server.url.replace(/^http/, 'ws')}/collab`,
    async rooms(count) {
      const rooms: WorkerTask['rooms'] = [];
      for (let i = 0; i < count; i++) {
        const response = await fetch(`${server.url}/api/projects`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            title: `Soak ${name} ${i}`,
            summary: 'Typed at by the soak.',
            skills: ['x'],
            estimatedHours: 1,
            compensation: { amount: 1, currency: 'USD' },
          }),
        });
        const { project } = (await response.json()) as { project: { id: string } };
        // A draft's brief: its employer writes it (every socket here is the employer's).
        rooms.push({ name: `${project.id}/brief`, params: { token } });
      }
      return rooms;
    },
    // SIGTERM first: a clean exit, which is when --cpu-prof writes its profile.
    stop: async () => {
      await server.stop('SIGTERM');
      await server.dispose();
    },
  };
}

async function peerTarget(script: string, kind: WorkerTask['kind']): Promise<Target> {
  const peer = await startPeer(script);
  return {
    pid: peer.child.pid!,
    kind,
    url: `ws://127.0.0.1:${peer.port}`,
    rooms: async (count) => Array.from({ length: count }, (_, i) => ({ name: `soak-${i}` })),
    stop: async () => peer.stop(),
  };
}

function startWorker(task: WorkerTask): { ready: Promise<void>; go(): void; result: Promise<WorkerResult>; child: ChildProcess } {
  const child = spawn(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', resolve(import.meta.dirname, 'soak-worker.ts')], {
    cwd: resolve(import.meta.dirname, '..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((ok) => (markReady = ok));
  const result = new Promise<WorkerResult>((ok, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) markReady();
      // Only a whole line: the results are one long JSON line that arrives in many chunks.
      const line = out
        .split('\n')
        .slice(0, -1)
        .find((l) => l.startsWith('{'));
      if (line) ok(JSON.parse(line) as WorkerResult);
    });
    child.once('exit', (code) => (code === 0 ? undefined : fail(new Error(`soak worker exited ${code}`))));
  });
  child.stdin!.write(`${JSON.stringify(task)}\n`);
  return { ready, go: () => child.stdin!.write('go\n'), result, child };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function soakOne(server: string, target: Target, shape: SoakShape, afterLeavingMs = AFTER_LEAVING_MS): Promise<SoakResult> {
  const rooms = await target.rooms(shape.rooms);
  await sleep(2000);
  const rssStart = rssBytes(target.pid);
  const workers = Array.from({ length: Math.min(WORKERS, rooms.length) }, (_, w) =>
    startWorker({
      kind: target.kind,
      url: target.url,
      rooms: rooms.filter((_, i) => i % Math.min(WORKERS, rooms.length) === w),
      sockets: shape.sockets,
      writers: shape.writers,
      insertsPerSecond: shape.insertsPerSecond,
      durationMs: shape.seconds * 1000,
    }),
  );
  await Promise.all(workers.map((w) => w.ready));
  let peak = rssBytes(target.pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(target.pid))), 1000);
  const cpu0 = cpuSeconds(target.pid);
  const t0 = performance.now();
  for (const w of workers) w.go();
  await sleep(shape.seconds * 1000);
  const cpu1 = cpuSeconds(target.pid);
  const t1 = performance.now();
  const rssEnd = rssBytes(target.pid);
  const results = await Promise.all(workers.map((w) => w.result));
  clearInterval(sampler);
  await sleep(afterLeavingMs);
  const rssAfter = rssBytes(target.pid);
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    server,
    shape,
    connections: shape.rooms * shape.sockets,
    failed: results.reduce((n, r) => n + r.failed, 0),
    deliveries: results.reduce((n, r) => n + r.deliveries, 0),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    cpuPercent: ((cpu1 - cpu0) / ((t1 - t0) / 1000)) * 100,
    rssStartMb: mb(rssStart),
    rssEndMb: mb(rssEnd),
    rssPeakMb: mb(peak),
    rssAfterMb: mb(rssAfter),
    converged: results.reduce((n, r) => n + r.converged, 0),
  };
}

/**
 * BENCH_BASELINE=<another build's cli.mjs> runs that build too, as one more server of the same run:
 * a change measured against what it changed (build the earlier commit, move its dist aside).
 */
const BASELINE = process.env.BENCH_BASELINE;

/** SOAK_COMMIT_WINDOWS=0,2,5,10 runs Stint once per group-commit window (COMMIT_WINDOW_MS), to choose the default. */
const WINDOWS = process.env.SOAK_COMMIT_WINDOWS?.split(',').filter(Boolean) ?? [];

const SERVERS: Array<{ name: string; start(): Promise<Target>; when?: () => boolean }> = [
  { name: 'stint (SQLite FULL)', when: () => WINDOWS.length === 0, start: () => stintTarget('sqlite', {}) },
  ...WINDOWS.map((ms) => ({ name: `stint (SQLite FULL, window ${ms} ms)`, start: () => stintTarget('sqlite', { COMMIT_WINDOW_MS: ms }) })),
  { name: 'stint baseline (SQLite FULL)', when: () => Boolean(BASELINE), start: () => stintTarget('sqlite', {}, BASELINE) },
  {
    name: 'stint (Postgres)',
    when: () => Boolean(process.env.DATABASE_URL),
    start: async () => {
      const fresh = await freshPostgresDatabase(process.env.DATABASE_URL!);
      const target = await stintTarget('postgres', { DATABASE_URL: fresh.url });
      return { ...target, stop: async () => (await target.stop(), await fresh.drop()) };
    },
  },
  { name: '@y/websocket-server 0.1.1', start: () => peerTarget('y-websocket-server.ts', 'y-websocket') },
  { name: '@hocuspocus/server 4.7', start: () => peerTarget('hocuspocus.ts', 'hocuspocus') },
];

/** Each shape against each server (a fresh process each time). */
export async function soakBench(shapes: SoakShape[]): Promise<SoakResult[]> {
  const results: SoakResult[] = [];
  for (const shape of shapes) {
    for (const server of SERVERS) {
      if (server.when && !server.when()) continue;
      if (SERVER_FILTER && !server.name.includes(SERVER_FILTER)) continue;
      const target = await server.start();
      try {
        const result = await soakOne(server.name, target, shape);
        console.error(`[soak] ${shape.label} ${server.name}: p99 ${result.p99.toFixed(1)} ms, CPU ${result.cpuPercent.toFixed(1)} %`);
        results.push(result);
      } finally {
        await target.stop();
      }
    }
  }
  return results;
}

export function soakTable(results: SoakResult[]): string {
  const lines = [
    '| shape | server | sockets (failed) | deliveries | p50 ms | p99 ms | max ms | server CPU % | CPU vs y-websocket-server | RSS start / end / peak / after leaving MB | converged rooms |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|',
  ];
  for (const r of results) {
    const peer = results.find((p) => p.shape === r.shape && p.server.startsWith('@y/'));
    lines.push(
      `| ${r.shape.label} | ${r.server} | ${r.connections} (${r.failed}) | ${r.deliveries} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(0)} | ${r.cpuPercent.toFixed(1)} | ${peer ? `${(r.cpuPercent / peer.cpuPercent).toFixed(2)}×` : '–'} | ${r.rssStartMb} / ${r.rssEndMb} / ${r.rssPeakMb} / ${r.rssAfterMb} | ${r.converged}/${r.shape.rooms} |`,
    );
  }
  return lines.join('\n');
}

export interface SaturationResult {
  server: string;
  steps: Array<{ rate: number; p99: number; cpuPercent: number }>;
  /** The highest rate whose p99 stayed within the limit; null if even the first did not. */
  sustained: number | null;
}

/**
 * The saturation ramp: `rooms` × 4 sockets on one server process, one writer per room typing
 * faster at each step, until p99 passes `limitMs` (or the rates run out).
 */
export async function saturationBench(rooms: number, rates: readonly number[], seconds: number, limitMs = 100): Promise<SaturationResult[]> {
  const results: SaturationResult[] = [];
  for (const server of SERVERS) {
    if (server.when && !server.when()) continue;
    if (SERVER_FILTER && !server.name.includes(SERVER_FILTER)) continue;
    const target = await server.start();
    const steps: SaturationResult['steps'] = [];
    try {
      for (const rate of rates) {
        const shape = { label: `ramp ${rate}/s`, rooms, sockets: 4, writers: 1, insertsPerSecond: rate, seconds };
        const step = await soakOne(server.name, target, shape, 0);
        steps.push({ rate, p99: step.p99, cpuPercent: step.cpuPercent });
        console.error(`[saturation] ${server.name} at ${rate} inserts/s per room: p99 ${step.p99.toFixed(1)} ms, CPU ${step.cpuPercent.toFixed(1)} %`);
        if (step.p99 > limitMs) break;
      }
    } finally {
      await target.stop();
    }
    // The ramp stops at the first step past the limit: every step before it was within.
    results.push({ server: server.name, steps, sustained: steps.filter((s) => s.p99 <= limitMs).at(-1)?.rate ?? null });
  }
  return results;
}

export function saturationTable(results: SaturationResult[], limitMs = 100): string {
  const rates = [...new Set(results.flatMap((r) => r.steps.map((s) => s.rate)))].sort((a, b) => a - b);
  const peer = results.find((r) => r.server.startsWith('@y/'))?.sustained ?? null;
  const lines = [
    `| server | ${rates.map((r) => `p99 at ${r}/s`).join(' | ')} | highest rate with p99 ≤ ${limitMs} ms | vs y-websocket-server |`,
    `|---|${rates.map(() => '---:').join('|')}|---:|---:|`,
  ];
  for (const r of results) {
    const cells = rates.map((rate) => {
      const step = r.steps.find((s) => s.rate === rate);
      return step ? `${step.p99.toFixed(0)} ms (${step.cpuPercent.toFixed(0)} % CPU)` : '–';
    });
    const ratio = r.sustained !== null && peer ? `${(r.sustained / peer).toFixed(2)}×` : '–';
    lines.push(`| ${r.server} | ${cells.join(' | ')} | ${r.sustained ?? '< first'} /s | ${ratio} |`);
  }
  return lines.join('\n');
}
