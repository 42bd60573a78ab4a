import { join } from 'node:path';
import { createDatabase, createDocumentStore } from '@stint/db';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { body, connectProvider, eventually, textOf, whenSynced } from '../support/collab-clients.ts';
import { applyPatches, type ConcurrentTrace, loadTrace, replayConcurrent, whenHolds } from '../support/traces.ts';
import { useWorkspaceServer } from '../support/workspace-server.ts';

const fixture = useWorkspaceServer();

/** The document as storage holds it, read straight from the database the server wrote. */
async function storedText(docName: string): Promise<string> {
  const storage = createDatabase({ dialect: 'sqlite', file: join(fixture.server.dataDir, 'stint.db') });
  try {
    const loaded = await createDocumentStore(storage.db).load(docName);
    const doc = new Y.Doc();
    for (const update of loaded.updates) Y.applyUpdate(doc, update);
    return textOf(doc);
  } finally {
    await storage.close();
  }
}

const writers = () => [fixture.ws.student.token, fixture.ws.mentor.token];

describe('convergence under random concurrent edits (fast-check)', () => {
  it('2–5 y-websocket clients end equal to each other and to a fresh client', async () => {
    const docName = `${fixture.ws.projectId}/deliverable`;
    let run = 0;
    const op = fc.record({
      client: fc.nat(4),
      insert: fc.boolean(),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      text: fc.string({ minLength: 1, maxLength: 6 }),
      length: fc.integer({ min: 1, max: 4 }),
      pause: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 5 }), fc.array(op, { minLength: 1, maxLength: 40 }), async (count, ops) => {
        // Each run types into a paragraph of its own, made by the first client before the others join.
        const paragraph = ++run;
        const clients = Array.from({ length: count }, (_, i) => connectProvider(fixture.server.url, docName, writers()[i % 2]!));
        try {
          await Promise.all(clients.map((c) => whenSynced(c.provider)));
          const fragment = clients[0]!.doc.getXmlFragment('default');
          const mine = new Y.XmlElement('paragraph');
          mine.insert(0, [new Y.XmlText()]);
          fragment.insert(fragment.length, [mine]);
          const textIn = (doc: Y.Doc) => (doc.getXmlFragment('default').get(paragraph - 1) as Y.XmlElement | undefined)?.get(0) as Y.XmlText | undefined;
          await eventually(() => {
            for (const c of clients) expect(textIn(c.doc)).toBeDefined();
          });
          const read = (doc: Y.Doc) => textIn(doc)?.toString() ?? '';
          for (const o of ops) {
            const text = textIn(clients[o.client % count]!.doc)!;
            const at = Math.floor(o.at * text.length);
            if (o.insert || text.length === 0) text.insert(at, o.text);
            else text.delete(Math.min(at, text.length - 1), Math.min(o.length, text.length - at) || 1);
            if (o.pause) await new Promise((r) => setTimeout(r, 1));
          }
          await eventually(() => {
            const first = read(clients[0]!.doc);
            for (const c of clients) expect(read(c.doc)).toBe(first);
          });
          const fresh = connectProvider(fixture.server.url, docName, fixture.ws.viewer.token);
          try {
            await whenSynced(fresh.provider);
            await eventually(() => expect(read(fresh.doc)).toBe(read(clients[0]!.doc)));
          } finally {
            fresh.provider.destroy();
          }
        } finally {
          for (const c of clients) c.provider.destroy();
        }
      }),
      { numRuns: 15 },
    );
  });
});

describe('real editing traces through real clients', () => {
  it('clownschool, replayed keystroke by keystroke: every client and the stored document equal endContent', async () => {
    const trace = loadTrace('clownschool_flat');
    const docName = `${fixture.ws.projectId}/brief`;
    const writer = connectProvider(fixture.server.url, docName, fixture.ws.employer.token);
    const reader = connectProvider(fixture.server.url, docName, fixture.ws.viewer.token);
    await Promise.all([whenSynced(writer.provider), whenSynced(reader.provider)]);
    const text = body(writer.doc);
    text.insert(0, trace.startContent);
    for (const txn of trace.txns) writer.doc.transact(() => applyPatches(text, txn.patches));
    expect(text.toString()).toBe(trace.endContent);
    await eventually(() => expect(textOf(reader.doc)).toBe(trace.endContent), 60_000, 50);
    writer.provider.destroy();
    reader.provider.destroy();
    await eventually(async () => expect(await storedText(docName)).toBe(trace.endContent), 10_000, 100);
  });

  it('friendsforever, two agents typing concurrently, one client each: both and storage equal endContent', async () => {
    const trace = loadTrace<ConcurrentTrace>('friendsforever');
    const docName = `${fixture.ws.projectId}/feedback`;
    const agents = [
      connectProvider(fixture.server.url, docName, fixture.ws.employer.token),
      connectProvider(fixture.server.url, docName, fixture.ws.mentor.token),
    ];
    await Promise.all(agents.map((a) => whenSynced(a.provider)));
    // A client sends only its own edits: another agent's reaches it from the server, and it types
    // on top of one only once it has it (never sending someone else's structs as its own).
    await replayConcurrent(trace, (agent, update, own) => (own ? Y.applyUpdate(agents[agent]!.doc, update) : whenHolds(agents[agent]!.doc, update)));
    await eventually(
      () => {
        for (const a of agents) expect(textOf(a.doc)).toBe(trace.endContent);
      },
      60_000,
      50,
    );
    for (const a of agents) a.provider.destroy();
    await eventually(async () => expect(await storedText(docName)).toBe(trace.endContent), 10_000, 100);
  });
});
