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
import { NO_METRICS } from './types.ts';

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
/** When each compaction finished (its count is what the test reads). */
const compactedAt: number[] = [];
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
  it('many rooms crossing the threshold together: a delivery waits for one compaction at most, never for the wave', async () => {
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
      metrics: { ...NO_METRICS, compacted: () => void compactedAt.push(performance.now()) },
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
    // For each probe frame: when it was due (the delay is only logged) and how many compactions had
    // finished when the server received it, against how many when it was delivered: what is asserted.
    const sentAt = new Map<Uint8Array, { due: number; compactions: number }>();
    const delays: number[] = [];
    const compactionsWaited: number[] = [];
    let deliveredDuringWave = 0;
    const reader = new TestSocket();
    const send = reader.send.bind(reader);
    reader.send = (frame: Uint8Array) => {
      const sent = sentAt.get(frame);
      if (sent !== undefined) {
        delays.push(performance.now() - sent.due);
        compactionsWaited.push(compactedAt.length - sent.compactions);
        if (compactedAt.length > 0 && compactedAt.length < ROOMS) deliveredDuringWave++;
      }
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
      sentAt.set(frame, { due, compactions: compactedAt.length });
      probe.receive(frame);
    }
    await new Promise((r) => setTimeout(r, 200));

    console.log(
      `compaction wave: ${ROOMS} rooms; probe deliveries ${delays.length} (${deliveredDuringWave} while the wave compacted), slowest ${Math.max(...delays).toFixed(1)} ms, most compactions waited for ${Math.max(...compactionsWaited)}`,
    );
    expect(sockets.every((s) => s.closedWith === null)).toBe(true);
    // Every room compacts in the end, however busy the machine (when is not the point here).
    const compacted = async () => (await database.db.selectFrom('doc_snapshots').select('kind').execute()).length;
    for (const until = Date.now() + 20_000; (await compacted()) < ROOMS && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
    expect(await compacted()).toBeGreaterThanOrEqual(ROOMS);
    expect(delays.length).toBe(n);
    // Deliveries went on while the wave compacted (run back to back, the compactions let none
    // through until all 160 were done), and no frame waited for more than the one compaction queued
    // ahead of its commit in the turn it arrived.
    expect(deliveredDuringWave).toBeGreaterThanOrEqual(3);
    expect(Math.max(...compactionsWaited)).toBeLessThanOrEqual(1);
  }, 60_000);
});
