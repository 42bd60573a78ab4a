/**
 * One client process of the soak: the rooms it is given, each with one writer typing at a human
 * rate and readers, all in this process (so a room's latency is measured on one clock). Told what
 * to do by a JSON line on stdin, it prints `ready`, types when told `go`, and finally prints one
 * JSON line of results.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export interface WorkerTask {
  kind: 'y-websocket' | 'hocuspocus';
  url: string;
  rooms: Array<{ name: string; params?: Record<string, string> }>;
  /** Sockets per room: one writer, the rest readers. */
  sockets: number;
  /** Writers per room (the storm has many). */
  writers: number;
  insertsPerSecond: number;
  durationMs: number;
}

export interface WorkerResult {
  connected: number;
  failed: number;
  deliveries: number;
  latencies: number[];
  converged: number;
  rooms: number;
}

interface Client {
  doc: Y.Doc;
  synced: Promise<boolean>;
  destroy(): void;
}

function connect(task: WorkerTask, room: WorkerTask['rooms'][number]): Client {
  const doc = new Y.Doc();
  if (task.kind === 'hocuspocus') {
    const socket = new HocuspocusProviderWebsocket({ url: task.url, WebSocketPolyfill: WebSocket });
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: room.name, document: doc });
    provider.attach();
    const synced = new Promise<boolean>((ok) => {
      provider.on('synced', () => ok(true));
      setTimeout(() => ok(false), 60_000).unref();
    });
    return { doc, synced, destroy: () => (provider.destroy(), socket.destroy()) };
  }
  const provider = new WebsocketProvider(task.url, room.name, doc, {
    params: room.params ?? {},
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 2000,
  });
  const synced = new Promise<boolean>((ok) => {
    provider.once('sync', () => ok(true));
    setTimeout(() => ok(false), 60_000).unref();
  });
  return { doc, synced, destroy: () => provider.destroy() };
}

/** The text the writers type into: the first paragraph of the rich-text body (Stint's brief shape). */
function textOf(doc: Y.Doc): Y.XmlText {
  const fragment = doc.getXmlFragment('default');
  let paragraph = fragment.get(0) as Y.XmlElement | undefined;
  if (!paragraph) {
    paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText()]);
    fragment.insert(0, [paragraph]);
  }
  return paragraph.get(0) as Y.XmlText;
}

const lengthOf = (doc: Y.Doc): number => {
  const p = doc.getXmlFragment('default').get(0);
  const t = p instanceof Y.XmlElement ? p.get(0) : null;
  return t instanceof Y.XmlText ? t.length : 0;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(task: WorkerTask): Promise<WorkerResult> {
  const rooms = task.rooms.map((room) => ({ room, clients: Array.from({ length: task.sockets }, () => connect(task, room)) }));
  const synced = await Promise.all(rooms.flatMap((r) => r.clients.map((c) => c.synced)));
  const connected = synced.filter(Boolean).length;
  // Each writer's inserts are tagged by who typed them: a letter per writer, so a reader can tell
  // which of its writer's inserts arrived by counting that writer's characters.
  const latencies: number[] = [];
  let deliveries = 0;
  const sentAt = new Map<string, number[]>();
  for (const { room, clients } of rooms) {
    const writers = clients.slice(0, task.writers);
    for (let w = 0; w < writers.length; w++) sentAt.set(`${room.name}:${w}`, []);
    for (const reader of clients.slice(task.writers)) {
      // Each insert arrives as a delta on the text: count each writer's letters as they come.
      const seen = new Array<number>(task.writers).fill(0);
      reader.doc.getXmlFragment('default').observeDeep((events) => {
        const now = performance.now();
        for (const event of events) {
          if (!(event.target instanceof Y.XmlText)) continue;
          for (const change of event.delta) {
            if (typeof change.insert !== 'string') continue;
            for (let i = 0; i < change.insert.length; i++) {
              const w = change.insert.charCodeAt(i) - 97;
              if (w < 0 || w >= task.writers) continue;
              const at = sentAt.get(`${room.name}:${w}`)![seen[w]!];
              if (at !== undefined) latencies.push(now - at);
              seen[w]!++;
              deliveries++;
            }
          }
        }
      });
    }
  }
  // The paragraph the writers type into exists everywhere before anyone types (a marker, not a letter).
  for (const { clients } of rooms) textOf(clients[0]!.doc).insert(0, '#');
  await sleep(2000);
  process.stdout.write('ready\n');
  await new Promise<void>((ok) => process.stdin.once('data', () => ok()));

  // Writers type at insertsPerSecond each, spread over the second so rooms don't move in lockstep.
  const interval = 1000 / task.insertsPerSecond;
  const ends = performance.now() + task.durationMs;
  const typists = rooms.flatMap(({ room, clients }) =>
    clients.slice(0, task.writers).map(async (writer, w) => {
      await sleep(Math.random() * interval);
      const times = sentAt.get(`${room.name}:${w}`)!;
      while (performance.now() < ends) {
        const text = textOf(writer.doc);
        times.push(performance.now());
        text.insert(text.length, String.fromCharCode(97 + w));
        await sleep(interval);
      }
    }),
  );
  await Promise.all(typists);
  // Convergence: every socket of a room ends with the same text.
  let converged = 0;
  const deadline = performance.now() + 30_000;
  for (const { clients } of rooms) {
    for (;;) {
      const texts = new Set(clients.map((c) => textOf(c.doc).toString()));
      if (texts.size === 1 && lengthOf(clients[0]!.doc) > 0) {
        converged++;
        break;
      }
      if (performance.now() > deadline) break;
      await sleep(50);
    }
  }
  for (const { clients } of rooms) for (const c of clients) c.destroy();
  return { connected, failed: rooms.length * task.sockets - connected, deliveries, latencies, converged, rooms: rooms.length };
}

let input = '';
process.stdin.setEncoding('utf8');
const onData = (chunk: string) => {
  input += chunk;
  const newline = input.indexOf('\n');
  if (newline < 0) return;
  process.stdin.off('data', onData);
  const task = JSON.parse(input.slice(0, newline)) as WorkerTask;
  main(task).then(
    // Exit once the (long) line is flushed: a pipe write is asynchronous, and exiting at once cuts it.
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.stdin.on('data', onData);
