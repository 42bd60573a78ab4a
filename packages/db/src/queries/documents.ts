import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { SqliteHandle } from '../sqlite-handle.ts';
import { authorRows, type DocumentEntry, highestId, splitName } from './document-entries.ts';
import { sqliteDocumentWrites } from './documents-sqlite.ts';
import { takeTurns } from './turns.ts';

export type { DocumentEntry } from './document-entries.ts';

/**
 * Writes that go with a document update, in the transaction that stores it (the document
 * server's `Alongside`): they and the update are durable together or not at all.
 */
export function alongside(write: (trx: Kysely<Database>) => Promise<void>, committed?: () => void) {
  // This store hands `write` its own Kysely transaction, whatever the document server calls it.
  return { write: (transaction: unknown) => write(transaction as Kysely<Database>), committed };
}

// SQLite allows 32,766 bound values per statement; six per row leaves ample room.
const ROWS_PER_INSERT = 1000;

/**
 * Storage for the document server (it satisfies `@stint/collab`'s DocumentStore by shape):
 * an append-only update log with authors, folded into a snapshot past a threshold.
 */
export function createDocumentStore(db: Kysely<Database>, options: { sqlite?: SqliteHandle | null; clock?: () => number } = {}) {
  const clock = options.clock ?? Date.now;
  const sqliteWrites = options.sqlite ? sqliteDocumentWrites(options.sqlite) : null;
  /** The portable path (Postgres): Kysely, in one transaction, a bounded number of rows per insert. */
  const appendRows = (entries: readonly DocumentEntry[], now: number): Promise<number[]> => {
    const rows = entries.map((e) => {
      const { projectId, kind } = splitName(e.docName);
      return { project_id: projectId, kind, data: e.update, author_id: e.authorId, created_at: now };
    });
    return db.transaction().execute(async (trx) => {
      for (const entry of entries) await entry.alongside?.write(trx);
      const authors = authorRows(entries);
      if (authors.length > 0)
        await trx
          .insertInto('doc_authors')
          .values(authors)
          .onConflict((oc) => oc.doNothing())
          .execute();
      const ids: number[] = [];
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        const inserted = await trx
          .insertInto('doc_updates')
          .values(rows.slice(i, i + ROWS_PER_INSERT))
          .returning('id')
          .execute();
        // One statement's ids rise in row order on both dialects; sort in case RETURNING doesn't keep it.
        ids.push(...inserted.map((r) => Number(r.id)).sort((a, b) => a - b));
      }
      return ids;
    });
  };
  return {
    /**
     * The snapshot (if any) and every log row not folded into it. Rows are read before the
     * snapshot: a compaction that commits in between folds whatever it deletes into the snapshot
     * read second, so nothing falls between the two reads (Yjs takes duplicates harmlessly).
     * Compaction deletes exactly the rows it folded, so no id filter is needed either — and
     * none would be safe on Postgres, whose ids can commit out of order across processes.
     */
    async load(docName: string) {
      const { projectId, kind } = splitName(docName);
      const rows = await db
        .selectFrom('doc_updates')
        .select(['id', 'data'])
        .where('project_id', '=', projectId)
        .where('kind', '=', kind)
        .orderBy('id')
        .execute();
      const snapshot = await db.selectFrom('doc_snapshots').select('state').where('project_id', '=', projectId).where('kind', '=', kind).executeTakeFirst();
      const updates = rows.map((r) => new Uint8Array(r.data));
      const fences = await db
        .selectFrom('doc_fences')
        .select(['client_id', 'from_clock', 'user_id'])
        .where('project_id', '=', projectId)
        .where('kind', '=', kind)
        .execute();
      const owners = await db
        .selectFrom('doc_authors')
        .select(['client_id', 'author_id'])
        .where('project_id', '=', projectId)
        .where('kind', '=', kind)
        .execute();
      return {
        updates: snapshot ? [new Uint8Array(snapshot.state), ...updates] : updates,
        ids: rows.map((r) => Number(r.id)),
        logBytes: updates.reduce((n, u) => n + u.byteLength, 0),
        fences: fences.map((f) => ({ client: Number(f.client_id), fromClock: Number(f.from_clock), userId: f.user_id })),
        owners: new Map(owners.map((o) => [Number(o.client_id), o.author_id])),
      };
    },

    /**
     * Records that nothing of Yjs client `client` from `fromClock` on may ever be stored in
     * `docName`. The first fence of a client stands: its clocks only grow, so it is the lowest.
     */
    async fence(docName: string, fence: { client: number; fromClock: number; userId: string }): Promise<void> {
      const { projectId, kind } = splitName(docName);
      await db
        .insertInto('doc_fences')
        .values({ project_id: projectId, kind, client_id: fence.client, from_clock: fence.fromClock, user_id: fence.userId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },

    /** Synchronous on SQLite (its driver blocks anyway) unless a transaction holds the connection; a promise on Postgres. */
    append(entries: readonly DocumentEntry[]): number[] | Promise<number[]> {
      if (entries.length === 0) return [];
      const now = clock();
      // What must be stored with an update is written through Kysely: the same transaction then.
      if (sqliteWrites && !entries.some((e) => e.alongside)) return sqliteWrites.append(entries, now);
      return appendRows(entries, now);
    },

    /**
     * Folds log rows into the snapshot, in one transaction: `fold` gets the stored snapshot and
     * returns the new one; exactly the rows `ids` are deleted. Another process may have written
     * rows this one hasn't seen, or compacted meanwhile: only what was folded goes, and the
     * stored snapshot is folded in rather than overwritten. On Postgres a lock per document
     * makes concurrent compactions take turns; SQLite's writes are serialized already (and
     * synchronous: documents-sqlite.ts).
     */
    async compact(docName: string, fold: (snapshot: Uint8Array | null) => Uint8Array, ids: readonly number[]): Promise<void> {
      if (sqliteWrites) return sqliteWrites.compact(docName, fold, ids, clock());
      const { projectId, kind } = splitName(docName);
      await db.transaction().execute(async (trx) => {
        await takeTurns(trx, 'postgres', docName);
        const stored = await trx.selectFrom('doc_snapshots').select('state').where('project_id', '=', projectId).where('kind', '=', kind).executeTakeFirst();
        const state = fold(stored ? new Uint8Array(stored.state) : null);
        await trx.deleteFrom('doc_snapshots').where('project_id', '=', projectId).where('kind', '=', kind).execute();
        await trx
          .insertInto('doc_snapshots')
          .values({ project_id: projectId, kind, state, last_update_id: highestId(ids), updated_at: clock() })
          .execute();
        for (let i = 0; i < ids.length; i += ROWS_PER_INSERT) {
          await trx
            .deleteFrom('doc_updates')
            .where('project_id', '=', projectId)
            .where('kind', '=', kind)
            .where('id', 'in', ids.slice(i, i + ROWS_PER_INSERT))
            .execute();
        }
      });
    },

    /** Who first wrote under each Yjs client id of the document. */
    async authors(docName: string): Promise<Map<number, string>> {
      const { projectId, kind } = splitName(docName);
      const rows = await db.selectFrom('doc_authors').select(['client_id', 'author_id']).where('project_id', '=', projectId).where('kind', '=', kind).execute();
      return new Map(rows.map((r) => [Number(r.client_id), r.author_id]));
    },

    /** When the document last changed, for renderings; null if it never did. */
    async updatedAt(docName: string): Promise<number | null> {
      const { projectId, kind } = splitName(docName);
      const [update, snapshot] = await Promise.all([
        db
          .selectFrom('doc_updates')
          .select((eb) => eb.fn.max('created_at').as('at'))
          .where('project_id', '=', projectId)
          .where('kind', '=', kind)
          .executeTakeFirst(),
        db.selectFrom('doc_snapshots').select('updated_at').where('project_id', '=', projectId).where('kind', '=', kind).executeTakeFirst(),
      ]);
      const at = Math.max(Number(update?.at ?? 0), Number(snapshot?.updated_at ?? 0));
      return at > 0 ? at : null;
    },
  };
}
