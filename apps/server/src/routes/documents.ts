import { createRoute } from '@hono/zod-openapi';
import type { DocServer } from '@stint/collab';
import { DocParams, DocumentRenderingResponse, threadsDocName, threadsDocNames } from '@stint/domain';
import type { Authorize } from '../access/authorize.ts';
import { errorResponses, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import { newRouter } from '../http/router.ts';
import { readAllThreads } from '../http/threads.ts';
import { requireUser } from '../middleware/authenticate.ts';
import type { Renderer } from '../renderer.ts';

export interface DocumentRoutesDeps {
  authorize: Authorize;
  docServer: DocServer;
  updatedAt: (docName: string) => Promise<number | null>;
  renderer: Renderer;
}

export function documentRoutes({ authorize, docServer, updatedAt, renderer }: DocumentRoutesDeps) {
  const router = newRouter();
  const { 400: e400, 401: e401, 403: e403, 404: e404 } = errorResponses;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects/{id}/docs/{kind}',
      tags: ['documents'],
      summary: "The server's current rendering of a workspace document",
      security: signedIn,
      request: { params: DocParams },
      responses: { 200: jsonResponse(DocumentRenderingResponse, 'Text and sanitized HTML.'), 400: e400, 401: e401, 403: e403, 404: e404 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id, kind } = c.req.valid('param');
      const access = await authorize(user, id, { kind, right: 'read' });
      // Comment threads are kept in two documents (see threadsDocName): render them as one.
      // Only documents the reader may read date the answer: a thread on the hidden feedback must
      // not show up as a fresher updatedAt for the student.
      const docNames =
        kind === 'comments'
          ? threadsDocNames(id).filter((name) => access.may('feedback', 'read') || name !== threadsDocName(id, 'feedback'))
          : [`${id}/${kind}`];
      const [rendering, ...times] = await Promise.all([
        kind === 'comments'
          ? readAllThreads(docServer, id, (other) => access.may(other, 'read')).then(async (threads) =>
              (await import('@stint/export')).renderThreadList(threads),
            )
          : renderer.current(id, kind),
        ...docNames.map(updatedAt),
      ]);
      const at = Math.max(...times.map((t) => t ?? 0));
      // Check-in authors by the Yjs client that wrote them, so the web shows who really wrote each.
      const authors =
        kind === 'checkins' ? Object.fromEntries([...(await renderer.authors(id, kind))].map(([client, who]) => [String(client), who])) : undefined;
      return c.json(
        { kind, text: rendering.text, html: rendering.html, updatedAt: at > 0 ? new Date(at).toISOString() : null, ...(authors ? { authors } : {}) },
        200,
      );
    },
  );
  return router;
}
