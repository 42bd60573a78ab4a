import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, createDocumentStore, type StintDatabase } from '@stint/db';
import { seedProject } from '@stint/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestSocket } from '../test/fixtures.ts';
import { createDocServer, type DocServer } from './doc-server.ts';
import { syncMessage } from './messages.ts';
import { SyncType } from './protocol.ts';

const KINDS = ['brief', 'deliverable', 'checkins', 'feedback'];
const ROOMS = 160;
const THRESHOLD = 60;
const turn = () => new Promise((r) => setImmediate(r));

/** A paragraph's worth of typing from a client of its own: what one stored update holds. */
function edit(i: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, `update ${i}: ${'lorem ipsum dolor sit amet '.repeat(8)}`);
  return syncMessage(SyncType.update, Y.encodeStateAsUpdate(doc));
}

let dir: string;
let database: StintDatabase;
let server: DocServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-compaction-'));
  // On a file with FULL synchronous: each compaction is a transaction with its own fsync, as in production.
  database = createDatabase({ dialect: 'sqlite', file: join(dir, 'stint.db') });
  await database.migrate();
});
afterAll(async () => {
  await server?.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('compaction', () => {
  it('many rooms crossing the threshold together never hold a delivery up by more than 50 ms', async () => {
    const docs: string[] = [];
    let userId = '';
    while (docs.length < ROOMS + 1) {
      const { projectId, ownerId } = await seedProject(database, 'Compaction');
      userId = ownerId;
      docs.push(...KINDS.map((k) => `${projectId}/${k}`));
    }
    const [probeDoc, ...roomDocs] = docs.slice(0, ROOMS + 1) as [string, ...string[]];
    server = createDocServer({
      store: createDocumentStore(database.db, { sqlite: database.sqlite }),
      authorize: async () => ({ ok: true, userId, canWrite: true }),
      compaction: { maxUpdates: THRESHOLD },
      onError: (error, context) => console.error(context, error),
    });
    const sockets = roomDocs.map(() => new TestSocket());
    const writers = roomDocs.map((doc, i) => server.connect(sockets[i]!, doc, null));
    await turn();
    // Every room one update short of its threshold, written a few rooms per turn.
    for (let i = 0; i < THRESHOLD - 1; i++) {
      for (const w of writers) w.receive(edit(i));
      await turn();
    }
    await new Promise((r) => setTimeout(r, 50));

    // The probe: a writer and a reader on a room of its own; when each frame reaches the reader.
    const sentAt = new Map<Uint8Array, number>();
    const delays: number[] = [];
    const reader = new TestSocket();
    const send = reader.send.bind(reader);
    reader.send = (frame: Uint8Array) => {
      const at = sentAt.get(frame);
      if (at !== undefined) delays.push(performance.now() - at);
      send(frame);
    };
    const probe = server.connect(new TestSocket(), probeDoc, null);
    server.connect(reader, probeDoc, null);
    await turn();

    // The wave: every room's last update in one turn, so one group commit takes them all past it.
    // Meanwhile the probe types every 5 ms; a frame's delay counts from when it was due, as for a
    // client elsewhere whose frame waits in the socket while this process is busy.
    for (const w of writers) w.receive(edit(THRESHOLD));
    const start = performance.now();
    let n = 0;
    for (let due = start; due < start + 1500; due = start + ++n * 5) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const frame = edit(1_000 + n);
      sentAt.set(frame, due);
      probe.receive(frame);
    }
    await new Promise((r) => setTimeout(r, 200));

    console.log(`compaction wave: ${ROOMS} rooms; probe deliveries ${delays.length}, slowest ${Math.max(...delays).toFixed(1)} ms`);
    expect(sockets.every((s) => s.closedWith === null)).toBe(true);
    // Every room compacts in the end, however busy the machine (when is not the point here).
    const compacted = async () => (await database.db.selectFrom('doc_snapshots').select('kind').execute()).length;
    for (const until = Date.now() + 20_000; (await compacted()) < ROOMS && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
    expect(await compacted()).toBeGreaterThanOrEqual(ROOMS);
    expect(delays.length).toBe(n);
    expect(Math.max(...delays)).toBeLessThan(50);
  }, 60_000);
});
