import { createRoute } from '@hono/zod-openapi';
import type { DocServer } from '@stint/collab';
import { alongside, findVersion, findVersionSummary, insertVersions, listVersions, type StintDatabase } from '@stint/db';
import {
  conflict,
  DOC_KIND_TRAITS,
  type DocKind,
  DocParams,
  notFound,
  SaveVersionBody,
  type User,
  VersionDetailResponse,
  VersionListResponse,
  VersionResponse,
} from '@stint/domain';
import * as Y from 'yjs';
import { z } from 'zod';
import type { Authorize } from '../access/authorize.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import type { Limit } from '../http/rate-limits.ts';
import { newRouter } from '../http/router.ts';
import type { LiveState } from '../live/live-state.ts';
import { requireUser } from '../middleware/authenticate.ts';
import type { Renderer } from '../renderer.ts';

const TAG = ['versions'];
const { 400: e400, 401: e401, 403: e403, 404: e404, 409: e409 } = errorResponses;
const VersionParams = DocParams.extend({ versionId: z.string().min(1).max(64) });

/** Records the current state of `kinds` as versions, in one insert: a named version, and the one kept before a restore (hand-offs record theirs inside their move: commands/transition-project.ts). */
export async function recordVersions(
  database: StintDatabase,
  renderer: Renderer,
  input: { projectId: string; kinds: readonly DocKind[]; label: string; reason: string; authorId: string | null },
) {
  const snapshots = await Promise.all(input.kinds.map((kind) => renderer.snapshot(input.projectId, kind)));
  return insertVersions(
    database.db,
    input.kinds.map((kind, i) => ({ projectId: input.projectId, kind, label: input.label, reason: input.reason, ...snapshots[i]!, authorId: input.authorId })),
  );
}

export function versionRoutes({
  database,
  authorize,
  docServer,
  renderer,
  limit,
  live,
  clock,
}: {
  database: StintDatabase;
  authorize: Authorize;
  docServer: DocServer;
  renderer: Renderer;
  limit: Limit;
  live: LiveState;
  clock: () => number;
}) {
  const router = newRouter();

  const access = (id: string, kind: DocKind, user: User, need: 'read' | 'write') => authorize(user, id, { kind, right: need });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects/{id}/docs/{kind}/versions',
      tags: TAG,
      summary: "A document's versions, newest first",
      security: signedIn,
      request: { params: DocParams },
      responses: { 200: jsonResponse(VersionListResponse, 'Versions.'), 400: e400, 401: e401, 403: e403, 404: e404 },
    }),
    async (c) => {
      const { id, kind } = c.req.valid('param');
      await access(id, kind, requireUser(c), 'read');
      return c.json({ versions: await listVersions(database.db, id, kind) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/docs/{kind}/versions',
      tags: TAG,
      summary: 'Save the current state as a named version (writers)',
      security: signedIn,
      request: { params: DocParams, ...jsonBody(SaveVersionBody) },
      responses: { 201: jsonResponse(VersionResponse, 'The saved version.'), 400: e400, 401: e401, 403: e403, 404: e404 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id, kind } = c.req.valid('param');
      await access(id, kind, user, 'write');
      await limit('saveVersion', c);
      const [versionId] = await recordVersions(database, renderer, {
        projectId: id,
        kinds: [kind],
        label: c.req.valid('json').label,
        reason: 'manual',
        authorId: user.id,
      });
      const version = (await findVersionSummary(database.db, id, versionId!))!;
      await live.changed(id, ['versions']);
      return c.json({ version }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects/{id}/docs/{kind}/versions/{versionId}',
      tags: TAG,
      summary: 'A version rendered read-only',
      security: signedIn,
      request: { params: VersionParams },
      responses: { 200: jsonResponse(VersionDetailResponse, 'The version as text and HTML.'), 400: e400, 401: e401, 403: e403, 404: e404 },
    }),
    async (c) => {
      const { id, kind, versionId } = c.req.valid('param');
      await access(id, kind, requireUser(c), 'read');
      const version = await findVersion(database.db, id, versionId);
      if (!version || version.kind !== kind) throw notFound('version_not_found', 'This document has no such version.');
      return c.json({ id: version.id, label: version.label, sha256: version.sha256, ...(await renderer.state(id, kind, version.state)) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/docs/{kind}/versions/{versionId}/restore',
      tags: TAG,
      summary: 'Bring a version back as a new change on top (writers)',
      security: signedIn,
      request: { params: VersionParams },
      responses: { 200: jsonResponse(VersionResponse, 'The version recorded for the restore.'), 401: e401, 403: e403, 404: e404, 409: e409 },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id, kind, versionId } = c.req.valid('param');
      await access(id, kind, user, 'write');
      if (!DOC_KIND_TRAITS[kind].richText) throw conflict('not_restorable', 'Only rich-text documents can be restored.');
      const version = await findVersion(database.db, id, versionId);
      if (!version || version.kind !== kind) throw notFound('version_not_found', 'This document has no such version.');
      const source = new Y.Doc();
      Y.applyUpdate(source, version.state);
      const { restoreRichText } = await import('@stint/export');
      const label = `Restored “${version.label}”`;
      // The restored state and its version are stored in one transaction, or neither is.
      let state: Uint8Array | null = null;
      let restoredId: string | undefined;
      const record = alongside(async (trx) => {
        [restoredId] = await insertVersions(trx, [{ projectId: id, kind, label, reason: 'restore', state: state!, authorId: user.id }], clock());
      });
      await docServer.change(
        `${id}/${kind}`,
        (doc) => {
          restoreRichText(doc, source);
          state = Y.encodeStateAsUpdate(doc);
        },
        user.id,
        record,
      );
      // Restoring what the document already holds changes nothing: the version is all there is to record.
      restoredId ??= (await recordVersions(database, renderer, { projectId: id, kinds: [kind], label, reason: 'restore', authorId: user.id }))[0];
      const restored = (await findVersionSummary(database.db, id, restoredId!))!;
      await live.changed(id, ['versions']);
      return c.json({ version: restored }, 200);
    },
  );

  return router;
}
