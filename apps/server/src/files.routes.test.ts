import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from './test-app.ts';

const KiB = 1024;
let t: Awaited<ReturnType<typeof testApp>>;
beforeEach(async () => {
  t = await testApp({ fileLimits: { maxFileBytes: 64 * KiB, projectQuotaBytes: 150 * KiB } });
});
afterEach(() => t.close());

// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const CSV = Buffer.from('region,revenue\nNorth,1200\nSouth,950\n');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function upload(
  projectId: string,
  token: string,
  name: string,
  bytes: Uint8Array | ReadableStream<Uint8Array>,
  options: { type?: string; doc?: string } = {},
) {
  return t.call('POST', `/api/projects/${projectId}/files${options.doc ? `?doc=${options.doc}` : ''}`, {
    token,
    raw: bytes as Uint8Array,
    headers: { 'content-type': options.type ?? 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
  });
}
const download = (path: string, token: string, headers: Record<string, string> = {}) =>
  t.app.request(`http://localhost:3000${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
/** What is stored for files: rows and chunks (staged ones included). */
async function stored() {
  const count = async (table: 'files' | 'blob_chunks' | 'blobs') =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { files: await count('files'), blobs: await count('blobs'), chunks: await count('blob_chunks') };
}

describe('uploading and downloading files', () => {
  it('a CSV goes in as a download: sniffed type, SHA-256, attachment, nosniff, strong ETag, 304, ranges, 416', async () => {
    const { id, student, employer } = await t.projectInProgress();
    const res = await upload(id, student.token, 'sales by region.csv', CSV, { type: 'text/csv' });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json.file).toMatchObject({ name: 'sales by region.csv', size: CSV.byteLength, type: 'text/csv', sha256: sha(CSV) });
    const url = res.json.file.url as string;
    expect(url).toBe(`/api/projects/${id}/files/${res.json.file.id}`);

    const got = await download(url, employer.token);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(CSV)).toBe(true);
    expect(got.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename="sales by region.csv"; filename*=UTF-8''sales%20by%20region.csv`);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    const etag = got.headers.get('etag')!;
    expect(etag).toBe(`"${sha(CSV)}"`);
    expect((await download(url, employer.token, { 'if-none-match': etag })).status).toBe(304);

    const part = await download(url, employer.token, { range: 'bytes=7-13' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 7-13/${CSV.byteLength}`);
    expect(await part.text()).toBe('revenue');
    const tail = await download(url, employer.token, { range: 'bytes=-4' });
    expect(await tail.text()).toBe('950\n');
    const beyond = await download(url, employer.token, { range: `bytes=${CSV.byteLength}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${CSV.byteLength}`);
  });

  it('an image is shown inline; the same bytes twice are one blob', async () => {
    const { id, student } = await t.projectInProgress();
    const first = await upload(id, student.token, 'chart.png', PNG, { type: 'image/png' });
    const second = await upload(id, student.token, 'chart copy.png', PNG);
    expect(first.json.file.type).toBe('image/png');
    expect(second.json.file.sha256).toBe(first.json.file.sha256);
    const got = await download(first.json.file.url, student.token);
    expect(got.headers.get('content-disposition')).toMatch(/^inline; filename="chart.png"/);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(await stored()).toMatchObject({ files: 2, blobs: 1 });
  });

  it('refuses what must not be served, each with a clear error and nothing stored', async () => {
    const { id, student } = await t.projectInProgress();
    const cases: Array<[string, Uint8Array, string | undefined, number, string]> = [
      ['chart.png', Buffer.from('<!doctype html><script>alert(document.cookie)</script>'), 'image/png', 415, 'file_type_not_allowed'],
      ['logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml', 415, 'file_type_not_allowed'],
      [
        'logo.svg',
        Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        'image/svg+xml',
        415,
        'file_type_not_allowed',
      ],
      ['notes.txt', Buffer.from('  \n<html><body onload="alert(1)">hi</body></html>'), 'text/plain', 415, 'file_type_not_allowed'],
      ['setup.csv', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0), Buffer.from('PE\0\0')]), 'text/csv', 415, 'file_type_not_allowed'],
      ['random.bin', Buffer.from([0, 1, 2, 3, 250, 251, 0, 0, 9]), undefined, 415, 'file_type_not_allowed'],
      ['big.csv', Buffer.alloc(65 * KiB, 'a'), 'text/csv', 413, 'file_too_large'],
      ['empty.csv', Buffer.alloc(0), 'text/csv', 400, 'empty_file'],
    ];
    for (const [name, bytes, type, status, code] of cases) {
      const res = await upload(id, student.token, name, bytes, { type });
      expect([name, res.status, res.json?.error?.code]).toEqual([name, status, code]);
      expect(res.json.error.message.length).toBeGreaterThan(10);
    }
    const unnamed = await t.call('POST', `/api/projects/${id}/files`, { token: student.token, raw: CSV, headers: { 'content-type': 'text/csv' } });
    expect(unnamed.json.error.code).toBe('file_name_required');
    const badName = await upload(id, student.token, '', CSV);
    expect(badName.status).toBe(400);
    expect(await stored()).toEqual({ files: 0, blobs: 0, chunks: 0 });
  });

  it('an oversize body sent without a length is cut off while it streams (413), nothing kept', async () => {
    const { id, student } = await t.projectInProgress();
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 10 * 1024 * KiB) return controller.close();
        sent += 16 * KiB;
        controller.enqueue(Buffer.alloc(16 * KiB, 'x'));
      },
    });
    const res = await t.app.request(`http://localhost:3000/api/projects/${id}/files`, {
      method: 'POST',
      body,
      // @ts-expect-error Node's fetch wants this for a streamed body; the DOM types don't know it
      duplex: 'half',
      headers: { authorization: `Bearer ${student.token}`, 'content-type': 'text/csv', 'x-file-name': 'huge.csv' },
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('file_too_large');
    expect(await stored()).toEqual({ files: 0, blobs: 0, chunks: 0 });
  });

  it('a project’s quota counts every upload: past it, 413 project_quota_exceeded with what is left', async () => {
    const { id, student } = await t.projectInProgress();
    expect((await upload(id, student.token, 'a.csv', Buffer.alloc(60 * KiB, 'a'))).status).toBe(201);
    expect((await upload(id, student.token, 'b.csv', Buffer.alloc(60 * KiB, 'b'))).status).toBe(201);
    const over = await upload(id, student.token, 'c.csv', Buffer.alloc(40 * KiB, 'c'));
    expect(over.status).toBe(413);
    expect(over.json.error.code).toBe('project_quota_exceeded');
    expect(over.json.error.message).toMatch(/left; c\.csv doesn't fit/);
    expect((await upload(id, student.token, 'd.csv', Buffer.alloc(20 * KiB, 'd'))).status).toBe(201);
  });

  it('names are kept as names: no directories, no control characters, no leading dots', async () => {
    const { id, student } = await t.projectInProgress();
    const names = await Promise.all(
      ['../../etc/passwd.csv', '..\\..\\boot.ini.txt', '.hidden.csv', 'tab\there.csv', 'résumé données.csv'].map(
        async (name) => (await upload(id, student.token, name, CSV)).json.file.name as string,
      ),
    );
    expect(names).toEqual(['passwd.csv', 'boot.ini.txt', 'hidden.csv', 'tabhere.csv', 'résumé données.csv']);
    const bad = await t.call('POST', `/api/projects/${id}/files`, {
      token: student.token,
      raw: CSV,
      headers: { 'content-type': 'text/csv', 'x-file-name': '%E0%A4%A' },
    });
    expect(bad.json.error.code).toBe('bad_file_name');
  });

  it('only writers of a document upload into it, only its readers download: outsiders and removed members get 404', async () => {
    const { id, student, employer } = await t.projectInProgress();
    const viewer = await t.signup('Vic');
    const outsider = await t.signup('Olga');
    await t.post(`/api/projects/${id}/members`, employer.token, { email: viewer.email, role: 'viewer' });
    expect((await upload(id, viewer.token, 'x.csv', CSV)).status).toBe(403);
    expect((await upload(id, outsider.token, 'x.csv', CSV)).status).toBe(404);
    expect((await upload(id, student.token, 'x.csv', CSV, { doc: 'feedback' })).status).toBe(403);

    const deliverable = (await upload(id, student.token, 'work.csv', CSV)).json.file.url as string;
    const feedback = (await upload(id, employer.token, 'notes.csv', Buffer.from('private,notes\n'), { doc: 'feedback' })).json.file.url as string;
    expect((await download(deliverable, viewer.token)).status).toBe(200);
    expect((await download(deliverable, outsider.token)).status).toBe(404);
    // The feedback is the student's only once released: its files too.
    expect((await download(feedback, employer.token)).status).toBe(200);
    expect((await download(feedback, student.token)).status).toBe(404);
    expect((await download(`/api/projects/${id}/files/nosuchfile`, student.token)).status).toBe(404);

    await t.database.db.deleteFrom('project_members').where('project_id', '=', id).where('user_id', '=', viewer.id).execute();
    expect((await download(deliverable, viewer.token)).status).toBe(404);
  });
});
