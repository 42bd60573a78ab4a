import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BLOB_CHUNK_BYTES,
  collectOrphanFiles,
  createDatabaseBlobStore,
  createDocumentStore,
  insertFile,
  listFiles,
  projectFileBytes,
  type StintDatabase,
} from './index.ts';
import { type OpenedTestDatabase, seedProject, testDatabaseTargets } from './testing/index.ts';

const targets = await testDatabaseTargets();
let seq = 0;

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

for (const target of targets) {
  describe.skipIf(target.skipReason !== null)(`files and blobs on ${target.dialect}`, () => {
    let opened: OpenedTestDatabase;
    let store: StintDatabase;
    beforeAll(async () => {
      opened = await target.open();
      store = opened.database;
    });
    afterAll(() => opened?.drop());

    const upload = async (blobs: ReturnType<typeof createDatabaseBlobStore>, bytes: Buffer, piece = 77_777) => {
      const u = blobs.begin();
      for (let at = 0; at < bytes.byteLength; at += piece) await u.write(bytes.subarray(at, at + piece));
      return u.finish();
    };

    it('streams bytes in as fixed chunks under their SHA-256; reads them whole or by range across chunks; the same bytes twice are stored once', async () => {
      const blobs = createDatabaseBlobStore(store.db);
      const bytes = randomBytes(2 * BLOB_CHUNK_BYTES + 12_345);
      const stored = await upload(blobs, bytes);
      expect(stored).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength });
      expect((await collect(blobs.read(stored.sha256))).equals(bytes)).toBe(true);
      const start = BLOB_CHUNK_BYTES - 10;
      const end = 2 * BLOB_CHUNK_BYTES + 5;
      expect((await collect(blobs.read(stored.sha256, { start, end }))).equals(bytes.subarray(start, end + 1))).toBe(true);
      const chunks = async () =>
        Number(
          (
            await store.db
              .selectFrom('blob_chunks')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await chunks();
      expect(await upload(blobs, bytes, 1 << 20)).toEqual(stored);
      expect(await chunks()).toBe(before);
      const aborted = blobs.begin();
      await aborted.write(randomBytes(BLOB_CHUNK_BYTES + 1));
      expect(await chunks()).toBe(before + 1);
      await aborted.abort();
      expect(await chunks()).toBe(before);
      expect(await blobs.size('0'.repeat(64))).toBeNull();
    });

    it('collects files nobody points at, then their blobs; a file named in a document, a version or a portfolio item stays', async () => {
      const { ownerId, projectId } = await seedProject(store);
      let now = 1_000_000;
      const blobs = createDatabaseBlobStore(store.db, { clock: () => now });
      const file = async (id: string, bytes: Buffer) => {
        const { sha256, size } = await upload(blobs, bytes);
        await insertFile(store.db, {
          id,
          projectId,
          doc: 'deliverable',
          sha256,
          name: `${id}.csv`,
          type: 'text/csv',
          size,
          uploadedBy: ownerId,
          createdAt: now,
        });
        return sha256;
      };
      await file('file-in-doc', Buffer.from('a,b\n1,2\n'));
      await file('file-in-version', Buffer.from('c,d\n'));
      const orphanSha = await file('file-orphan', Buffer.from('nobody wants me'));
      await file('file-fresh', Buffer.from('too new to judge'));
      const docs = createDocumentStore(store.db);
      await docs.append([{ docName: `${projectId}/deliverable`, update: Buffer.from('…"fileId":"file-in-doc"…'), authorId: null }]);
      await store.db
        .insertInto('doc_versions')
        .values({
          id: `v${++seq}`,
          project_id: projectId,
          kind: 'deliverable',
          label: 'x',
          reason: 'submit',
          state: Buffer.from('file-in-version'),
          sha256: 'x',
          html: null,
          author_id: null,
          created_at: now,
        })
        .execute();
      expect(await projectFileBytes(store.db, projectId)).toBe(8 + 4 + 15 + 16);
      const staged = blobs.begin();
      await staged.write(randomBytes(BLOB_CHUNK_BYTES));

      await store.db
        .updateTable('files')
        .set({ created_at: now + 10 })
        .where('id', '=', 'file-fresh')
        .execute();
      now += 5;
      expect(await collectOrphanFiles(store.db, now)).toEqual({ files: 1, blobs: 1, staged: 1 });
      expect((await listFiles(store.db, projectId)).map((f) => f.id).sort()).toEqual(['file-fresh', 'file-in-doc', 'file-in-version']);
      expect(await blobs.size(orphanSha)).toBeNull();
      expect(await collectOrphanFiles(store.db, now)).toEqual({ files: 0, blobs: 0, staged: 0 });
    });
  });
}
