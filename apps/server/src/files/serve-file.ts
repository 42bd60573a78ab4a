import type { StoredFile } from '@stint/db';
import { ALLOWED_FILE_TYPES, cleanFileName } from '@stint/domain';
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import type { AppEnv } from '../http/env.ts';
import type { BlobStore } from './blob-store.ts';

/** `Content-Disposition` with the name both as plain ASCII and exactly (RFC 6266/5987). */
function disposition(kind: 'inline' | 'attachment', stored: string): string {
  // Names stored before uploads were cleaned as they are now are cleaned on the way out.
  const name = cleanFileName(stored) ?? 'file';
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** One `bytes=` range of a file of `size` bytes; null to send it all; 'unsatisfiable' for 416. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  const match = header?.match(/^bytes=(\d*)-(\d*)$/);
  // Several ranges, or another unit: the whole file is a correct answer to those.
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/**
 * A stored file's bytes, so they can never run in our origin: images inline, everything else as a
 * download, never sniffed (app.ts adds a sandboxing CSP on these paths); a strong ETag (the
 * SHA-256: the bytes behind an id never change), `If-None-Match`, one `Range`.
 */
export async function serveFile(c: Context<AppEnv>, file: StoredFile, blobs: BlobStore) {
  const etag = `"${file.sha256}"`;
  const inline = ALLOWED_FILE_TYPES[file.type]?.inline === true;
  const headers: Record<string, string> = {
    etag,
    'accept-ranges': 'bytes',
    'cache-control': 'private, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    'content-disposition': disposition(inline ? 'inline' : 'attachment', file.name),
    'content-type': file.type.startsWith('text/') ? `${file.type}; charset=utf-8` : file.type,
  };
  const known = c.req.header('if-none-match')?.split(/\s*,\s*/) ?? [];
  if (known.includes(etag)) return c.body(null, 304, headers);
  const ifRange = c.req.header('if-range');
  const range = ifRange && ifRange !== etag ? null : parseRange(c.req.header('range'), file.size);
  if (range === 'unsatisfiable') {
    return c.json({ error: { code: 'range_not_satisfiable', message: `The file has ${file.size} bytes.` } }, 416, {
      'content-range': `bytes */${file.size}`,
    });
  }
  const status = range ? 206 : 200;
  headers['content-length'] = String(range ? range.end - range.start + 1 : file.size);
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${file.size}`;
  c.status(status);
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  return stream(c, async (out) => {
    for await (const chunk of blobs.read(file.sha256, range ?? undefined)) await out.write(chunk);
  });
}
