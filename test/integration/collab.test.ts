import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectProvider, eventually, insertUpdate, RawClient, syncFrame, whenSynced } from '../support/collab-clients.ts';
import { startStint, type StintProcess } from '../support/server-process.ts';
import { setupWorkspace } from '../support/workspace.ts';

let server: StintProcess;
let ws: Awaited<ReturnType<typeof setupWorkspace>>;
beforeAll(async () => {
  server = await startStint();
  ws = await setupWorkspace(server.url);
});
afterAll(() => server?.dispose());

const text = (doc: Y.Doc) => doc.getText('t').toString();

describe('live documents over the unmodified y-websocket client', () => {
  it('two writers see each other, and a fresh client sees both', async () => {
    const doc = `${ws.projectId}/deliverable`;
    const a = connectProvider(server.url, doc, ws.student.token);
    const b = connectProvider(server.url, doc, ws.mentor.token);
    await Promise.all([whenSynced(a.provider), whenSynced(b.provider)]);
    a.doc.getText('t').insert(0, 'student wrote this. ');
    b.doc.getText('t').insert(0, 'mentor wrote that. ');
    await eventually(() => {
      expect(text(a.doc)).toBe(text(b.doc));
      expect(text(a.doc)).toContain('student wrote this');
      expect(text(a.doc)).toContain('mentor wrote that');
    });
    const fresh = connectProvider(server.url, doc, ws.viewer.token);
    await whenSynced(fresh.provider);
    await eventually(() => expect(text(fresh.doc)).toBe(text(a.doc)));
    for (const c of [a, b, fresh]) c.provider.destroy();
  });

  it('sends "saved up to" acks only to clients that asked with acks=1', async () => {
    const doc = `${ws.projectId}/checkins`;
    const withAcks = new RawClient(server.url, doc, { token: ws.student.token, acks: '1' });
    const plain = new RawClient(server.url, doc, { token: ws.mentor.token });
    await Promise.all([withAcks.opened, plain.opened]);
    await new Promise((r) => setTimeout(r, 100));
    withAcks.send(syncFrame(2, insertUpdate('hello')));
    await eventually(() => expect(withAcks.received.some((f) => f[0] === 100)).toBe(true));
    await eventually(() => expect(text(plain.documentSeen())).toBe('hello'));
    expect(plain.received.some((f) => f[0] === 100)).toBe(false);
    withAcks.close();
    plain.close();
  });
});

describe('close codes', () => {
  const closes = async (client: RawClient) => {
    await client.closed;
    return client.closeCode;
  };

  it('4401 without a token or with a forged one', async () => {
    expect(await closes(new RawClient(server.url, `${ws.projectId}/brief`))).toBe(4401);
    const forged = `${ws.student.token.split('.')[0]}.${'a'.repeat(24)}`;
    expect(await closes(new RawClient(server.url, `${ws.projectId}/brief`, { token: forged }))).toBe(4401);
  });

  it('4403 for a non-member, 4404 for an unknown project or kind', async () => {
    expect(await closes(new RawClient(server.url, `${ws.projectId}/brief`, { token: ws.outsider.token }))).toBe(4403);
    expect(await closes(new RawClient(server.url, `nosuchproject/brief`, { token: ws.student.token }))).toBe(4404);
    expect(await closes(new RawClient(server.url, `${ws.projectId}/diary`, { token: ws.student.token }))).toBe(4404);
  });

  it('4403 for a cookie sent from another site', async () => {
    const client = new RawClient(server.url, `${ws.projectId}/brief`, {}, { cookie: `stint_session=${ws.student.token}`, origin: 'https://evil.test' });
    expect(await closes(client)).toBe(4403);
  });

  it('4400 for text and garbage frames, 4413 for frames over 2 MiB — and the others keep editing', async () => {
    const doc = `${ws.projectId}/brief`;
    const bystander = connectProvider(server.url, doc, ws.employer.token);
    await whenSynced(bystander.provider);

    const textFrame = new RawClient(server.url, doc, { token: ws.employer.token });
    await textFrame.opened;
    textFrame.send('hello');
    expect(await closes(textFrame)).toBe(4400);

    const garbage = new RawClient(server.url, doc, { token: ws.employer.token });
    await garbage.opened;
    garbage.send(new Uint8Array([0, 2, 200, 1, 2]));
    expect(await closes(garbage)).toBe(4400);

    const huge = new RawClient(server.url, doc, { token: ws.employer.token });
    await huge.opened;
    huge.send(new Uint8Array(2 * 1024 * 1024 + 1));
    expect(await closes(huge)).toBe(4413);

    bystander.doc.getText('t').insert(0, 'still fine');
    const check = connectProvider(server.url, doc, ws.student.token);
    await whenSynced(check.provider);
    await eventually(() => expect(text(check.doc)).toContain('still fine'));
    bystander.provider.destroy();
    check.provider.destroy();
  });
});

