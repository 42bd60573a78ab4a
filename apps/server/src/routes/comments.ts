import { createRoute } from '@hono/zod-openapi';
import type { DocServer } from '@stint/collab';
import { alongside, listMembers, newId, type StintDatabase } from '@stint/db';
import {
  CreateCommentBody,
  DOC_KIND_TRAITS,
  type DocKind,
  IdParam,
  invalid,
  mayUseDocument,
  mentionRefusal,
  notFound,
  ReplyBody,
  type Status,
  ThreadListQuery,
  ThreadListResponse,
  ThreadParams,
  ThreadResponse,
  threadsDocName,
  type User,
} from '@stint/domain';
import { appendMessage, resolveAnchor, setResolved, type Thread, writeThread } from '@stint/editor';
import type { Authorize } from '../access/authorize.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import type { Limit } from '../http/rate-limits.ts';
import { newRouter } from '../http/router.ts';
import { findThread, readAllThreads } from '../http/threads.ts';
import type { LiveState } from '../live/live-state.ts';
import { requireUser } from '../middleware/authenticate.ts';
import type { Tell } from '../notifications/telling.ts';

const TAG = ['comments'];

/** A message by the signed-in user: the author always comes from the session. */
const messageBy = (user: User, body: string) => ({ id: newId(), author: { id: user.id, name: user.name }, body, createdAt: new Date().toISOString() });
const { 400: e400, 401: e401, 403: e403, 404: e404 } = errorResponses;

/**
 * Inline feedback. Clients only read the comments document; these calls are the one way to
 * change it, with the author taken from the session, written through the document's room so
 * every open sidebar updates live.
 */
