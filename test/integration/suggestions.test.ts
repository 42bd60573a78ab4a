import { join } from 'node:path';
import { createDatabase, type StintDatabase } from '@stint/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { body, connectProvider, eventually, RawClient, syncFrame, textOf, whenSynced } from '../support/collab-clients.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';
import { setupWorkspace } from '../support/workspace.ts';

// The employer may only suggest in the deliverable while the work is in progress (the rights
// table); the student writes it. Every update below is built by hand on a real Yjs document and
// sent as raw y-protocols frames, as any client could.
let server: StintProcess;
let storage: StintDatabase;
let ws: Awaited<ReturnType<typeof setupWorkspace>>;
const ORIGINAL = 'Churn is seasonal. Retention matters most.';

beforeAll(async () => {
  server = await startStint();
  storage = createDatabase({ dialect: 'sqlite', file: join(server.dataDir, 'stint.db') });
  ws = await setupWorkspace(server.url);
  const { doc, provider } = connectProvider(server.url, `${ws.projectId}/deliverable`, ws.student.token);
  await whenSynced(provider);
  body(doc).insert(0, ORIGINAL);
  await eventually(async () => expect(await stored('Retention matters most')).toBe(true));
  provider.destroy();
});
afterAll(async () => {
  await storage?.close();
  await server?.dispose();
});

async function stored(marker: string): Promise<boolean> {
  const rows = await storage.db.selectFrom('doc_updates').select('data').where('project_id', '=', ws.projectId).where('kind', '=', 'deliverable').execute();
  return rows.some((r) => Buffer.from(r.data).includes(marker));
}

/** A raw connection as `who`, synced: its own copy of the document to build updates on. */
async function connect(token: string) {
  const client = new RawClient(server.url, `${ws.projectId}/deliverable`, { token });
  await client.opened;
  client.send(syncFrame(0, Y.encodeStateVector(new Y.Doc())));
  await eventually(() => expect(client.syncMessages().some(([kind]) => kind === 1)).toBe(true));
  const doc = client.documentSeen();
  /** Sends what `change` does to the copy, as one update. */
  const send = (change: (text: Y.XmlText) => void) => {
    const before = Y.encodeStateVector(doc);
    doc.transact(() => change(body(doc)));
    client.send(syncFrame(2, Y.encodeStateAsUpdate(doc, before)));
  };
  return { client, doc, send };
}

const mark = (by: string, id: string) => ({ id, by, at: 1_800_000_000_000 });

describe('suggesting: the server lets a suggester only propose', () => {
  it('a plain insert, a deletion of unmarked text, a mark it may not set and an insertion in someone else’s name are each refused (4409) and not stored', async () => {
    const employerId = ws.employer.id;
    const attempts: Array<[string, string, (text: Y.XmlText) => void]> = [
      ['plain insert', 'PLAIN-INSERT', (t) => t.insert(0, 'PLAIN-INSERT ')],
      ['deleting unmarked text', 'Churn', (t) => t.delete(0, 6)],
      ['bold on unmarked text', 'bold', (t) => t.format(0, 5, { bold: true })],
      ['an insertion in the student’s name', 'BORROWED', (t) => t.insert(0, 'BORROWED ', { insertion: mark(ws.student.id, 's-borrowed') })],
      ['a deletion mark in the student’s name', '"by":"', (t) => t.format(0, 5, { deletion: mark(ws.student.id, 's-del') })],
      [
        'a new paragraph of unmarked text',
        'UNMARKED-PARAGRAPH',
        (t) => {
          const p = new Y.XmlElement('paragraph');
          p.insert(0, [new Y.XmlText('UNMARKED-PARAGRAPH')]);
          (t.parent!.parent as Y.XmlFragment).push([p]);
        },
      ],
    ];
    for (const [what, marker, change] of attempts) {
      const before = await storedCount();
      const { client, send } = await connect(ws.employer.token);
      send(change);
      expect(await client.closed, what).toBe(4409);
      expect(client.closeReason.length, `${what}: says why`).toBeGreaterThan(0);
      expect(await storedCount(), `${what}: nothing stored`).toBe(before);
      if (marker !== '"by":"' && marker !== 'Churn' && marker !== 'bold') expect(await stored(marker), what).toBe(false);
    }
    expect(employerId).toBeTruthy();
  });

  it('a marked insertion and a deletion mark are stored and reach the student live; removing someone else’s suggestion is refused', async () => {
    const student = connectProvider(server.url, `${ws.projectId}/deliverable`, ws.student.token);
    await whenSynced(student.provider);
    const { client, send } = await connect(ws.employer.token);
    // Propose " Especially in Q1." after "seasonal." and the deletion of "most".
    const at = ORIGINAL.indexOf(' Retention');
    send((t) => t.insert(at, ' Especially in Q1.', { insertion: mark(ws.employer.id, 'e-ins-1') }));
    send((t) => t.format(ORIGINAL.indexOf('most') + ' Especially in Q1.'.length, 4, { deletion: mark(ws.employer.id, 'e-del-1') }));
    await eventually(async () => expect(await stored('Especially in Q1.')).toBe(true));
    expect(client.isOpen).toBe(true);
    await eventually(() => expect(textOf(student.doc)).toContain('Especially in Q1.'));
    const delta = body(student.doc).toDelta() as Array<{ insert: string; attributes?: Record<string, { by: string }> }>;
    expect(delta.find((d) => d.insert === ' Especially in Q1.')?.attributes?.insertion?.by).toBe(ws.employer.id);
    expect(delta.find((d) => d.insert === 'most')?.attributes?.deletion?.by).toBe(ws.employer.id);
    // Taking back its own suggestion is fine; the mentor's suggestion is not the employer's to remove.
    send((t) => t.delete(at, ' Especially in Q1.'.length));
    await eventually(() => expect(textOf(student.doc)).not.toContain('Especially'));
    expect(client.isOpen).toBe(true);
    client.close();
    student.provider.destroy();

    // A suggestion by someone else (written by a writer, the mentor, in the mentor's name).
    const mentor = connectProvider(server.url, `${ws.projectId}/deliverable`, ws.mentor.token);
    await whenSynced(mentor.provider);
    body(mentor.doc).insert(0, 'MENTOR-SUGGESTS ', { insertion: mark(ws.mentor.id, 'm-ins-1') });
    await eventually(async () => expect(await stored('MENTOR-SUGGESTS')).toBe(true));
    mentor.provider.destroy();
    const again = await connect(ws.employer.token);
    again.send((t) => t.delete(0, 'MENTOR-SUGGESTS '.length));
    expect(await again.client.closed).toBe(4409);
    // A new paragraph of the suggester's own marked text is a suggestion too.
    const more = await connect(ws.employer.token);
    more.send((t) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText()]);
      (t.parent!.parent as Y.XmlFragment).push([p]);
      (p.get(0) as Y.XmlText).insert(0, 'A-SUGGESTED-PARAGRAPH', { insertion: mark(ws.employer.id, 'e-ins-2') });
    });
    await eventually(async () => expect(await stored('A-SUGGESTED-PARAGRAPH')).toBe(true));
    expect(more.client.isOpen).toBe(true);
    more.client.close();
    const check = await connect(ws.student.token);
    expect(textOf(check.doc)).toContain('MENTOR-SUGGESTS');
    check.client.close();
  });
});

async function storedCount(): Promise<number> {
  const row = await storage.db
    .selectFrom('doc_updates')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', ws.projectId)
    .where('kind', '=', 'deliverable')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