describe('rights on the wire', () => {
  it('drops writes from a read-only connection, never relays them, and closes it with 4403 when it persists', async () => {
    const doc = `${ws.projectId}/deliverable`;
    const writer = connectProvider(server.url, doc, ws.student.token);
    await whenSynced(writer.provider);
    const employer = new RawClient(server.url, doc, { token: ws.employer.token });
    await employer.opened;
    const before = text(writer.doc);
    employer.send(syncFrame(2, insertUpdate('EMPLOYER EDIT')));
    employer.send(syncFrame(2, insertUpdate('EMPLOYER EDIT 2')));
    employer.send(syncFrame(2, insertUpdate('EMPLOYER EDIT 3')));
    expect(await employer.closed).toBe(4403);
    await new Promise((r) => setTimeout(r, 200));
    expect(text(writer.doc)).toBe(before);
    const fresh = connectProvider(server.url, doc, ws.viewer.token);
    await whenSynced(fresh.provider);
    expect(text(fresh.doc)).not.toContain('EMPLOYER');
    writer.provider.destroy();
    fresh.provider.destroy();
  });

  it('the comments document is read-only for every member', async () => {
    const client = new RawClient(server.url, `${ws.projectId}/comments`, { token: ws.employer.token });
    await client.opened;
    for (let i = 0; i < 3; i++) client.send(syncFrame(2, insertUpdate(`forged comment ${i}`)));
    expect(await client.closed).toBe(4403);
  });
});

describe('rights that change', () => {
  it('a status transition downgrades open sockets at once: after submit, the student can no longer write', async () => {
    const fresh = await setupWorkspace(server.url);
    const doc = `${fresh.projectId}/deliverable`;
    const student = connectProvider(server.url, doc, fresh.student.token);
    await whenSynced(student.provider);
    student.doc.getText('t').insert(0, 'before submit. ');
    const mentor = connectProvider(server.url, doc, fresh.mentor.token);
    await whenSynced(mentor.provider);
    await eventually(() => expect(text(mentor.doc)).toBe('before submit. '));

    await fresh.post(`/api/projects/${fresh.projectId}/submit`, fresh.student.token);
    const submittedAt = Date.now();
    student.doc.getText('t').insert(0, 'AFTER SUBMIT ');
    await new Promise((r) => setTimeout(r, 300));
    expect(Date.now() - submittedAt).toBeLessThan(1000);
    const reader = connectProvider(server.url, doc, fresh.viewer.token);
    await whenSynced(reader.provider);
    expect(text(reader.doc)).toBe('before submit. ');
    expect(text(mentor.doc)).toBe('before submit. ');
    for (const c of [student, mentor, reader]) c.provider.destroy();
  });
});

describe('GET /api/projects/:id/docs/:kind', () => {
  const paragraph = (doc: Y.Doc, words: string) => {
    const p = new Y.XmlElement('paragraph');
    const t = new Y.XmlText();
    t.insert(0, words);
    p.insert(0, [t]);
    doc.getXmlFragment('default').push([p]);
  };

  it("renders what two writers typed, as text and sanitized HTML, for members who may read it", async () => {
    const fresh = await setupWorkspace(server.url);
    const doc = `${fresh.projectId}/deliverable`;
    const a = connectProvider(server.url, doc, fresh.student.token);
    const b = connectProvider(server.url, doc, fresh.mentor.token);
    await Promise.all([whenSynced(a.provider), whenSynced(b.provider)]);
    paragraph(a.doc, 'Student paragraph <script>x</script>');
    paragraph(b.doc, 'Mentor paragraph');
    await eventually(() => expect(a.doc.getXmlFragment('default').length).toBe(2));
    await eventually(async () => {
      const res = await fresh.api.call('GET', `/api/projects/${fresh.projectId}/docs/deliverable`, { token: fresh.employer.token });
      expect(res.status).toBe(200);
      expect(res.json.kind).toBe('deliverable');
      expect(res.json.text).toContain('Student paragraph <script>x</script>');
      expect(res.json.text).toContain('Mentor paragraph');
      expect(res.json.html).toContain('<p>Mentor paragraph</p>');
      expect(res.json.html).toContain('&lt;script&gt;');
      expect(Date.parse(res.json.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
    });
    const viewerFeedback = await fresh.api.call('GET', `/api/projects/${fresh.projectId}/docs/feedback`, { token: fresh.viewer.token });
    expect(viewerFeedback.status).toBe(403);
    expect((await fresh.api.call('GET', `/api/projects/${fresh.projectId}/docs/deliverable`, { token: fresh.outsider.token })).status).toBe(404);
    expect((await fresh.api.call('GET', `/api/projects/${fresh.projectId}/docs/diary`, { token: fresh.employer.token })).status).toBe(400);
    const empty = await fresh.api.call('GET', `/api/projects/${fresh.projectId}/docs/brief`, { token: fresh.student.token });
    expect(empty.json).toEqual({ kind: 'brief', text: '', html: '', updatedAt: null });
    a.provider.destroy();
    b.provider.destroy();
  });
});
