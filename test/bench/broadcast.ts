/**
 * One writer, N readers on one document, 1,000 single-character inserts at 200/s, through the
 * same harness against Stint (durable storage and auth on), @y/websocket-server and Hocuspocus.
 * Reports broadcast latency (writer insert → reader sees it) and the server process's CPU time
 * per delivered update, read from /proc.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { body } from '../support/collab-clients.ts';
import { startStint } from '../support/server-process.ts';
import { setupWorkspace } from '../support/workspace.ts';
import { cpuSeconds, startPeer } from './proc.ts';

export interface BroadcastResult {
  server: string;
  readers: number;
  p50: number;
  p99: number;
  cpuPerDeliveryUs: number;
  delivered: number;
  /** Lowest and highest CPU per delivery across the repeats the medians come from. */
  cpuRange?: [number, number];
  repeats?: number;
}

interface Client {
  doc: Y.Doc;
  destroy(): void;
}

type Connect = () => Client;

const INSERTS = 1000;
const RATE_PER_SECOND = 200;
/**
 * Every server process first relays this many inserts on a document of its own, so it is
 * measured warm, as a long-running server is. V8 optimizes a function only after it has run a
 * few thousand times: without this, 1,000 updates at 200/s are measured mostly in V8's baseline
 * tier (Yjs's applyUpdate then costs ~10× what it costs optimized), which says little about
 * a server that has been up for an hour.
 */
const PROCESS_WARMUP_INSERTS = 10_000;
/**
 * And the measured document relays this many inserts once its readers have joined. Twenty or a
 * hundred joins at once send each server's code down paths the warm-up never took (sync answers,
 * read-only writes, new sockets); V8 deoptimizes on them and needs thousands of calls to optimize
 * again, so with only a few inserts here the measurement caught every server half-way back up.
 * A busy room's steady state is what the targets are about.
 */
const WARMUP_INSERTS = 2000;
/** Each configuration runs this many times, interleaved with the others; medians are reported. */
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

