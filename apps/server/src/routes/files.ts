import { createRoute } from '@hono/zod-openapi';
import { fileFromReservation, findFile, newId, releaseFileReservation, reserveFileBytes, type StintDatabase, type StoredFile } from '@stint/db';
import { cleanFileName, FileParams, FileResponse, fileUrl, formatBytes, IdParam, invalid, notFound, tooLarge, UploadQuery } from '@stint/domain';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Authorize } from '../access/authorize.ts';
import type { BlobStore } from '../files/blob-store.ts';
import { receiveUpload } from '../files/receive-upload.ts';
import { serveFile } from '../files/serve-file.ts';
import type { AppEnv } from '../http/env.ts';
import { errorResponse, errorResponses, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import type { Limit } from '../http/rate-limits.ts';
import { newRouter } from '../http/router.ts';
import { requireUser } from '../middleware/authenticate.ts';

export interface FileLimits {
  maxFileBytes: number;
  projectQuotaBytes: number;
}

/** The upload path: its body is the file, so the JSON-only and 1 MiB body rules step aside for it. */
export const UPLOAD_PATH = /^\/api\/projects\/[^/]+\/files$/;
/** A download: answered with headers of its own (app.ts). */
export const FILE_PATH = /^\/api\/(?:projects|portfolio)\/[^/]+\/files\/[^/]+$/;

const { 400: e400, 401: e401, 403: e403, 404: e404 } = errorResponses;

const info = (file: StoredFile) => ({
  id: file.id,
  name: file.name,
  size: file.size,
  type: file.type,
  sha256: file.sha256,
  url: fileUrl(file.projectId, file.id),
});

/**
 * Files people put into a project's documents: uploaded by whoever may write the document,
 * downloaded by whoever may read it. Served so they can never run in our origin: only images
 * inline, everything else as a download, never sniffed, in a sandbox.
 */
export function fileRoutes({
  database,
  authorize,
  blobs,
  limits,
  limit,
  discardBytes,
}: {
  database: StintDatabase;
  authorize: Authorize;
  blobs: BlobStore;
  limits: FileLimits;
  limit: Limit;
  discardBytes: number;
}) {
  const router = newRouter();

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/files',
      tags: ['files'],
      summary: 'Upload a file into a document (the body is the file; X-File-Name names it, URI-encoded)',
      security: signedIn,
      request: { params: IdParam, query: UploadQuery },
      responses: {
        201: jsonResponse(FileResponse, 'The stored file.'),
        400: e400,
        401: e401,
        403: e403,
        404: e404,
        413: errorResponse('Over the size limit (`file_too_large`) or the project’s quota (`project_quota_exceeded`).'),
        415: errorResponse('Not a type that may be uploaded (`file_type_not_allowed`).'),
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id } = c.req.valid('param');
      const { doc } = c.req.valid('query');
      await authorize(user, id, { kind: doc, right: 'write' });
      await limit('upload', c);
      const name = readName(c);
      const tooBig = () => tooLarge('file_too_large', `${name} is larger than ${formatBytes(limits.maxFileBytes)}, the most one file may be.`);
      const declared = Number(c.req.header('content-length') ?? Number.NaN);
      // Refused unread: Node reads and drops the rest of the body once the answer is sent.
      if (declared > limits.maxFileBytes) throw tooBig();
      // The quota is held before the first byte is read (what the declared length needs, or for an
      // unknown length what one file may be): parallel uploads can't all fit in the same room.
      const known = Number.isFinite(declared) && declared > 0;
      const reservation = await reserveFileBytes(database.db, database.dialect, {
        projectId: id,
        bytes: known ? declared : limits.maxFileBytes,
        quota: limits.projectQuotaBytes,
        fitTo: !known,
        now: Date.now(),
      });
      const overQuota = (left: number) => () =>
        tooLarge(
          'project_quota_exceeded',
          `This project has ${formatBytes(left)} of its ${formatBytes(limits.projectQuotaBytes)} for files left; ${name} doesn't fit.`,
        );
      if (!reservation.ok) throw overQuota(reservation.room)();
      try {
        const held = reservation.bytes;
        const stored = await receiveUpload(blobs, c.req.raw.body, {
          name,
          limit: held < limits.maxFileBytes ? { bytes: held, refuse: overQuota(held) } : { bytes: limits.maxFileBytes, refuse: tooBig },
          discardBytes,
        });
        const file: StoredFile = { id: newId(), projectId: id, doc, name, ...stored, uploadedBy: user.id, createdAt: Date.now() };
        await fileFromReservation(database.db, reservation.id, file);
        return c.json({ file: info(file) }, 201);
      } catch (error) {
        await releaseFileReservation(database.db, reservation.id);
        throw error;
      }
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects/{id}/files/{fileId}',
      tags: ['files'],
      summary: 'Download a file (whoever may read the document it is in); ETag and Range supported',
      security: signedIn,
      request: { params: FileParams },
      responses: {
        200: { description: 'The bytes; images inline, everything else as an attachment.', content: { 'application/octet-stream': { schema: z.string() } } },
        206: { description: 'The range asked for.' },
        304: { description: 'Unchanged (If-None-Match).' },
        401: e401,
        404: e404,
        416: errorResponse('The range is outside the file (`range_not_satisfiable`).'),
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id, fileId } = c.req.valid('param');
      const { may } = await authorize(user, id, 'member');
      const file = await findFile(database.db, id, fileId);
      // A file of a document the caller may not read is as absent as one that never was.
      if (!file || !may(file.doc, 'read')) {
        throw notFound('file_not_found', 'This project has no such file, or it is in a document you can’t read.');
      }
      return serveFile(c, file, blobs);
    },
  );

  return router;
}

function readName(c: Context<AppEnv>): string {
  const raw = c.req.header('x-file-name');
  if (!raw) throw invalid('file_name_required', 'Name the file in the X-File-Name header (URI-encoded).');
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw invalid('bad_file_name', 'X-File-Name must be URI-encoded (encodeURIComponent).');
  }
  const name = cleanFileName(decoded);
  if (!name) throw invalid('bad_file_name', 'The file needs a name.');
  return name;
}
