import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { body, connectProvider, eventually, insertUpdate, RawClient, syncFrame, textOf, whenSynced } from '../support/collab-clients.ts';
import { setupWorkspace } from '../support/workspace.ts';
import { useWorkspaceServer } from '../support/workspace-server.ts';

const fixture = useWorkspaceServer();

const text = (doc: Y.Doc) => textOf(doc);

describe('live documents over the unmodified y-websocket client', () => {
  it('two writers see each other, and a fresh client sees both', async () => {
    const doc = `${fixture.ws.projectId}/deliverable`;
    const a = connectProvider(fixture.server.url, doc, fixture.ws.student.token);
    const b = connectProvider(fixture.server.url, doc, fixture.ws.mentor.token);
    await Promise.all([whenSynced(a.provider), whenSynced(b.provider)]);
    body(a.doc).insert(0, 'student wrote this. ');
    body(b.doc).insert(0, 'mentor wrote that. ');
    await eventually(() => {
      expect(text(a.doc)).toBe(text(b.doc));
      expect(text(a.doc)).toContain('student wrote this');
      expect(text(a.doc)).toContain('mentor wrote that');
    });
    const fresh = connectProvider(fixture.server.url, doc, fixture.ws.viewer.token);
    await whenSynced(fresh.provider);
    await eventually(() => expect(text(fresh.doc)).toBe(text(a.doc)));
    for (const c of [a, b, fresh]) c.provider.destroy();
  });

  it('sends "saved up to" acks only to clients that asked with acks=1', async () => {
    const doc = `${fixture.ws.projectId}/deliverable`;
    const withAcks = new RawClient(fixture.server.url, doc, { token: fixture.ws.student.token, acks: '1' });
    const plain = new RawClient(fixture.server.url, doc, { token: fixture.ws.mentor.token });
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
    expect(await closes(new RawClient(fixture.server.url, `${fixture.ws.projectId}/brief`))).toBe(4401);
    const forged = `${fixture.ws.student.token.split('.')[0]}.${'a'.repeat(24)}`;
    expect(await closes(new RawClient(fixture.server.url, `${fixture.ws.projectId}/brief`, { token: forged }))).toBe(4401);
  });

  it('4403 for a non-member, 4404 for an unknown project or kind', async () => {
    expect(await closes(new RawClient(fixture.server.url, `${fixture.ws.projectId}/brief`, { token: fixture.ws.outsider.token }))).toBe(4403);
    expect(await closes(new RawClient(fixture.server.url, `nosuchproject/brief`, { token: fixture.ws.student.token }))).toBe(4404);
    expect(await closes(new RawClient(fixture.server.url, `${fixture.ws.projectId}/diary`, { token: fixture.ws.student.token }))).toBe(4404);
  });

  it('4403 for a cookie sent from another site', async () => {
    const client = new RawClient(
      fixture.server.url,
      `${fixture.ws.projectId}/brief`,
      {},
      { cookie: `stint_session=${fixture.ws.student.token}`, origin: 'https://evil.test' },
    );
    expect(await closes(client)).toBe(4403);
  });

  it('4400 for text and garbage frames, 4413 for frames over 2 MiB — and the others keep editing', async () => {
    const doc = `${fixture.ws.projectId}/brief`;
    const bystander = connectProvider(fixture.server.url, doc, fixture.ws.employer.token);
    await whenSynced(bystander.provider);

    const textFrame = new RawClient(fixture.server.url, doc, { token: fixture.ws.employer.token });
    await textFrame.opened;
    textFrame.send('hello');
    expect(await closes(textFrame)).toBe(4400);

    const garbage = new RawClient(fixture.server.url, doc, { token: fixture.ws.employer.token });
    await garbage.opened;
    garbage.send(new Uint8Array([0, 2, 200, 1, 2]));
    expect(await closes(garbage)).toBe(4400);

    const huge = new RawClient(fixture.server.url, doc, { token: fixture.ws.employer.token });
    await huge.opened;
    huge.send(new Uint8Array(2 * 1024 * 1024 + 1));
    expect(await closes(huge)).toBe(4413);

    body(bystander.doc).insert(0, 'still fine');
    const check = connectProvider(fixture.server.url, doc, fixture.ws.student.token);
    await whenSynced(check.provider);
    await eventually(() => expect(text(check.doc)).toContain('still fine'));
    bystander.provider.destroy();
    check.provider.destroy();
  });
});

describe('rights on the wire', () => {
  it('drops a write from a read-only connection, never relays it, and closes the socket at once with 4409 (the copy holds refused edits)', async () => {
    const doc = `${fixture.ws.projectId}/deliverable`;
    const writer = connectProvider(fixture.server.url, doc, fixture.ws.student.token);
    await whenSynced(writer.provider);
    const employer = new RawClient(fixture.server.url, doc, { token: fixture.ws.employer.token });
    await employer.opened;
    const before = text(writer.doc);
    employer.send(syncFrame(2, insertUpdate('EMPLOYER EDIT')));
    expect(await employer.closed).toBe(4409);
    await new Promise((r) => setTimeout(r, 200));
    expect(text(writer.doc)).toBe(before);
    const fresh = connectProvider(fixture.server.url, doc, fixture.ws.viewer.token);
    await whenSynced(fresh.provider);
    expect(text(fresh.doc)).not.toContain('EMPLOYER');
    writer.provider.destroy();
    fresh.provider.destroy();
  });

  it('the comments document is read-only for every member', async () => {
    const client = new RawClient(fixture.server.url, `${fixture.ws.projectId}/comments`, { token: fixture.ws.employer.token });
    await client.opened;
    client.send(syncFrame(2, insertUpdate('forged comment')));
    expect(await client.closed).toBe(4409);
  });
});

describe('rights that change', () => {
  it('a status transition downgrades open sockets at once: after submit, the student can no longer write', async () => {
    const fresh = await setupWorkspace(fixture.server.url);
    const doc = `${fresh.projectId}/deliverable`;
    const student = connectProvider(fixture.server.url, doc, fresh.student.token);
    await whenSynced(student.provider);
    body(student.doc).insert(0, 'before submit. ');
    const mentor = connectProvider(fixture.server.url, doc, fresh.mentor.token);
    await whenSynced(mentor.provider);
    await eventually(() => expect(text(mentor.doc)).toBe('before submit. '));

    await fresh.post(`/api/projects/${fresh.projectId}/submit`, fresh.student.token);
    const submittedAt = Date.now();
    body(student.doc).insert(0, 'AFTER SUBMIT ');
    await new Promise((r) => setTimeout(r, 300));
    expect(Date.now() - submittedAt).toBeLessThan(1000);
    const reader = connectProvider(fixture.server.url, doc, fresh.viewer.token);
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

  it('renders what two writers typed, as text and sanitized HTML, for members who may read it', async () => {
    const fresh = await setupWorkspace(fixture.server.url);
    const doc = `${fresh.projectId}/deliverable`;
    const a = connectProvider(fixture.server.url, doc, fresh.student.token);
    const b = connectProvider(fixture.server.url, doc, fresh.mentor.token);
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
