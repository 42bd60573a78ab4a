import { encodeAnchor } from '@stint/editor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectProvider, eventually, mentionParagraph, paragraph, whenSynced } from '../support/collab-clients.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';
import { startSmtp } from '../support/smtp.ts';
import { setupWorkspace } from '../support/workspace.ts';

let server: StintProcess;
let mail: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  mail = await startSmtp();
  server = await startStint({ SMTP_URL: mail.url, MAIL_POLL_MS: '100' });
});
afterAll(async () => {
  await server?.dispose();
  await mail?.close();
});

const anchorOn = (text: Y.XmlText, from: number, to: number) => ({
  from: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, from)),
  to: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, to, -1)),
});

describe('notifications never carry what the recipient may not read', () => {
  it('the feedback before release: comments and mentions on it reach the employer and mentor only; mentioning the student or a viewer there is refused by name', async () => {
    const ws = await setupWorkspace(server.url);
    const inbox = async (token: string) =>
      (await ws.api.call('GET', '/api/me/notifications', { token })).json.notifications as Array<{
        kind: string;
        text: string;
        message?: string;
        link: string;
      }>;
    const before = { student: (await inbox(ws.student.token)).length, viewer: (await inbox(ws.viewer.token)).length };

    const feedback = connectProvider(server.url, `${ws.projectId}/feedback`, ws.employer.token);
    await whenSynced(feedback.provider);
    const text = paragraph(feedback.doc, 'Strong interviews; the SECRET-PRICING section is thin.');
    const anchor = anchorOn(text, 22, 36);
    const comment = (token: string, body: object) =>
      ws.api.call('POST', `/api/projects/${ws.projectId}/comments`, { token, body: { doc: 'feedback', anchor, quote: 'SECRET-PRICING', ...body } });

    // Mentions of people who can't read the feedback are refused, with a sentence, and nothing is written.
    const refused = await comment(ws.employer.token, { body: 'SECRET-NOTE for @Sam', mentions: [ws.student.id] });
    expect(refused.json.error).toEqual({ code: 'mention_not_allowed', message: "Sam Student can't read the feedback, so they can't be mentioned here." });
    const viewer = await comment(ws.employer.token, { body: 'SECRET-NOTE for @Vic', mentions: [ws.viewer.id] });
    expect(viewer.json.error.code).toBe('mention_not_allowed');
    expect((await ws.api.call('GET', `/api/projects/${ws.projectId}/comments?doc=feedback`, { token: ws.employer.token })).json.threads).toEqual([]);

    // The mentor may: mentioned, by email at once and in the inbox, with the words.
    const ok = await eventually(async () => {
      // Once the feedback's text has reached the server, the anchor resolves.
      const res = await comment(ws.employer.token, { body: 'SECRET-NOTE: soften this before release, @Maya?', mentions: [ws.mentor.id] });
      expect(res.status).toBe(201);
      return res;
    });
    await eventually(() => expect(mail.received.some((m) => m.to === ws.mentor.email && m.kind === 'mentioned')).toBe(true));
    const mentorInbox = await inbox(ws.mentor.token);
    expect(mentorInbox[0]).toMatchObject({ kind: 'mentioned', text: `Erin Employer mentioned you in “Workspace under test”.` });
    expect(mentorInbox[0]!.message).toContain('SECRET-NOTE');
    expect(mentorInbox[0]!.link).toBe(`/projects/${ws.projectId}/feedback?thread=${ok.json.thread.id}`);
    // The mentor replies: the employer (in the thread) hears of it; the student, who writes the deliverable but can't read the feedback, does not.
    const reply = await ws.api.call('POST', `/api/projects/${ws.projectId}/comments/${ok.json.thread.id}/replies`, {
      token: ws.mentor.token,
      body: { body: 'SECRET-REPLY: agreed.' },
    });
    expect(reply.status).toBe(201);
    await eventually(async () =>
      expect((await inbox(ws.employer.token)).some((n) => n.kind === 'comment' && n.message === 'SECRET-REPLY: agreed.')).toBe(true),
    );

    // A comment on the deliverable does reach the student, who writes it.
    const deliverable = connectProvider(server.url, `${ws.projectId}/deliverable`, ws.student.token);
    await whenSynced(deliverable.provider);
    const words = paragraph(deliverable.doc, 'We interviewed twelve customers.');
    await eventually(async () => {
      const res = await ws.api.call('POST', `/api/projects/${ws.projectId}/comments`, {
        token: ws.employer.token,
        body: { doc: 'deliverable', anchor: anchorOn(words, 3, 14), quote: 'interviewed', body: 'Which ones?' },
      });
      expect(res.status).toBe(201);
    });
    await eventually(async () => expect((await inbox(ws.student.token)).some((n) => n.kind === 'comment' && n.message === 'Which ones?')).toBe(true));

    await new Promise((r) => setTimeout(r, 500)); // let the outbox drain
    const studentInbox = await inbox(ws.student.token);
    const viewerInbox = await inbox(ws.viewer.token);
    expect(studentInbox).toHaveLength(before.student + 1);
    expect(viewerInbox).toHaveLength(before.viewer);
    expect(JSON.stringify(studentInbox)).not.toMatch(/SECRET/);
    for (const email of mail.received.filter((m) => m.to === ws.student.email || m.to === ws.viewer.email)) {
      expect(`${email.subject}\n${email.text}\n${email.html}`).not.toMatch(/SECRET/);
    }
    feedback.provider.destroy();
    deliverable.provider.destroy();
  });

  it('a mention typed into a document tells the person, once it is stored; a mention of someone who can’t read it tells no one', async () => {
    const ws = await setupWorkspace(server.url);
    const inbox = async (token: string) =>
      (await ws.api.call('GET', '/api/me/notifications', { token })).json.notifications as Array<{ kind: string; text: string; link: string }>;
    // The student, in the deliverable, mentions the mentor: told, with a link to the document.
    const deliverable = connectProvider(server.url, `${ws.projectId}/deliverable`, ws.student.token);
    await whenSynced(deliverable.provider);
    mentionParagraph(deliverable.doc, ws.mentor.id, 'Maya Mentor');
    await eventually(async () => expect((await inbox(ws.mentor.token)).map((n) => n.kind)).toContain('mentioned'));
    const told = (await inbox(ws.mentor.token)).find((n) => n.kind === 'mentioned')!;
    expect(told.text).toBe('Sam Student mentioned you in “Workspace under test”.');
    expect(told.link).toBe(`/projects/${ws.projectId}/deliverable`);

    // The employer, in the feedback (hidden from the student and viewers until release), mentions both.
    const feedback = connectProvider(server.url, `${ws.projectId}/feedback`, ws.employer.token);
    await whenSynced(feedback.provider);
    mentionParagraph(feedback.doc, ws.student.id, 'Sam Student');
    mentionParagraph(feedback.doc, ws.viewer.id, 'Vic Viewer');
    mentionParagraph(feedback.doc, ws.mentor.id, 'Maya Mentor');
    await eventually(async () => expect((await inbox(ws.mentor.token)).filter((n) => n.kind === 'mentioned')).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 300));
    expect((await inbox(ws.student.token)).map((n) => n.kind)).not.toContain('mentioned');
    expect((await inbox(ws.viewer.token)).map((n) => n.kind)).not.toContain('mentioned');
    deliverable.provider.destroy();
    feedback.provider.destroy();
  });
});
