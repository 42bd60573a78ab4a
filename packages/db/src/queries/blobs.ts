import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId } from '../ids.ts';
import type { Database } from '../schema.ts';

/** Every chunk but a blob's last holds exactly this many bytes, so a range finds its chunks by arithmetic. */
export const BLOB_CHUNK_BYTES = 1024 * 1024;

/** A blob being written as it streams in: its hash is known only at the end. */
export interface BlobUpload {
  /** Bytes taken so far. */
  readonly size: number;
  write(bytes: Uint8Array): Promise<void>;
  /** The whole body is in: the blob is stored under its SHA-256 (once, however often uploaded). */
  finish(): Promise<{ sha256: string; size: number }>;
  /** Drops what was written. */
  abort(): Promise<void>;
}

/**
 * Content-addressed bytes in the database (`blobs` + `blob_chunks`): several processes share
 * them with nothing else to run and a backup of the database holds them. apps/server's BlobStore
 * port is this shape; an S3-compatible adapter would stage with a multipart upload instead.
 */
export function createDatabaseBlobStore(db: Kysely<Database>, options: { clock?: () => number } = {}) {
  const clock = options.clock ?? Date.now;
  const sizeOf = async (sha256: string): Promise<number | null> => {
    const row = await db.selectFrom('blobs').select('size').where('sha256', '=', sha256).executeTakeFirst();
    return row ? Number(row.size) : null;
  };

  return {
    begin(): BlobUpload {
      const key = `upload:${newId()}`;
      const hash = createHash('sha256');
      // One chunk-sized buffer per upload, filled and written in turn: a new one per chunk
      // (Buffer.concat) left a MiB of garbage per MiB stored, which the GC reclaims late.
      const staging = Buffer.allocUnsafe(BLOB_CHUNK_BYTES);
      let filled = 0;
      let seq = 0;
      let size = 0;
      const putChunk = async (data: Uint8Array) => {
        // Awaited before the staging buffer is written again: the driver has its bytes by then.
        await db.insertInto('blob_chunks').values({ blob_key: key, seq, data, created_at: clock() }).execute();
        seq += 1;
      };
      return {
        get size() {
          return size;
        },
        async write(bytes) {
          hash.update(bytes);
          size += bytes.byteLength;
          for (let offset = 0; offset < bytes.byteLength; ) {
            const n = Math.min(BLOB_CHUNK_BYTES - filled, bytes.byteLength - offset);
            staging.set(bytes.subarray(offset, offset + n), filled);
            filled += n;
            offset += n;
            if (filled === BLOB_CHUNK_BYTES) {
              await putChunk(staging);
              filled = 0;
            }
          }
        },
        async finish() {
          if (filled > 0) await putChunk(staging.subarray(0, filled));
          filled = 0;
          const sha256 = hash.digest('hex');
          await db.transaction().execute(async (trx) => {
            // The first to store these bytes takes the staged chunks; anyone else drops theirs.
            const inserted = await trx
              .insertInto('blobs')
              .values({ sha256, size, created_at: clock() })
              .onConflict((oc) => oc.column('sha256').doNothing())
              .executeTakeFirst();
            if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
              await trx.updateTable('blob_chunks').set({ blob_key: sha256 }).where('blob_key', '=', key).execute();
            } else {
              await trx.updateTable('blobs').set({ created_at: clock() }).where('sha256', '=', sha256).execute();
              await trx.deleteFrom('blob_chunks').where('blob_key', '=', key).execute();
            }
          });
          return { sha256, size };
        },
        async abort() {
          await db.deleteFrom('blob_chunks').where('blob_key', '=', key).execute();
        },
      };
    },

    size: sizeOf,

    /** Bytes `start` to `end` inclusive (the whole blob without them), a chunk at a time. */
    async *read(sha256: string, range?: { start: number; end: number }): AsyncGenerator<Uint8Array> {
      const total = await sizeOf(sha256);
      if (total === null || total === 0) return;
      const start = range?.start ?? 0;
      const end = Math.min(range?.end ?? total - 1, total - 1);
      for (let seq = Math.floor(start / BLOB_CHUNK_BYTES); seq * BLOB_CHUNK_BYTES <= end; seq++) {
        const row = await db.selectFrom('blob_chunks').select('data').where('blob_key', '=', sha256).where('seq', '=', seq).executeTakeFirst();
        if (!row) throw new Error(`Blob ${sha256} is missing chunk ${seq}.`);
        const base = seq * BLOB_CHUNK_BYTES;
        const data = new Uint8Array(row.data);
        yield data.subarray(Math.max(0, start - base), Math.min(data.byteLength, end - base + 1));
      }
    },
  };
}

export type DatabaseBlobStore = ReturnType<typeof createDatabaseBlobStore>;