export function commentRoutes({
  database,
  authorize,
  docServer,
  limit,
  live,
  tell,
}: {
  database: StintDatabase;
  authorize: Authorize;
  docServer: DocServer;
  limit: Limit;
  live: LiveState;
  tell: Tell;
}) {
  const router = newRouter();

  /**
   * A mention reaches only someone who may read the document: anyone else is refused by name,
   * before anything is written, so a mention never carries the text to someone without the right.
   */
  async function checkMentions(projectId: string, doc: DocKind, status: Status, mentions: readonly string[] | undefined): Promise<string[]> {
    const ids = [...new Set(mentions ?? [])];
    if (ids.length === 0) return [];
    const members = new Map((await listMembers(database.db, projectId)).map((m) => [m.userId, m]));
    for (const id of ids) {
      const member = members.get(id);
      if (!member) throw invalid('mention_not_member', 'Only people in this project can be mentioned.');
      if (!mayUseDocument(member.role, doc, status, 'read')) {
        throw invalid('mention_not_allowed', mentionRefusal(member.name, DOC_KIND_TRAITS[doc].label));
      }
    }
    return ids;
  }

  /**
   * Who hears of a comment: its thread's participants, the document's writers and whoever was
   * mentioned. Written in the transaction that stores the thread, so no comment goes untold.
   */
  function commentNotifications(input: { projectId: string; actor: User; thread: Thread; body: string; mentioned: string[] }) {
    const telling = tell();
    const link = `/projects/${input.projectId}/${input.thread.doc}?thread=${input.thread.id}`;
    const common = { projectId: input.projectId, actorId: input.actor.id, doc: input.thread.doc, message: input.body.slice(0, 280), link };
    return alongside(
      async (trx) => {
        if (input.mentioned.length > 0) await telling.notify(trx, { ...common, kind: 'mentioned', named: input.mentioned });
        const participants = input.thread.messages.map((m) => m.author.id);
        await telling.notify(trx, { ...common, kind: 'comment', participants, exclude: input.mentioned });
      },
      () => telling.done(),
    );
  }

  /** Commenting on a thread's document: asked once the thread (and so its document) is known. */
  const mayComment = (user: User, id: string, kind: DocKind) => authorize(user, id, { kind, right: 'comment' });

  async function thread(id: string, threadId: string): Promise<{ thread: Thread; docName: string }> {
    const found = await findThread(docServer, id, threadId);
    if (!found) throw notFound('thread_not_found', 'This project has no such comment thread.');
    return found;
  }

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/comments',
      tags: TAG,
      summary: 'Start a comment thread on a passage',
      security: signedIn,
      request: { params: IdParam, ...jsonBody(CreateCommentBody) },
      responses: { 201: jsonResponse(ThreadResponse, 'The new thread.'), 400: e400, 401: e401, 403: e403, 404: e404 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const { project } = await authorize(user, id, 'member');
      await limit('comment', c);
      await mayComment(user, id, body.doc);
      const mentioned = await checkMentions(id, body.doc, project.status, body.mentions);
      const anchored = await docServer.read(
        `${id}/${body.doc}`,
        (doc) => resolveAnchor(doc, body.anchor.from) !== null && resolveAnchor(doc, body.anchor.to) !== null,
      );
      if (!anchored) throw invalid('bad_anchor', `The anchor is not a base64 Yjs relative position into this project's ${body.doc}.`);
      const created: Thread = {
        id: newId(),
        doc: body.doc,
        anchor: body.anchor,
        quote: body.quote,
        resolved: false,
        messages: [messageBy(user, body.body)],
      };
      const told = commentNotifications({ projectId: id, actor: user, thread: created, body: body.body, mentioned });
      await docServer.change(threadsDocName(id, body.doc), (doc) => writeThread(doc, created), user.id, told);
      await live.changed(id, ['threads']);
      return c.json({ thread: created }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/comments/{threadId}/replies',
      tags: TAG,
      summary: 'Reply to a thread',
      security: signedIn,
      request: { params: ThreadParams, ...jsonBody(ReplyBody) },
      responses: { 201: jsonResponse(ThreadResponse, 'The thread with the reply.'), 400: e400, 401: e401, 403: e403, 404: e404 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id, threadId } = c.req.valid('param');
      const { project } = await authorize(user, id, 'member');
      await limit('comment', c);
      const existing = await thread(id, threadId);
      await mayComment(user, id, existing.thread.doc);
      const reply = c.req.valid('json');
      const mentioned = await checkMentions(id, existing.thread.doc, project.status, reply.mentions);
      const message = messageBy(user, reply.body);
      const replied = { ...existing.thread, messages: [...existing.thread.messages, message] };
      const told = commentNotifications({ projectId: id, actor: user, thread: replied, body: reply.body, mentioned });
      await docServer.change(existing.docName, (doc) => void appendMessage(doc, threadId, message), user.id, told);
      await live.changed(id, ['threads']);
      const updated = (await thread(id, threadId)).thread;
      return c.json({ thread: updated }, 201);
    },
  );

  for (const [path, resolved] of [
    ['resolve', true],
    ['reopen', false],
  ] as const) {
    router.openapi(
      createRoute({
        method: 'post',
        path: `/api/projects/{id}/comments/{threadId}/${path}`,
        tags: TAG,
        summary: resolved ? 'Mark a thread resolved' : 'Reopen a resolved thread',
        security: signedIn,
        request: { params: ThreadParams },
        responses: { 200: jsonResponse(ThreadResponse, 'The thread.'), 401: e401, 403: e403, 404: e404 },
      }),
      async (c) => {
        const user = requireUser(c);
        const { id, threadId } = c.req.valid('param');
        await authorize(user, id, 'member');
        const existing = await thread(id, threadId);
        await mayComment(user, id, existing.thread.doc);
        await docServer.change(existing.docName, (doc) => void setResolved(doc, threadId, resolved), user.id);
        await live.changed(id, ['threads']);
        return c.json({ thread: (await thread(id, threadId)).thread }, 200);
      },
    );
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects/{id}/comments',
      tags: TAG,
      summary: 'Threads on the documents you may read',
      security: signedIn,
      request: { params: IdParam, query: ThreadListQuery },
      responses: { 200: jsonResponse(ThreadListResponse, 'Threads, oldest first.'), 400: e400, 401: e401, 404: e404 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id } = c.req.valid('param');
      const { may } = await authorize(user, id, 'member');
      const threads = await readAllThreads(docServer, id, (kind) => may(kind, 'read'), c.req.valid('query').doc);
      return c.json({ threads }, 200);
    },
  );

  return router;
}
