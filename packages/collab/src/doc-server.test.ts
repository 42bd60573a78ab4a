import type { createDocumentStore } from '@stint/db';
import type { OpenedTestDatabase } from '@stint/db/testing';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { openDocFixture, TestSocket } from '../test/fixtures.ts';
import { createDocServer, type DocServer } from './doc-server.ts';
import { syncMessage } from './messages.ts';
import { CloseCode, MessageType, SyncType } from './protocol.ts';
import type { Authorize, DocumentStore } from './types.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

let opened: OpenedTestDatabase;
let store: DocumentStore & ReturnType<typeof createDocumentStore>;
let docName: string;
let userId: string;
const allow: Authorize = async () => ({ ok: true, userId, canWrite: true });
let server: DocServer | null = null;

beforeEach(async () => {
  ({ opened, store, docName, userId } = await openDocFixture());
});
afterEach(async () => {
  await server?.close();
  server = null;
  await opened.drop();
});

function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return syncMessage(SyncType.update, Y.encodeStateAsUpdate(doc));
}

describe('document server', () => {
  it('an ended session heard while a socket is being admitted is not missed: the grant is asked again', async () => {
    let sessionValid = true;
    let release: () => void = () => {};
    const answering = new Promise<void>((r) => (release = r));
    let asked = 0;
    server = createDocServer({
      store,
      authorize: async () => {
        asked++;
        // The first answer was decided before the logout, and arrives after it.
        const valid = sessionValid;
        if (asked === 1) await answering;
        return valid ? { ok: true, userId, canWrite: true, principals: ['session:s1'] } : { ok: false, code: CloseCode.unauthenticated, reason: 'gone' };
      },
    });
    const socket = new TestSocket();
    server.connect(socket, docName, null);
    await tick();
    sessionValid = false;
    await server.reauthorizePrincipal('session:s1');
    release();
    await tick();
    await tick();
    expect(socket.closedWith).toBe(CloseCode.unauthenticated);
    expect(asked).toBe(2);
  });

  it('loads a document once however many connect at the same moment', async () => {
    let loads = 0;
    const counting: DocumentStore = { ...store, load: (name) => (loads++, store.load(name)) };
    server = createDocServer({ store: counting, authorize: allow });
    const sockets = Array.from({ length: 25 }, () => new TestSocket());
    for (const s of sockets) server.connect(s, docName, null);
    await tick();
    expect(loads).toBe(1);
    expect(sockets.every((s) => s.sent.length > 0)).toBe(true);
  });

  it('does no Yjs work for a denied connection: it is closed with the given code and never joins', async () => {
    let loads = 0;
    const counting: DocumentStore = { ...store, load: (name) => (loads++, store.load(name)) };
    server = createDocServer({ store: counting, authorize: async () => ({ ok: false, code: CloseCode.forbidden, reason: 'no' }) });
    const socket = new TestSocket();
    const handle = server.connect(socket, docName, null);
    handle.receive(edit('sneaky'));
    await tick();
    expect(socket.closedWith).toBe(4403);
    expect(socket.sent).toEqual([]);
    expect(loads).toBe(0);
  });

  it('stores an update before relaying it, with its author, in one group commit per turn', async () => {
    const appended: number[] = [];
    const watching: DocumentStore = { ...store, append: (entries) => (appended.push(entries.length), store.append(entries)) };
    server = createDocServer({ store: watching, authorize: allow });
    const a = new TestSocket();
    const b = new TestSocket();
    const ha = server.connect(a, docName, null);
    server.connect(b, docName, null);
    await tick();
    for (let i = 0; i < 10; i++) ha.receive(edit(`x${i}`));
    // Nothing relayed in the same turn: the write has not happened yet.
    expect(b.updates()).toHaveLength(0);
    await tick();
    await tick();
    expect(appended).toEqual([10]);
    expect(b.updates().length).toBeGreaterThanOrEqual(10);
    const rows = await opened.database.db.selectFrom('doc_updates').select('author_id').execute();
    expect(rows.map((r) => r.author_id)).toEqual(Array(10).fill(userId));
  });

  it('relays a live update as the very frame the client sent; the document has it once read', async () => {
    server = createDocServer({ store, authorize: allow });
    const a = new TestSocket();
    const b = new TestSocket();
    const ha = server.connect(a, docName, null);
    server.connect(b, docName, null);
    await tick();
    const frame = edit('kept as sent');
    ha.receive(frame);
    await tick();
    await tick();
    expect(b.sent).toContain(frame);
    expect(await server.read(docName, (doc) => doc.getText('t').toString())).toBe('kept as sent');
  });

  it('stores a sync answer only if it brings something: a reconnecting client re-sending known content adds no row', async () => {
    server = createDocServer({ store, authorize: allow });
    const a = new TestSocket();
    const ha = server.connect(a, docName, null);
    await tick();
    const client = new Y.Doc();
    client.getText('t').insert(0, 'hello');
    client.getText('t').delete(0, 1);
    ha.receive(syncMessage(SyncType.update, Y.encodeStateAsUpdate(client)));
    await tick();
    await tick();
    const { db } = opened.database;
    const count = async () => (await db.selectFrom('doc_updates').select('id').execute()).length;
    expect(await count()).toBe(1);
    // What y-websocket sends after our step 1: everything we lack (nothing) plus its whole delete set.
    ha.receive(syncMessage(SyncType.step2, Y.encodeStateAsUpdate(client, Y.encodeStateVector(client))));
    ha.receive(syncMessage(SyncType.step2, Y.encodeStateAsUpdate(new Y.Doc())));
    await tick();
    await tick();
    expect(await count()).toBe(1);
    client.getText('t').insert(0, 'new ');
    ha.receive(syncMessage(SyncType.step2, Y.encodeStateAsUpdate(client)));
    await tick();
    await tick();
    expect(await count()).toBe(2);
    expect(await server.read(docName, (doc) => doc.getText('t').toString())).toBe('new ello');
  });

  it('compacts the log into a snapshot past the threshold, and loads the same document back', async () => {
    server = createDocServer({ store, authorize: allow, compaction: { maxUpdates: 50 } });
    const a = new TestSocket();
    const ha = server.connect(a, docName, null);
    await tick();
    const doc = new Y.Doc();
    doc.on('update', (u: Uint8Array) => ha.receive(syncMessage(SyncType.update, u)));
    for (let i = 0; i < 120; i++) {
      doc.getText('t').insert(0, `${i % 10}`);
      await tick();
    }
    await tick();
    const { db } = opened.database;
    expect(await db.selectFrom('doc_snapshots').selectAll().execute()).toHaveLength(1);
    const log = await db.selectFrom('doc_updates').select('id').execute();
    expect(log.length).toBeLessThan(50);
    const loaded = await store.load(docName);
    const back = new Y.Doc();
    for (const u of loaded.updates) Y.applyUpdate(back, u);
    expect(back.getText('t').toString()).toBe(doc.getText('t').toString());
  });

  it('unloads a document nobody is connected to', async () => {
    server = createDocServer({ store, authorize: allow, idleUnloadMs: 20 });
    const s = new TestSocket();
    const h = server.connect(s, docName, null);
    await tick();
    expect(server.stats().documents).toBe(1);
    h.closed();
    await new Promise((r) => setTimeout(r, 60));
    expect(server.stats().documents).toBe(0);
  });

  it('applies server-side changes through the room so connected clients see them, stored with no author', async () => {
    server = createDocServer({ store, authorize: allow });
    const s = new TestSocket();
    server.connect(s, docName, null);
    await tick();
    await server.change(docName, (doc) => doc.getText('t').insert(0, 'from the server'));
    expect(s.text()).toBe('from the server');
    const rows = await opened.database.db.selectFrom('doc_updates').select('author_id').execute();
    expect(rows.map((r) => r.author_id)).toEqual([null]);
  });

  it('drops a write from a read-only connection and closes it at once with 4409', async () => {
    server = createDocServer({ store, authorize: async () => ({ ok: true, userId, canWrite: false }) });
    const s = new TestSocket();
    const h = server.connect(s, docName, null);
    await tick();
    h.receive(edit('one'));
    expect(s.closedWith).toBe(4409);
    await tick();
    expect(await opened.database.db.selectFrom('doc_updates').select('id').execute()).toEqual([]);
  });

  it('a document at its size limit refuses growth with 4507 (fenced, nothing stored), takes deletions, and says so across a reload', async () => {
    server = createDocServer({ store, authorize: allow, maxDocumentBytes: 4096 });
    const writer = new Y.Doc();
    const s = new TestSocket();
    const h = server.connect(s, docName, null);
    await tick();
    const send = (change: () => void) => {
      const before = Y.encodeStateVector(writer);
      change();
      h.receive(syncMessage(SyncType.update, Y.encodeStateAsUpdate(writer, before)));
    };
    // 3 KiB fits; 2 KiB more would not.
    send(() => writer.getText('t').insert(0, 'a'.repeat(3000)));
    await tick();
    expect(s.closedWith).toBeNull();
    send(() => writer.getText('t').insert(0, 'b'.repeat(2000)));
    expect(s.closedWith).toBe(CloseCode.documentFull);
    expect(s.closeReason).toMatch(/size limit/);
    await tick();
    const stored = async () => (await opened.database.db.selectFrom('doc_updates').select('data').execute()).length;
    expect(await stored()).toBe(1);

    // Another writer may still delete, and the document keeps only what was stored.
    const trimmer = new Y.Doc();
    const t = new TestSocket();
    const ht = server.connect(t, docName, null);
    await tick();
    Y.applyUpdate(trimmer, await server.read(docName, (d) => Y.encodeStateAsUpdate(d)));
    const before = Y.encodeStateVector(trimmer);
    trimmer.getText('t').delete(0, 1000);
    ht.receive(syncMessage(SyncType.update, Y.encodeStateAsUpdate(trimmer, before)));
    await tick();
    expect(t.closedWith).toBeNull();
    expect(await stored()).toBe(2);
    expect(await server.read(docName, (d) => d.getText('t').toString())).toBe('a'.repeat(2000));
  });

  it('closes a socket whose frame is malformed or too large, and no other', async () => {
    server = createDocServer({ store, authorize: allow });
    const good = new TestSocket();
    const bad = new TestSocket();
    const big = new TestSocket();
    server.connect(good, docName, null);
    const hb = server.connect(bad, docName, null);
    const hg = server.connect(big, docName, null);
    await tick();
    hb.receive(new Uint8Array([0, 2, 99]));
    hg.receive(new Uint8Array(2 * 1024 * 1024 + 1));
    expect(bad.closedWith).toBe(4400);
    expect(big.closedWith).toBe(4413);
    expect(good.closedWith).toBeNull();
  });

  it('acks with the on-disk state vector, counting incremental updates (not only runs from clock 0)', async () => {
    server = createDocServer({ store, authorize: allow });
    const s = new TestSocket();
    const h = server.connect(s, docName, null, { acks: true });
    await tick();
    const doc = new Y.Doc();
    doc.on('update', (u: Uint8Array) => h.receive(syncMessage(SyncType.update, u)));
    doc.getText('t').insert(0, 'abc');
    await tick();
    doc.getText('t').insert(3, 'def');
    await tick();
    await tick();
    const acks = s.sent.filter((f) => f[0] === MessageType.saved);
    expect(acks.length).toBeGreaterThanOrEqual(2);
    const d = decoding.createDecoder(acks.at(-1)!);
    decoding.readVarUint(d);
    const saved = Y.decodeStateVector(decoding.readVarUint8Array(d));
    expect(saved.get(doc.clientID)).toBe(6);
  });

  it("stamps presence with the server's name for the user, whatever the client claims", async () => {
    server = createDocServer({ store, authorize: async () => ({ ok: true, userId, userName: 'Real Name', canWrite: true }) });
    const liar = new TestSocket();
    const watcher = new TestSocket();
    const h = server.connect(liar, docName, null);
    server.connect(watcher, docName, null);
    await tick();
    const claimed = new Awareness(new Y.Doc());
    claimed.setLocalStateField('user', { name: 'Somebody Else', userId: 'forged', color: '#123456' });
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, encodeAwarenessUpdate(claimed, [claimed.clientID]));
    h.receive(encoding.toUint8Array(e));
    const seen = new Awareness(new Y.Doc());
    for (const frame of watcher.sent.filter((f) => f[0] === MessageType.awareness)) {
      const d = decoding.createDecoder(frame);
      decoding.readVarUint(d);
      applyAwarenessUpdate(seen, decoding.readVarUint8Array(d), null);
    }
    expect(seen.getStates().get(claimed.clientID)?.user).toEqual({ name: 'Real Name', userId, color: '#123456' });
  });
});
