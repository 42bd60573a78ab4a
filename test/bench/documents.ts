/**
 * In-process document costs: cold load of the automerge-paper trace's document from storage
 * (update log only, and compacted) next to a bare Y.applyUpdate of its state; durable updates
 * per second through the document server; memory per idle loaded document.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocServer, MessageType, ShapeGuard, SyncType } from '@stint/collab';
import { createDatabase, createDocumentStore } from '@stint/db';
import { seedProject } from '@stint/db/testing';
import { documentShapes } from '@stint/editor';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { body } from '../support/collab-clients.ts';
import { applyPatches, loadTrace } from '../support/traces.ts';

const ms = (t0: number) => performance.now() - t0;

function frame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, SyncType.update);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export async function documentsBench(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'stint-bench-'));
  const database = createDatabase({ dialect: 'sqlite', file: join(dir, 'bench.db') });
  await database.migrate();
  const store = createDocumentStore(database.db, { sqlite: database.sqlite });
  const { ownerId: userId, projectId } = await seedProject(database, 'Bench');
  const lines: string[] = [];

  // Cold load of a real 260k-keystroke document.
  const trace = loadTrace('automerge-paper');
  const source = new Y.Doc();
  const updates: Uint8Array[] = [];
  source.on('update', (u: Uint8Array) => updates.push(u));
  const text = source.getText('t');
  for (const txn of trace.txns) applyPatches(text, txn.patches);
  const docName = `${projectId}/deliverable`;
  for (let i = 0; i < updates.length; i += 5000) {
    await store.append(updates.slice(i, i + 5000).map((update) => ({ docName, update, authorId: userId })));
  }
  const state = Y.encodeStateAsUpdate(source);
  const load = async () => {
    const t0 = performance.now();
    const loaded = await store.load(docName);
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const u of loaded.updates) Y.applyUpdate(doc, u);
    });
    if (doc.getText('t').length !== trace.endContent.length) throw new Error('cold load produced the wrong text');
    return ms(t0);
  };
  const bare = () => {
    const t0 = performance.now();
    Y.applyUpdate(new Y.Doc(), state);
    return ms(t0);
  };
  const best = async (f: () => number | Promise<number>, n = 5) => {
    let min = Infinity;
    for (let i = 0; i < n; i++) min = Math.min(min, await f());
    return min;
  };
  const logOnly = await best(load, 1);
  await store.compact(docName, () => state, (await store.load(docName)).ids);
  const compacted = await best(load);
  const bareMs = await best(bare);
  lines.push(
    `Cold load of automerge-paper (${updates.length.toLocaleString('en')} updates, ${trace.endContent.length.toLocaleString('en')} chars, state ${(state.byteLength / 1024).toFixed(0)} KiB):`,
  );
  lines.push('', '| load | ms | vs bare applyUpdate |', '|---|---:|---:|');
  lines.push(`| bare Y.applyUpdate of the state | ${bareMs.toFixed(1)} | 1.00× |`);
  lines.push(`| from storage, compacted (snapshot) | ${compacted.toFixed(1)} | ${(compacted / bareMs).toFixed(2)}× |`);
  lines.push(`| from storage, update log only | ${logOnly.toFixed(1)} | ${(logOnly / bareMs).toFixed(2)}× |`);

  // Durable updates per second through the document server (SQLite, synchronous=FULL).
  let committed = 0;
  const counting = { ...store, append: async (e: Parameters<typeof store.append>[0]) => ((committed += e.length), store.append(e)) };
  const server = createDocServer({ store: counting, authorize: async () => ({ ok: true, userId, canWrite: true }) });
  const handle = server.connect({ send() {}, close() {} }, `${projectId}/brief`, null);
  await new Promise((r) => setTimeout(r, 20));
  const writer = new Y.Doc();
  const frames: Uint8Array[] = [];
  writer.on('update', (u: Uint8Array) => frames.push(frame(u)));
  const N = 20_000;
  for (let i = 0; i < N; i++) writer.getText('t').insert(i, 'x');
  const t0 = performance.now();
  for (let i = 0; i < N; i += 200) {
    for (const f of frames.slice(i, i + 200)) handle.receive(f);
    await new Promise((r) => setImmediate(r));
  }
  while (committed < N) await new Promise((r) => setTimeout(r, 1));
  const perSecond = N / (ms(t0) / 1000);
  lines.push('', `Durable updates per second (one writer, bursts of 200 per turn, SQLite synchronous=FULL): ${Math.round(perSecond).toLocaleString('en')}/s`);
  await server.close();

  // Memory per idle loaded document.
  const memServer = createDocServer({ store, authorize: async () => ({ ok: true, userId, canWrite: true }), idleUnloadMs: 3_600_000 });
  const docs = 200;
  const seeded: string[] = [];
  for (let i = 0; i < docs; i++) {
    const { projectId: id } = await seedProject(database, 'Bench');
    const name = `${id}/brief`;
    const d = new Y.Doc();
    d.getText('t').insert(0, 'A short brief of about five hundred characters. '.repeat(10));
    await store.append([{ docName: name, update: Y.encodeStateAsUpdate(d), authorId: null }]);
    seeded.push(name);
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  for (const name of seeded) await memServer.read(name, () => null);
  gc?.();
  const perDoc = (process.memoryUsage().heapUsed - before) / docs;
  lines.push(
    '',
    `Memory per idle loaded document (a 500-character brief, ${docs} loaded${gc ? ', after GC' : ', run with --expose-gc for a cleaner number'}): ${(perDoc / 1024).toFixed(1)} KiB`,
  );
  await memServer.close();

  await database.close();
  rmSync(dir, { recursive: true, force: true });
  lines.push('', shapeGuardBench());
  return lines.join('\n');
}

/**
 * What the shape guard adds to each client update: automerge-paper's 260k keystrokes replayed
 * into the deliverable's shape (text in a paragraph), each update decoded (what the server did
 * before the guard) and then checked, against applying it (what the guard avoids doing).
 */
