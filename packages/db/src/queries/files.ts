import { randomBytes } from 'node:crypto';
import type { DocKind } from '@stint/domain';
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import type { Database } from '../schema.ts';
import type { Executor } from './events.ts';
import { takeTurns } from './turns.ts';

export interface StoredFile {
  id: string;
  projectId: string;
  doc: DocKind;
  sha256: string;
  name: string;
  type: string;
  size: number;
  uploadedBy: string;
  createdAt: number;
}

type FileRow = Database['files'];
const toFile = (r: FileRow): StoredFile => ({
  id: r.id,
  projectId: r.project_id,
  doc: r.doc,
  sha256: r.sha256,
  name: r.name,
  type: r.type,
  size: Number(r.size),
  uploadedBy: r.uploaded_by,
  createdAt: Number(r.created_at),
});

/** Only after its blob is stored: a file row never points at missing bytes (the foreign key says so too). */
export async function insertFile(db: Executor, file: StoredFile): Promise<void> {
  await db
    .insertInto('files')
    .values({
      id: file.id,
      project_id: file.projectId,
      doc: file.doc,
      sha256: file.sha256,
      name: file.name,
      type: file.type,
      size: file.size,
      uploaded_by: file.uploadedBy,
      created_at: file.createdAt,
    })
    .execute();
}

export async function findFile(db: Executor, projectId: string, fileId: string): Promise<StoredFile | null> {
  const row = await db.selectFrom('files').selectAll().where('project_id', '=', projectId).where('id', '=', fileId).executeTakeFirst();
  return row ? toFile(row) : null;
}

export async function listFiles(db: Executor, projectId: string, ids?: readonly string[]): Promise<StoredFile[]> {
  if (ids && ids.length === 0) return [];
  let query = db.selectFrom('files').selectAll().where('project_id', '=', projectId);
  if (ids) query = query.where('id', 'in', [...ids]);
  return (await query.orderBy('created_at').orderBy('id').execute()).map(toFile);
}

/** Bytes uploaded into a project, counted per upload (what its quota limits). */
/** How long a reservation holds without being turned into a file: past this its upload crashed. */
const RESERVATION_HOLDS_MS = 60 * 60_000;

export type FileReservation = { ok: true; id: string; bytes: number } | { ok: false; room: number };

/**
 * Holds `bytes` of the project's quota for an upload about to start, in one atomic step on every
 * process: what its files use plus what uploads under way hold, plus this, must fit. With
 * `fitTo` an upload of unknown length takes what is left (up to `bytes`, at least one byte).
 * On Postgres a lock per project makes reservations take turns; SQLite's transactions are
 * serialized already.
 */
export async function reserveFileBytes(
  db: Kysely<Database>,
  dialect: Dialect,
  input: { projectId: string; bytes: number; quota: number; fitTo?: boolean; now: number },
): Promise<FileReservation> {
  return db.transaction().execute(async (trx) => {
    await takeTurns(trx, dialect, `file_reservations:${input.projectId}`);
    await trx
      .deleteFrom('file_reservations')
      .where('created_at', '<', input.now - RESERVATION_HOLDS_MS)
      .execute();
    const held = await trx
      .selectFrom('file_reservations')
      .select((eb) => eb.fn.sum<string | number>('bytes').as('total'))
      .where('project_id', '=', input.projectId)
      .executeTakeFirst();
    const room = input.quota - (await projectFileBytes(trx, input.projectId)) - Number(held?.total ?? 0);
    const bytes = input.fitTo ? Math.min(input.bytes, room) : input.bytes;
    if (bytes <= 0 || bytes > room) return { ok: false, room: Math.max(0, room) };
    const id = randomBytes(12).toString('base64url');
    await trx.insertInto('file_reservations').values({ id, project_id: input.projectId, bytes, created_at: input.now }).execute();
    return { ok: true, id, bytes };
  });
}

/** The upload is stored: its file takes the reservation's place, in one transaction. */
export async function fileFromReservation(db: Kysely<Database>, reservationId: string, file: StoredFile): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await insertFile(trx, file);
    await trx.deleteFrom('file_reservations').where('id', '=', reservationId).execute();
  });
}

/** The upload failed: what it held is free again. */
export async function releaseFileReservation(db: Executor, reservationId: string): Promise<void> {
  await db.deleteFrom('file_reservations').where('id', '=', reservationId).execute();
}

export async function projectFileBytes(db: Executor, projectId: string): Promise<number> {
  const row = await db
    .selectFrom('files')
    .select((eb) => eb.fn.sum<string | number>('size').as('total'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** Whether `needle` occurs in any of `haystacks` (a file id is kept as UTF-8 text in Yjs and JSON alike). */
function mentioned(haystacks: Array<Uint8Array | string>, needle: string): boolean {
  const bytes = Buffer.from(needle);
  return haystacks.some((h) => (typeof h === 'string' ? h.includes(needle) : Buffer.from(h.buffer, h.byteOffset, h.byteLength).indexOf(bytes) >= 0));
}

/**
 * Collects what nobody points at, for uploads older than `before`: a file whose id appears in
 * none of its project's stored document updates, snapshots, versions or portfolio items goes
 * (text deleted from a document stays in the log until it is compacted, so a file lingers at
 * worst: never the other way round); then blobs no file uses, and staged chunks of uploads that
 * never finished. The search is deliberately plain: it can only keep too much.
 */
export async function collectOrphanFiles(db: Kysely<Database>, before: number): Promise<{ files: number; blobs: number; staged: number }> {
  const candidates = await db.selectFrom('files').select(['id', 'project_id']).where('created_at', '<', before).execute();
  const byProject = new Map<string, string[]>();
  for (const c of candidates) byProject.set(c.project_id, [...(byProject.get(c.project_id) ?? []), c.id]);
  let files = 0;
  for (const [projectId, ids] of byProject) {
    const [updates, snapshots, versions, items] = await Promise.all([
      db.selectFrom('doc_updates').select('data').where('project_id', '=', projectId).execute(),
      db.selectFrom('doc_snapshots').select('state').where('project_id', '=', projectId).execute(),
      db.selectFrom('doc_versions').select('state').where('project_id', '=', projectId).execute(),
      db.selectFrom('portfolio_items').select('credential').where('project_id', '=', projectId).execute(),
    ]);
    const haystacks = [...updates.map((r) => r.data), ...snapshots.map((r) => r.state), ...versions.map((r) => r.state), ...items.map((r) => r.credential)];
    const orphans = ids.filter((id) => !mentioned(haystacks, id));
    if (orphans.length > 0) files += Number((await db.deleteFrom('files').where('id', 'in', orphans).executeTakeFirst()).numDeletedRows);
  }
  let blobs = 0;
  const unused = await db
    .selectFrom('blobs')
    .select('sha256')
    .where('created_at', '<', before)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('files').select('id').whereRef('files.sha256', '=', 'blobs.sha256'))))
    .execute();
  for (const { sha256 } of unused) {
    await db.transaction().execute(async (trx) => {
      // Checked again inside: an upload of the same bytes may have claimed it meanwhile.
      const gone = await trx
        .deleteFrom('blobs')
        .where('sha256', '=', sha256)
        .where('created_at', '<', before)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('files').select('id').where('files.sha256', '=', sha256))))
        .executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) return;
      await trx.deleteFrom('blob_chunks').where('blob_key', '=', sha256).execute();
      blobs += 1;
    });
  }
  const staged = await db.deleteFrom('blob_chunks').where('blob_key', 'like', 'upload:%').where('created_at', '<', before).executeTakeFirst();
  return { files, blobs, staged: Number(staged.numDeletedRows) };
}
