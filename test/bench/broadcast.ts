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
}

interface Client {
  doc: Y.Doc;
  destroy(): void;
}

type Connect = () => Client;

const INSERTS = 1000;
const RATE_PER_SECOND = 200;

function yws(url: string, room: string, params: Record<string, string> = {}): Client {
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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function run(server: string, pid: number, writer: Connect, reader: Connect, readers: number): Promise<BroadcastResult> {
  const w = writer();
  const rs = Array.from({ length: readers }, reader);
  const text = w.doc.getText('bench');
  if (text.length !== 0) throw new Error(`${server}: the bench document must start empty`);
  const start = 0;
  text.insert(start, '#');
  if (!(await waitFor(() => rs.every((r) => r.doc.getText('bench').length > start), 30_000))) throw new Error(`${server}: readers never synced`);
  await sleep(300);

  const sentAt: number[] = [];
  const latencies: number[] = [];
  const base = start + 1;
  for (const r of rs) {
    let seen = 0;
    const t = r.doc.getText('bench');
    r.doc.on('update', () => {
      const now = performance.now();
      const have = Math.min(t.length - base, INSERTS);
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
  const results: BroadcastResult[] = [];

  for (const synchronous of ['full', 'normal'] as const) {
    const stint = await startStint({ LOG_LEVEL: 'warn', SQLITE_SYNCHRONOUS: synchronous });
    try {
      const url = `${stint.url.replace(/^http/, 'ws')}/collab`;
      for (const n of readerCounts) {
        // A fresh document per run, as the peers get: latency is counted from an empty text.
        const ws = await setupWorkspace(stint.url);
        const room = `${ws.projectId}/deliverable`;
        const name = `stint (SQLite ${synchronous.toUpperCase()}, auth)`;
        results.push(await run(name, stint.child.pid!, () => yws(url, room, { token: ws.student.token }), () => yws(url, room, { token: ws.viewer.token }), n));
      }
    } finally {
      await stint.dispose();
    }
  }

  const ywss = await startPeer('y-websocket-server.ts');
  try {
    const url = `ws://127.0.0.1:${ywss.port}`;
    for (const n of readerCounts) results.push(await run('@y/websocket-server 0.1.1', ywss.child.pid!, () => yws(url, `bench-${n}`), () => yws(url, `bench-${n}`), n));
  } finally {
    ywss.stop();
  }

  const hp = await startPeer('hocuspocus.ts');
  try {
    const url = `ws://127.0.0.1:${hp.port}`;
    for (const n of readerCounts) results.push(await run('@hocuspocus/server 4.7', hp.child.pid!, () => hocus(url, `bench-${n}`), () => hocus(url, `bench-${n}`), n));
  } finally {
    hp.stop();
  }
  return results;
}