function shapeGuardBench(): string {
  const trace = loadTrace('automerge-paper');
  const source = new Y.Doc();
  const text = body(source);
  const updates: Uint8Array[] = [];
  source.on('update', (u: Uint8Array) => updates.push(u));
  for (const txn of trace.txns) applyPatches(text, txn.patches);
  const time = (fn: () => void) => {
    const t0 = performance.now();
    fn();
    return ((performance.now() - t0) * 1000) / updates.length;
  };
  const fresh = () => {
    const guard = new ShapeGuard(documentShapes().deliverable);
    const start = new Y.Doc();
    body(start);
    guard.indexDocument(start);
    return guard;
  };
  const decodeOnly = time(() => {
    for (const u of updates) Y.decodeUpdate(u);
  });
  const guard = fresh();
  let refused = 0;
  const decodeAndGuard = time(() => {
    for (const u of updates) if (guard.admit(Y.decodeUpdate(u).structs as Array<Y.Item | Y.GC | Y.Skip>)) refused++;
  });
  if (refused > 0) throw new Error(`the guard refused ${refused} honest keystrokes`);
  const target = new Y.Doc();
  body(target);
  const apply = time(() => {
    for (const u of updates) Y.applyUpdate(target, u);
  });
  return [
    `Shape guard, per client update (automerge-paper, ${updates.length.toLocaleString('en')} keystroke updates into a paragraph, back to back):`,
    '',
    '| step | µs / update |',
    '|---|---:|',
    `| decode (validation before the guard) | ${decodeOnly.toFixed(2)} |`,
    `| decode + shape guard | ${decodeAndGuard.toFixed(2)} |`,
    `| guard alone | ${(decodeAndGuard - decodeOnly).toFixed(2)} |`,
    `| Y.applyUpdate (what the guard avoids) | ${apply.toFixed(2)} |`,
  ].join('\n');
}
