import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createDatabase } from '@stint/db';
import { allows, COMMENTABLE_KINDS, ROLES, type Role, rightFor, STATUSES } from '@stint/domain';
import { encodeAnchor, readThreads } from '@stint/editor';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectProvider, eventually, paragraph, RawClient, whenSynced } from '../support/collab-clients.ts';
import { setupWorkspace } from '../support/workspace.ts';
import { useWorkspaceServer } from '../support/workspace-server.ts';

const fixture = useWorkspaceServer();
const rootAnchor = () => {
  const doc = new Y.Doc();
  const position = Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('default'), 0);
  return { from: encodeAnchor(position), to: encodeAnchor(position) };
};

describe('comment threads', () => {
  it('the employer comments on a passage of the deliverable; the thread appears live; the student replies; the employer resolves', async () => {
    const { ws } = fixture;
    const writer = connectProvider(fixture.server.url, `${ws.projectId}/deliverable`, ws.student.token);
    const sidebar = connectProvider(fixture.server.url, `${ws.projectId}/comments`, ws.student.token);
    await Promise.all([whenSynced(writer.provider), whenSynced(sidebar.provider)]);
    const text = paragraph(writer.doc, 'We interviewed twelve customers in May.');
    await new Promise((r) => setTimeout(r, 200));
    const anchor = {
      from: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, 3)),
      to: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, 26, -1)),
    };
    const created = await ws.api.call('POST', `/api/projects/${ws.projectId}/comments`, {
      token: ws.employer.token,
      body: { doc: 'deliverable', anchor, quote: 'interviewed twelve customers', body: 'Which segments were they from?' },
    });
    expect(created.status).toBe(201);
    const id = created.json.thread.id;
    expect(created.json.thread).toMatchObject({
      doc: 'deliverable',
      resolved: false,
      messages: [{ author: { id: ws.employer.id, name: 'Erin Employer' }, body: 'Which segments were they from?' }],
    });
    await eventually(() => expect(readThreads(sidebar.doc).map((t) => t.id)).toEqual([id]));

    // Text typed before the passage moves it; the anchor follows.
    text.insert(0, 'Summary: ');
    const reply = await ws.api.call('POST', `/api/projects/${ws.projectId}/comments/${id}/replies`, {
      token: ws.student.token,
      body: { body: 'Three SMBs, nine enterprise.' },
    });
    expect(reply.status).toBe(201);
    expect(reply.json.thread.messages.map((m: { author: { name: string } }) => m.author.name)).toEqual(['Erin Employer', 'Sam Student']);
    expect((await ws.api.call('POST', `/api/projects/${ws.projectId}/comments/${id}/resolve`, { token: ws.employer.token })).json.thread.resolved).toBe(true);
    await eventually(() => expect(readThreads(sidebar.doc)[0]?.resolved).toBe(true));
    expect((await ws.api.call('POST', `/api/projects/${ws.projectId}/comments/${id}/reopen`, { token: ws.student.token })).json.thread.resolved).toBe(false);
    const listed = await ws.api.call('GET', `/api/projects/${ws.projectId}/comments?doc=deliverable`, { token: ws.viewer.token });
    expect(listed.json.threads).toHaveLength(1);
    expect(listed.json.threads[0].messages).toHaveLength(2);
    writer.provider.destroy();
    sidebar.provider.destroy();
  });

  it('threads on the feedback never reach the comments socket: the employer and mentor see them through the API, the student only once feedback is released', async () => {
    const ws = await setupWorkspace(fixture.server.url);
    const feedback = connectProvider(fixture.server.url, `${ws.projectId}/feedback`, ws.employer.token);
    const studentSidebar = connectProvider(fixture.server.url, `${ws.projectId}/comments`, ws.student.token);
    await Promise.all([whenSynced(feedback.provider), whenSynced(studentSidebar.provider)]);
    const text = paragraph(feedback.doc, 'Strong interviews, but the pricing section is thin.');
    const anchor = {
      from: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, 23)),
      to: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, 51, -1)),
    };
    await eventually(async () => {
      const res = await ws.api.call('POST', `/api/projects/${ws.projectId}/comments`, {
        token: ws.employer.token,
        body: { doc: 'feedback', anchor, quote: 'the pricing section is thin', body: 'Soften this before release?' },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
    });
    const mentorReply = await ws.api.call('GET', `/api/projects/${ws.projectId}/comments?doc=feedback`, { token: ws.mentor.token });
    const threadId = mentorReply.json.threads[0].id;
    expect(
      (
        await ws.api.call('POST', `/api/projects/${ws.projectId}/comments/${threadId}/replies`, {
          token: ws.mentor.token,
          body: { body: 'Agreed, I will reword it.' },
        })
      ).status,
    ).toBe(201);
    // A later thread on the deliverable does reach the student live: once it has, so would have the first.
    const later = await ws.api.call('POST', `/api/projects/${ws.projectId}/comments`, {
      token: ws.employer.token,
      body: { doc: 'deliverable', anchor: rootAnchor(), quote: '', body: 'Looks good.' },
    });
    expect(later.status).toBe(201);
    await eventually(() => expect(readThreads(studentSidebar.doc).map((t) => t.id)).toEqual([later.json.thread.id]));
    expect(JSON.stringify(studentSidebar.doc.getMap('threads').toJSON())).not.toContain('pricing');

    // No socket can open where the feedback threads are kept, not even the employer's.
    const raw = new RawClient(fixture.server.url, `${ws.projectId}/feedback-threads`, { token: ws.employer.token });
    expect(await raw.closed).toBe(4404);

    const list = async (token: string, query = '') =>
      (await ws.api.call('GET', `/api/projects/${ws.projectId}/comments${query}`, { token })).json.threads.map((t: { quote: string }) => t.quote);
    expect(await list(ws.employer.token)).toEqual(['the pricing section is thin', '']);
    expect(await list(ws.student.token)).toEqual(['']);
    expect(await list(ws.student.token, '?doc=feedback')).toEqual([]);
    const rendered = async (token: string) => (await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/comments`, { token })).json.text as string;
    expect(await rendered(ws.mentor.token)).toContain('Agreed, I will reword it.');
    expect(await rendered(ws.student.token)).not.toContain('pricing');

    const storage = createDatabase({ dialect: 'sqlite', file: join(fixture.server.dataDir, 'stint.db') });
    try {
      await storage.db.updateTable('projects').set({ status: 'completed' }).where('id', '=', ws.projectId).execute();
    } finally {
      await storage.close();
    }
    expect(await list(ws.student.token, '?doc=feedback')).toEqual(['the pricing section is thin']);
    expect(await rendered(ws.student.token)).toContain('Soften this before release?');
    feedback.provider.destroy();
    studentSidebar.provider.destroy();
  });

  it('refuses bad anchors and bodies with 400, unknown threads with 404, outsiders with 404', async () => {
    const { ws } = fixture;
    const other = new Y.Doc();
    const otherText = paragraph(other, 'in some other document');
    const good = rootAnchor();
    const cases: Array<[unknown, string]> = [
      [{ doc: 'deliverable', anchor: { from: '%%%', to: good.to }, quote: '', body: 'x' }, 'bad_anchor'],
      [{ doc: 'deliverable', anchor: { from: Buffer.from('garbage').toString('base64'), to: good.to }, quote: '', body: 'x' }, 'bad_anchor'],
      [
        { doc: 'deliverable', anchor: { from: encodeAnchor(Y.createRelativePositionFromTypeIndex(otherText, 2)), to: good.to }, quote: '', body: 'x' },
        'bad_anchor',
      ],
      [{ doc: 'deliverable', anchor: good, quote: '', body: '   ' }, 'invalid_input'],
      [{ doc: 'deliverable', anchor: good, quote: '', body: 'x'.repeat(5001) }, 'invalid_input'],
      [{ doc: 'checkins', anchor: good, quote: '', body: 'x' }, 'invalid_input'],
    ];
    for (const [body, code] of cases) {
      const res = await ws.api.call('POST', `/api/projects/${ws.projectId}/comments`, { token: ws.employer.token, body });
      expect(res.status, JSON.stringify(res.json)).toBe(400);
      expect(res.json.error.code).toBe(code);
    }
    expect((await ws.api.call('POST', `/api/projects/${ws.projectId}/comments/nosuch/replies`, { token: ws.employer.token, body: { body: 'x' } })).status).toBe(
      404,
    );
    expect(
      (
        await ws.api.call('POST', `/api/projects/${ws.projectId}/comments`, {
          token: ws.outsider.token,
          body: { doc: 'brief', anchor: good, quote: '', body: 'x' },
        })
      ).status,
    ).toBe(404);
    expect((await ws.api.call('GET', `/api/projects/${ws.projectId}/comments`, { token: ws.outsider.token })).status).toBe(404);
  });

  it('create, reply and resolve follow the rights table for every role × document × status', async () => {
    const storage = createDatabase({ dialect: 'sqlite', file: join(fixture.server.dataDir, 'stint.db') });
    try {
      for (const status of STATUSES) {
        const ws = await setupWorkspace(fixture.server.url);
        const threads: Record<string, string> = {};
        for (const doc of COMMENTABLE_KINDS) {
          // The employer may comment on all three while the work is in progress.
          const res = await ws.api.call('POST', `/api/projects/${ws.projectId}/comments`, {
            token: ws.employer.token,
            body: { doc, anchor: rootAnchor(), quote: '', body: 'seed' },
          });
          if (res.status !== 201) throw new Error(`seed ${doc}: ${res.status} ${JSON.stringify(res.json)}`);
          threads[doc] = res.json.thread.id;
        }
        await storage.db.updateTable('projects').set({ status }).where('id', '=', ws.projectId).execute();
        for (const role of ROLES) {
          for (const doc of COMMENTABLE_KINDS) {
            const may = allows(rightFor(role as Role, doc, status), 'comment');
            const token = ws[role as Role].token;
            const want = (ok: number) => (may ? ok : 403);
            const cell = `${role} on ${doc} while ${status}`;
            const create = await ws.api.call('POST', `/api/projects/${ws.projectId}/comments`, {
              token,
              body: { doc, anchor: rootAnchor(), quote: '', body: cell },
            });
            expect(create.status, `create: ${cell}`).toBe(want(201));
            const reply = await ws.api.call('POST', `/api/projects/${ws.projectId}/comments/${threads[doc]}/replies`, { token, body: { body: cell } });
            expect(reply.status, `reply: ${cell}`).toBe(want(201));
            const resolve = await ws.api.call('POST', `/api/projects/${ws.projectId}/comments/${threads[doc]}/resolve`, { token });
            expect(resolve.status, `resolve: ${cell}`).toBe(want(200));
          }
        }
      }
    } finally {
      await storage.close();
    }
  });
});

describe('versions', () => {
  it('submit records one version per document whose hash matches its state; restore brings old text back live', async () => {
    const ws = await setupWorkspace(fixture.server.url);
    const student = connectProvider(fixture.server.url, `${ws.projectId}/deliverable`, ws.student.token);
    const mentor = connectProvider(fixture.server.url, `${ws.projectId}/deliverable`, ws.mentor.token);
    await Promise.all([whenSynced(student.provider), whenSynced(mentor.provider)]);
    paragraph(student.doc, 'First draft.');
    await eventually(async () =>
      expect((await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/deliverable`, { token: ws.mentor.token })).json.text).toBe('First draft.'),
    );

    await ws.post(`/api/projects/${ws.projectId}/submit`, ws.student.token);
    for (const kind of ['brief', 'deliverable', 'checkins', 'feedback']) {
      const res = await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/${kind}/versions`, { token: ws.mentor.token });
      expect(
        res.json.versions.map((v: { reason: string }) => v.reason),
        kind,
      ).toEqual(['submit']);
    }
    const [submitted] = (await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/deliverable/versions`, { token: ws.mentor.token })).json.versions;
    const storage = createDatabase({ dialect: 'sqlite', file: join(fixture.server.dataDir, 'stint.db') });
    const row = await storage.db.selectFrom('doc_versions').selectAll().where('id', '=', submitted.id).executeTakeFirstOrThrow();
    await storage.close();
    expect(createHash('sha256').update(row.state).digest('hex')).toBe(submitted.sha256);
    expect(row.html).toBe('<p>First draft.</p>');

    await ws.post(`/api/projects/${ws.projectId}/request-changes`, ws.employer.token, { message: 'More.' });
    const fragment = student.doc.getXmlFragment('default');
    student.doc.transact(() => fragment.delete(0, fragment.length));
    paragraph(student.doc, 'A rewrite that went wrong.');
    await eventually(() => expect(mentor.doc.getXmlFragment('default').toString()).toContain('went wrong'));

    const saved = await ws.api.call('POST', `/api/projects/${ws.projectId}/docs/deliverable/versions`, {
      token: ws.mentor.token,
      body: { label: 'Before restoring' },
    });
    expect(saved.status).toBe(201);
    expect(
      (await ws.api.call('POST', `/api/projects/${ws.projectId}/docs/deliverable/versions`, { token: ws.employer.token, body: { label: 'nope' } })).status,
    ).toBe(403);
    const opened = await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/deliverable/versions/${submitted.id}`, { token: ws.employer.token });
    expect(opened.json.text).toBe('First draft.');
    expect(
      (await ws.api.call('POST', `/api/projects/${ws.projectId}/docs/deliverable/versions/${submitted.id}/restore`, { token: ws.employer.token })).status,
    ).toBe(403);
    const restored = await ws.api.call('POST', `/api/projects/${ws.projectId}/docs/deliverable/versions/${submitted.id}/restore`, { token: ws.student.token });
    expect(restored.status).toBe(200);
    await eventually(() => {
      expect(mentor.doc.getXmlFragment('default').toString()).toContain('First draft.');
      expect(mentor.doc.getXmlFragment('default').toString()).not.toContain('went wrong');
    });
    const reasons = (await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/deliverable/versions`, { token: ws.mentor.token })).json.versions.map(
      (v: { reason: string }) => v.reason,
    );
    expect(reasons).toEqual(['restore', 'manual', 'request_changes', 'submit']);
    student.provider.destroy();
    mentor.provider.destroy();
  });
});
