import { join } from 'node:path';
import { createDatabase } from '@stint/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGenerated, sampleRss } from '../support/generated-upload.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';
import { setupWorkspace } from '../support/workspace.ts';

const MiB = 1024 * 1024;
/**
 * How much a streamed upload may grow the server's RSS. Streamed, the server holds one chunk:
 * Node 20 and 22 grow by 3–16 MiB. Node 24's V8 lets the socket's spent read buffers (garbage, held
 * by nobody) pile up to its 64 MiB external-memory soft limit before it collects: 47–63.4 MiB
 * measured, accepted or refused alike. So the line is that limit plus a margin — still well under
 * the 128 MiB file, and under the 160 MiB a receiver buffering up to the size limit would hold.
 */
const STREAMED_LINE = 96 * MiB;
let server: StintProcess;
let ws: Awaited<ReturnType<typeof setupWorkspace>>;
beforeAll(async () => {
  // Room for one large upload, to see memory not follow its size.
  server = await startStint({ FILE_MAX_BYTES: String(160 * MiB), PROJECT_FILE_QUOTA_BYTES: String(400 * MiB) });
  ws = await setupWorkspace(server.url);
});
afterAll(() => server?.dispose());

/** Sends `bytes` of generated CSV, with or without a declared length, sampling the server's memory meanwhile. */
async function send(bytes: number, declareLength: boolean): Promise<{ status: number; body: string; rssGrowth: number }> {
  const headers = { authorization: `Bearer ${ws.student.token}`, 'x-file-name': 'export.csv' };
  const url = new URL(`/api/projects/${ws.projectId}/files`, server.url);
  const { result, before, peak } = await sampleRss(server.child.pid!, () => postGenerated(url, bytes, { headers, declareLength }));
  return { ...result, rssGrowth: peak - before };
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
    // Held whole, it would be 128 MiB at least (a buffering receiver measured 243).
    expect(res.rssGrowth).toBeLessThan(STREAMED_LINE);
    expect(await stored()).toEqual({ files: 2, chunks: 16 + 128 });
  });

  it('a 400 MiB body without a declared length is refused once it passes the limit (413), nothing kept, memory flat', async () => {
    const res = await send(400 * MiB, false);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('file_too_large');
    console.log(`[uploads] 400 MiB refused; server RSS grew ${(res.rssGrowth / MiB).toFixed(1)} MiB`);
    // A receiver that buffered until the limit would hold 160 MiB.
    expect(res.rssGrowth).toBeLessThan(STREAMED_LINE);
    expect(await stored()).toEqual({ files: 2, chunks: 16 + 128 });
  });
});
