import type { OpenedTestDatabase } from '@stint/db/testing';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { eventually, openDocFixture, sleep, TestSocket } from '../test/fixtures.ts';
import { type Bus, createLocalBus } from './bus.ts';
import { createDocServer, type DocServer } from './doc-server.ts';
import { syncMessage } from './messages.ts';
import { MessageType, SyncType } from './protocol.ts';
import type { Authorize, DocumentStore } from './types.ts';

/** A client document whose every change is sent through `handle` as a y-websocket update. */
function writer(handle: { receive(frame: Uint8Array): void }) {
  const doc = new Y.Doc();
  doc.on('update', (update: Uint8Array) => handle.receive(syncMessage(SyncType.update, update)));
  return (text: string) => doc.getText('t').insert(doc.getText('t').length, text);
}

/** A bus that delivers late, as a slow network between processes would. */
function slowBus(inner: Bus, delayMs: number): Bus {
  return { ...inner, publish: (channel, message) => new Promise((resolve) => setTimeout(() => resolve(inner.publish(channel, message)), delayMs)) };
}

let opened: OpenedTestDatabase;
let store: DocumentStore;
let docName: string;
let userId: string;
let allowed = true;
const authorize: Authorize = async () => (allowed ? { ok: true, userId, canWrite: true } : { ok: false, code: 4403, reason: 'removed' });
const servers: DocServer[] = [];
const serve = (bus: Bus, maxUpdates = 500) => {
  const server = createDocServer({ store, authorize, bus, compaction: { maxUpdates }, busWaitMs: 100 });
  servers.push(server);
  return server;
};

beforeEach(async () => {
  allowed = true;
  ({ opened, store, docName, userId } = await openDocFixture());
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  await opened.drop();
});

describe('document servers on one bus (as several processes)', () => {
  it("relay each other's stored updates and presence to their own sockets", async () => {
    const bus = createLocalBus();
    const [a, b] = [serve(bus), serve(bus)];
    const onA = new TestSocket();
    const onB = new TestSocket();
    const write = writer(a.connect(onA, docName, null));
    b.connect(onB, docName, null);
    await sleep(20);
    write('hello from A');
    await eventually(() => expect(onB.text()).toBe('hello from A'));
    expect(await b.read(docName, (doc) => doc.getText('t').toString())).toBe('hello from A');

    const presence = new Awareness(new Y.Doc());
    presence.setLocalState({ user: { name: 'Ann' } });
    const frame = encoding.createEncoder();
    encoding.writeVarUint(frame, MessageType.awareness);
    encoding.writeVarUint8Array(frame, encodeAwarenessUpdate(presence, [presence.clientID]));
    a.connect(new TestSocket(), docName, null).receive(encoding.toUint8Array(frame));
    await eventually(() => expect(onB.ofType(MessageType.awareness).length).toBeGreaterThan(0));
  });

  it('a rights change handled by one closes the sockets it affects on the other', async () => {
    const bus = createLocalBus();
    const [a, b] = [serve(bus), serve(bus)];
    const onB = new TestSocket();
    b.connect(onB, docName, null);
    await sleep(20);
    allowed = false;
    await a.reauthorize(docName.split('/')[0]!);
    await eventually(() => expect(onB.closedWith).toBe(4403));
  });

  it('compacting on both while updates are still on their way loses nothing', async () => {
    const bus = slowBus(createLocalBus(), 40);
    const [a, b] = [serve(bus, 7), serve(bus, 7)];
    const writeA = writer(a.connect(new TestSocket(), docName, null));
    const writeB = writer(b.connect(new TestSocket(), docName, null));
    await sleep(20);
    const expected: string[] = [];
    for (let i = 0; i < 40; i++) {
      const word = `${i % 2 ? 'b' : 'a'}${i};`;
      (i % 2 ? writeB : writeA)(word);
      expected.push(word);
      await sleep(i % 5 === 0 ? 15 : 1);
    }
    await sleep(200);
    const fresh = serve(createLocalBus());
    const text = await fresh.read(docName, (doc) => doc.getText('t').toString());
    // Two writers' concurrent inserts interleave; what matters is that every word is there.
    for (const word of expected) expect(text).toContain(word);
    expect(text.length).toBe(expected.join('').length);
  });

  it('a bus that is down keeps no document closed, and a server catches up from the store once it is back', async () => {
    // A bus that loses what is published while it is down, and says when it is back.
    const inner = createLocalBus();
    let down = false;
    let subscribing = false;
    const backAgain: Array<() => void> = [];
    const flaky: Bus = {
      ...inner,
      publish: async (channel, message) => (down ? 0 : inner.publish(channel, message)),
      subscribe: (channel, listener) => (subscribing ? inner.subscribe(channel, listener) : new Promise(() => {})),
      onResubscribed: (listener) => void backAgain.push(listener),
    };
    const b = serve(flaky);
    // Subscribing hangs: B still opens the document, after busWaitMs.
    const onB = new TestSocket();
    b.connect(onB, docName, null);
    await eventually(() => expect(onB.sent.length).toBeGreaterThan(0), 1000);

    // A writes on a bus B doesn't hear: B's socket misses it, until B's bus is back.
    subscribing = true;
    const a = serve(flaky);
    const onA = new TestSocket();
    const write = writer(a.connect(onA, docName, null));
    await eventually(() => expect(onA.sent.length).toBeGreaterThan(0));
    down = true;
    write('written while the bus was down');
    await sleep(100);
    expect(onB.text()).toBe('');
    down = false;
    for (const listener of backAgain) listener();
    await eventually(() => expect(onB.text()).toBe('written while the bus was down'));
    expect(await b.read(docName, (doc) => doc.getText('t').toString())).toBe('written while the bus was down');
  });
});
