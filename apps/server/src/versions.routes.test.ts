import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { testApp } from './test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

/** The deliverable holds one paragraph of `words`, written by the server as `authorId`. */
async function write(docName: string, words: string, authorId: string) {
  await t.docServer.change(
    docName,
    (doc) => {
      const body = doc.getXmlFragment('default');
      body.delete(0, body.length);
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(words)]);
      body.insert(0, [paragraph]);
    },
    authorId,
  );
}

describe('restoring a version', () => {
  it('stores the restored text and its version together, or neither', async () => {
    const { id, student } = await t.projectInProgress();
    const docName = `${id}/deliverable`;
    const text = async () => (await t.call('GET', `/api/projects/${id}/docs/deliverable`, { token: student.token })).json.text as string;
    await write(docName, 'First draft.', student.id);
    const { version } = await t.post(`/api/projects/${id}/docs/deliverable/versions`, student.token, { label: 'v1' });
    await write(docName, 'Second draft.', student.id);

    // The database refuses the restore's version (a real constraint, as a full disk would): nothing of the restore stays.
    const sqlite = t.database.sqlite!;
    sqlite.exec(`CREATE TRIGGER refuse_restore BEFORE INSERT ON doc_versions WHEN NEW.reason = 'restore' BEGIN SELECT RAISE(ABORT, 'refused'); END;`);
    const refused = await t.call('POST', `/api/projects/${id}/docs/deliverable/versions/${version.id}/restore`, { token: student.token });
    expect(refused.status).toBe(500);
    await t.restart();
    expect(await text()).toContain('Second draft.');
    expect(await text()).not.toContain('First draft.');

    sqlite.exec('DROP TRIGGER refuse_restore');
    const restored = await t.call('POST', `/api/projects/${id}/docs/deliverable/versions/${version.id}/restore`, { token: student.token });
    expect(restored.status).toBe(200);
    expect(restored.json.version.label).toBe('Restored “v1”');
    await t.restart();
    expect(await text()).toContain('First draft.');
    const versions = (await t.call('GET', `/api/projects/${id}/docs/deliverable/versions`, { token: student.token })).json.versions;
    expect(versions.map((v: { reason: string }) => v.reason).sort()).toEqual(['manual', 'restore']);
  });
});
