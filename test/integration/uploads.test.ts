import { request } from 'node:http';
import { join } from 'node:path';
import { createDatabase } from '@stint/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssBytes } from '../bench/proc.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';
import { setupWorkspace } from '../support/workspace.ts';

const MiB = 1024 * 1024;
let server: StintProcess;
let ws: Awaited<ReturnType<typeof setupWorkspace>>;
beforeAll(async () => {
  // Room for one large upload, to see memory not follow its size.
  server = await startStint({ FILE_MAX_BYTES: String(160 * MiB), PROJECT_FILE_QUOTA_BYTES: String(400 * MiB) });
  ws = await setupWorkspace(server.url);
});
afterAll(() => server?.dispose());

/**
 * Sends `bytes` of CSV-like text, generated as it goes (the test holds one 256 KiB chunk), with
 * or without a declared length, while sampling the server's resident memory every 10 ms.
 */
function send(bytes: number, declareLength: boolean): Promise<{ status: number; body: string; rssGrowth: number }> {
  const pid = server.child.pid!;
  const before = rssBytes(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 10);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${ws.student.token}`, 'content-type': 'text/csv', 'x-file-name': 'export.csv' };
    if (declareLength) headers['content-length'] = String(bytes);
    const req = request(new URL(`/api/projects/${ws.projectId}/files`, server.url), { method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        clearInterval(sampler);
        resolve({ status: res.statusCode ?? 0, body, rssGrowth: peak - before });
      });
    });
    // Past the refusal the server may cut the connection; the answer has come by then.
    req.on('error', (error) => (peak === before ? reject(error) : undefined));
    const row = Buffer.from('2026-11-27,segment,1234.56,0.31\n');
    const chunk = Buffer.alloc(256 * 1024);
    for (let at = 0; at < chunk.length; at += row.length) row.copy(chunk, at);
    let sent = 0;
    const more = () => {
      while (sent < bytes && !req.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', more);
      }
      req.end();
    };
    more();
  });
}

const stored = async () => {
  const storage = createDatabase({ dialect: 'sqlite', file: join(server.dataDir, 'stint.db') });
  try {
    const count = async (table: 'files' | 'blob_chunks') =>
      Number(
        (
          await storage.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { files: await count('files'), chunks: await count('blob_chunks') };
  } finally {
    await storage.close();
  }
};

describe('uploads stream through the server process', () => {
  it('a file is stored as it arrives: after a 16 MiB warm-up, a 128 MiB upload grows the server’s memory by a fraction of it', async () => {
    // The first upload pays for what any first request does (code loaded, caches and pools filled).
    expect((await send(16 * MiB, true)).status).toBe(201);
    const res = await send(128 * MiB, true);
    expect(res.status, res.body).toBe(201);
    console.log(`[uploads] 128 MiB accepted; server RSS grew ${(res.rssGrowth / MiB).toFixed(1)} MiB`);
    // Held whole, it would be 128 MiB at least (twice that with one copy).
    expect(res.rssGrowth).toBeLessThan(40 * MiB);
    expect(await stored()).toEqual({ files: 2, chunks: 16 + 128 });
  });

  it('a 400 MiB body without a declared length is refused once it passes the limit (413), nothing kept, memory flat', async () => {
    const res = await send(400 * MiB, false);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('file_too_large');
    console.log(`[uploads] 400 MiB refused; server RSS grew ${(res.rssGrowth / MiB).toFixed(1)} MiB`);
    expect(res.rssGrowth).toBeLessThan(40 * MiB);
    expect(await stored()).toEqual({ files: 2, chunks: 16 + 128 });
  });
});