export function yws(url: string, room: string, params: Record<string, string> = {}): Client {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, room, doc, {
    params,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return { doc, destroy: () => provider.destroy() };
}

function hocus(url: string, room: string): Client {
  const doc = new Y.Doc();
  const websocketProvider = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider, name: room, document: doc });
  provider.attach();
  return {
    doc,
    destroy: () => {
      provider.destroy();
      websocketProvider.destroy();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

/** The length of the body's first paragraph, without writing anything (readers may not). */
function lengthOf(doc: Y.Doc): number {
  const paragraph = doc.getXmlFragment('default').get(0);
  const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
  return text instanceof Y.XmlText ? text.length : 0;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Relays PROCESS_WARMUP_INSERTS inserts, about 2,000 a second, from one writer to two readers. */
export async function warmUp(server: string, writer: Connect, reader: Connect): Promise<void> {
  const w = writer();
  const rs = [reader(), reader()];
  const text = body(w.doc);
  await sleep(300);
  for (let i = 0; i < PROCESS_WARMUP_INSERTS; i++) {
    text.insert(text.length, 'w');
    if (i % 2 === 1) await sleep(1);
  }
  const done = await waitFor(() => rs.every((r) => lengthOf(r.doc) === text.length), 60_000);
  w.destroy();
  for (const r of rs) r.destroy();
  if (!done) throw new Error(`${server}: warm-up inserts never arrived`);
  await sleep(300);
}

export async function run(server: string, pid: number, writer: Connect, reader: Connect, readers: number): Promise<BroadcastResult> {
  const w = writer();
  const rs = Array.from({ length: readers }, reader);
  if (lengthOf(w.doc) !== 0) throw new Error(`${server}: the bench document must start empty`);
  // Text in the first paragraph of the rich-text body, the shape Stint's deliverable allows.
  const text = body(w.doc);
  const start = 0;
  text.insert(start, '#');
  if (!(await waitFor(() => rs.every((r) => lengthOf(r.doc) > start), 30_000))) throw new Error(`${server}: readers never synced`);
  for (let i = 0; i < WARMUP_INSERTS; i++) {
    text.insert(text.length, 'w');
    if (i % 5 === 4) await sleep(10);
  }
  const warm = text.length;
  if (!(await waitFor(() => rs.every((r) => lengthOf(r.doc) === warm), 30_000))) throw new Error(`${server}: readers never got the warm-up`);
  await sleep(300);

  const sentAt: number[] = [];
  const latencies: number[] = [];
  const base = warm;
  for (const r of rs) {
    let seen = 0;
    r.doc.on('update', () => {
      const now = performance.now();
      const have = Math.min(lengthOf(r.doc) - base, INSERTS);
      for (; seen < have; seen++) latencies.push(now - sentAt[seen]!);
    });
  }

  const cpuBefore = cpuSeconds(pid);
  const t0 = performance.now();
  for (let i = 0; i < INSERTS; i++) {
    const due = t0 + (i * 1000) / RATE_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    sentAt[i] = performance.now();
    text.insert(text.length, 'x');
  }
  await waitFor(() => latencies.length >= INSERTS * readers, 30_000);
  const cpu = cpuSeconds(pid) - cpuBefore;
  w.destroy();
  for (const r of rs) r.destroy();
  await sleep(200);
  latencies.sort((a, b) => a - b);
  return {
    server,
    readers,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuPerDeliveryUs: (cpu * 1e6) / (INSERTS * readers),
    delivered: latencies.length,
  };
}

export async function broadcastBench(readerCounts: number[]): Promise<BroadcastResult[]> {
  const runs: BroadcastResult[] = [];
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const synchronous of ['full', 'normal'] as const) {
      const stint = await startStint({ LOG_LEVEL: 'warn', SQLITE_SYNCHRONOUS: synchronous });
      try {
        const url = `${stint.url.replace(/^http/, 'ws')}/collab`;
        const warm = await setupWorkspace(stint.url);
        const warmRoom = `${warm.projectId}/deliverable`;
        await warmUp(
          'stint',
          () => yws(url, warmRoom, { token: warm.student.token }),
          () => yws(url, warmRoom, { token: warm.viewer.token }),
        );
        for (const n of readerCounts) {
          // A fresh document per run, as the peers get: latency is counted from an empty text.
          const ws = await setupWorkspace(stint.url);
          const room = `${ws.projectId}/deliverable`;
          const name = `stint (SQLite ${synchronous.toUpperCase()}, auth)`;
          runs.push(
            await run(
              name,
              stint.child.pid!,
              () => yws(url, room, { token: ws.student.token }),
              () => yws(url, room, { token: ws.viewer.token }),
              n,
            ),
          );
        }
      } finally {
        await stint.dispose();
      }
    }

    runs.push(...(await peerRuns('@y/websocket-server 0.1.1', 'y-websocket-server.ts', yws, repeat, readerCounts)));
    runs.push(...(await peerRuns('@hocuspocus/server 4.7', 'hocuspocus.ts', hocus, repeat, readerCounts)));
  }
  return summarize(runs);
}

/** A peer server (no auth, no storage): its own process, warmed up, then one run per reader count. */
async function peerRuns(
  server: string,
  script: string,
  client: (url: string, room: string) => Client,
  repeat: number,
  readerCounts: number[],
): Promise<BroadcastResult[]> {
  const peer = await startPeer(script);
  try {
    const url = `ws://127.0.0.1:${peer.port}`;
    await warmUp(
      server,
      () => client(url, `warm-${repeat}`),
      () => client(url, `warm-${repeat}`),
    );
    const results: BroadcastResult[] = [];
    for (const n of readerCounts) {
      const room = `bench-${repeat}-${n}`;
      results.push(
        await run(
          server,
          peer.child.pid!,
          () => client(url, room),
          () => client(url, room),
          n,
        ),
      );
    }
    return results;
  } finally {
    peer.stop();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** One row per server and reader count: the median of each measure over the repeats. */
function summarize(runs: BroadcastResult[]): BroadcastResult[] {
  const groups = new Map<string, BroadcastResult[]>();
  for (const r of runs) {
    const key = `${r.server}\u0000${r.readers}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((group) => {
    const cpu = group.map((r) => r.cpuPerDeliveryUs);
    return {
      server: group[0]!.server,
      readers: group[0]!.readers,
      p50: median(group.map((r) => r.p50)),
      p99: median(group.map((r) => r.p99)),
      cpuPerDeliveryUs: median(cpu),
      delivered: median(group.map((r) => r.delivered)),
      cpuRange: [Math.min(...cpu), Math.max(...cpu)],
      repeats: group.length,
    };
  });
}
