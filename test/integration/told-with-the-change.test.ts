import { join } from 'node:path';
import { createDatabase } from '@stint/db';
import { encodeAnchor } from '@stint/editor';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectProvider, eventually, mentionParagraph, whenSynced } from '../support/collab-clients.ts';
import { setupWorkspace } from '../support/workspace.ts';
import { useWorkspaceServer } from '../support/workspace-server.ts';

const fixture = useWorkspaceServer();

/**
 * While it holds, nothing can be written to the notifications table: as a full disk or a broken
 * constraint would refuse it, with the server process none the wiser.
 */
async function refusingNotifications<T>(work: () => Promise<T>): Promise<T> {
  const storage = createDatabase({ dialect: 'sqlite', file: join(fixture.server.dataDir, 'stint.db') });
  try {
    storage.sqlite!.prepare("create trigger refuse_notifications before insert on notifications begin select raise(abort, 'refused by the test'); end").run();
    return await work();
  } finally {
    storage.sqlite!.prepare('drop trigger if exists refuse_notifications').run();
    await storage.close();
  }
}

const rootAnchor = () => {
  const position = Y.createRelativePositionFromTypeIndex(new Y.Doc().getXmlFragment('default'), 0);
  return { from: encodeAnchor(position), to: encodeAnchor(position) };
};

describe('what a change tells is stored in the same transaction as the change', () => {
  it('a comment whose notifications cannot be written is not stored either (500, no thread); once they can, both are', async () => {
    const ws = await setupWorkspace(fixture.server.url);
    const comment = (body: string) =>
      ws.api.call('POST', `/api/projects/${ws.projectId}/comments`, {
        token: ws.employer.token,
        body: { doc: 'deliverable', anchor: rootAnchor(), quote: '', body },
      });
    const threads = async () =>
      (
        (await ws.api.call('GET', `/api/projects/${ws.projectId}/comments?doc=deliverable`, { token: ws.employer.token })).json.threads as Array<{
          messages: Array<{ body: string }>;
        }>
      ).map((t) => t.messages[0]!.body);
    const told = async () =>
      ((await ws.api.call('GET', '/api/me/notifications', { token: ws.student.token })).json.notifications as Array<{ kind: string }>).filter(
        (n) => n.kind === 'comment',
      );

    const refused = await refusingNotifications(() => comment('Told no one, so never said.'));
    expect(refused.status).toBe(500);
    expect(refused.json.error.code).toBe('internal_error');
    expect(await threads()).toEqual([]);
    expect(await told()).toEqual([]);

    const accepted = await comment('Said, and the student told.');
    expect(accepted.status).toBe(201);
    expect(await threads()).toEqual(['Said, and the student told.']);
    expect(await told()).toHaveLength(1);
  });

  it('an edit that mentions someone is not stored while the mention cannot be told; once it can, it is stored and told once', async () => {
    const ws = await setupWorkspace(fixture.server.url);
    const deliverableText = async () =>
      (await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/deliverable`, { token: ws.employer.token })).json.text as string;
    const mentions = async () =>
      ((await ws.api.call('GET', '/api/me/notifications', { token: ws.mentor.token })).json.notifications as Array<{ kind: string }>).filter(
        (n) => n.kind === 'mentioned',
      );
    const student = connectProvider(fixture.server.url, `${ws.projectId}/deliverable`, ws.student.token);
    try {
      await whenSynced(student.provider);
      let closed = 0;
      student.provider.on('connection-close', () => closed++);
      await refusingNotifications(async () => {
        mentionParagraph(student.doc, ws.mentor.id, 'Maya Mentor');
        // The socket is closed for the store's failure; the client comes back and offers it again.
        await eventually(() => expect(closed).toBeGreaterThan(0));
        await new Promise((r) => setTimeout(r, 500));
        expect(await deliverableText()).not.toContain('Over to');
        expect(await mentions()).toEqual([]);
      });
      await eventually(async () => expect(await deliverableText()).toContain('Over to'), 15_000);
      await eventually(async () => expect(await mentions()).toHaveLength(1));
      await new Promise((r) => setTimeout(r, 500));
      expect(await mentions()).toHaveLength(1);
    } finally {
      student.provider.destroy();
    }
  });
});
