import { join } from 'node:path';
import { createDatabase, createDocumentStore, type StintDatabase } from '@stint/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { body, connectProvider, eventually, RawClient, syncFrame, textOf, whenSynced } from '../support/collab-clients.ts';
import { startStint, type StintProcess } from '../support/server-process.ts';
import { setupWorkspace } from '../support/workspace.ts';

let server: StintProcess;
let storage: StintDatabase;
beforeAll(async () => {
  server = await startStint();
  storage = createDatabase({ dialect: 'sqlite', file: join(server.dataDir, 'stint.db') });
});
afterAll(async () => {
  await storage?.close();
  await server?.dispose();
});

/** The update `change` makes to a fresh document (a client that starts from nothing). */
function updateOf(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  change(doc);
  return Y.encodeStateAsUpdate(doc);
}

/** Sends one update as a writer and waits for the server to close the socket. */
async function sendAs(token: string, docName: string, update: Uint8Array) {
  const client = new RawClient(server.url, docName, { token });
  await client.opened;
  client.send(syncFrame(2, update));
  return Promise.race([client.closed, new Promise<number>((r) => setTimeout(() => r(-1), 3000))]);
}

describe('documents keep their shape', () => {
  it('a writer sending what the schema does not allow is refused on the wire (4422), and every route and hand-off keeps working', async () => {
    const ws = await setupWorkspace(server.url);
    const deliverable = `${ws.projectId}/deliverable`;
    expect(await sendAs(ws.student.token, deliverable, updateOf((d) => d.getXmlFragment('default').insert(0, [new Y.XmlText('poison')])))).toBe(4422);
    expect(await sendAs(ws.student.token, deliverable, updateOf((d) => d.getXmlFragment('default').insert(0, [new Y.XmlHook('hook') as unknown as Y.XmlElement])))).toBe(4422);
    expect(await sendAs(ws.student.token, `${ws.projectId}/checkins`, updateOf((d) => d.getArray('entries').push(['not a check-in'])))).toBe(4422);
    // An honest edit still goes through.
    const honest = connectProvider(server.url, deliverable, ws.student.token);
    await whenSynced(honest.provider);
    body(honest.doc).insert(0, 'honest work');
    await eventually(async () => expect((await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/deliverable`, { token: ws.employer.token })).json.text).toBe('honest work'));
    honest.provider.destroy();
    const stored = await storage.db.selectFrom('doc_updates').select('data').where('project_id', '=', ws.projectId).execute();
    expect(stored.some((r) => Buffer.from(r.data).includes('poison'))).toBe(false);
    expect((await ws.api.call('GET', `/api/projects/${ws.projectId}/export?format=md`, { token: ws.employer.token })).status).toBe(200);
    expect((await ws.api.call('POST', `/api/projects/${ws.projectId}/submit`, { token: ws.student.token })).status).toBe(200);
  });

  it('a document poisoned before the guard existed still renders, hands off and completes, and reading it changes nothing', async () => {
    const ws = await setupWorkspace(server.url);
    const store = createDocumentStore(storage.db, { sqlite: storage.sqlite });
    const poisoned = updateOf((d) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('kept text')]);
      d.getXmlFragment('default').insert(0, [p, new Y.XmlText('loose'), new Y.XmlElement('script'), new Y.XmlElement('img')]);
      d.getArray('entries').push(['not a map', 7]);
    });
    // Written underneath, as an old server would have stored it, before any room opened it.
    for (const kind of ['deliverable', 'checkins']) await store.append([{ docName: `${ws.projectId}/${kind}`, update: poisoned, authorId: ws.student.id }]);
    const topLevel = async () => {
      const reader = new RawClient(server.url, `${ws.projectId}/deliverable`, { token: ws.viewer.token });
      await reader.opened;
      reader.send(syncFrame(0, Y.encodeStateVector(new Y.Doc())));
      await eventually(() => expect(reader.syncMessages().some(([k]) => k === 1)).toBe(true));
      const length = reader.documentSeen().getXmlFragment('default').length;
      reader.close();
      return length;
    };
    expect(await topLevel()).toBe(4);
    for (const kind of ['deliverable', 'checkins']) {
      const answer = await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/${kind}`, { token: ws.employer.token });
      expect(answer.status, kind).toBe(200);
    }
    expect((await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/deliverable`, { token: ws.employer.token })).json.text).toBe('kept text');
    expect((await ws.api.call('GET', `/api/projects/${ws.projectId}/export?format=html`, { token: ws.employer.token })).status).toBe(200);
    // Reading renders a copy: fresh clients still get everything that is stored.
    expect(await topLevel()).toBe(4);
    expect((await ws.api.call('POST', `/api/projects/${ws.projectId}/submit`, { token: ws.student.token })).status).toBe(200);
    const complete = await ws.api.call('POST', `/api/projects/${ws.projectId}/complete`, { token: ws.employer.token, body: { rating: { skills: { writing: 4 }, wouldWorkAgain: true } } });
    expect(complete.status).toBe(200);
    const versions = await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/deliverable/versions`, { token: ws.employer.token });
    expect(versions.json.versions.map((v: { label: string }) => v.label)).toEqual(expect.arrayContaining(['Submitted', 'Completed']));
    expect((await ws.api.call('POST', `/api/projects/${ws.projectId}/portfolio`, { token: ws.student.token })).status).toBe(201);
    expect(await topLevel()).toBe(4);
  });

  it('a burst of writes across complete: the Completed version holds every update the server accepted', async () => {
    const ws = await setupWorkspace(server.url);
    expect((await ws.api.call('POST', `/api/projects/${ws.projectId}/submit`, { token: ws.student.token })).status).toBe(200);
    const feedback = `${ws.projectId}/feedback`;
    const mentor = connectProvider(server.url, feedback, ws.mentor.token);
    await whenSynced(mentor.provider);
    let writing = true;
    const burst = (async () => {
      for (let i = 0; writing; i++) {
        body(mentor.doc).insert(body(mentor.doc).length, `m${i} `);
        await new Promise((r) => setImmediate(r));
      }
    })();
    await new Promise((r) => setTimeout(r, 150));
    const complete = await ws.api.call('POST', `/api/projects/${ws.projectId}/complete`, { token: ws.employer.token, body: { rating: { skills: { writing: 5 }, wouldWorkAgain: true } } });
    writing = false;
    await burst;
    expect(complete.status).toBe(200);
    mentor.provider.destroy();
    const final = await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/feedback`, { token: ws.employer.token });
    const versions = await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/feedback/versions`, { token: ws.employer.token });
    const completed = versions.json.versions.find((v: { label: string }) => v.label === 'Completed');
    const version = await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/feedback/versions/${completed.id}`, { token: ws.employer.token });
    expect(final.json.text.length).toBeGreaterThan(0);
    expect(version.json.text).toBe(final.json.text);
    expect(textOf(mentor.doc).startsWith(final.json.text)).toBe(true);
  });
});
