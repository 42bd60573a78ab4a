import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** `<projectId>/<kind>`, the document name on the wire and in the document server. */
function splitName(docName: string): { projectId: string; kind: string } {
  const slash = docName.indexOf('/');
  if (slash <= 0 || slash === docName.length - 1) throw new Error(`Bad document name: ${docName}`);
  return { projectId: docName.slice(0, slash), kind: docName.slice(slash + 1) };
}

export interface DocumentEntry {
  docName: string;
  update: Uint8Array;
  authorId: string | null;
  clients?: number[];
}

function authorRows(entries: readonly DocumentEntry[]) {
  return entries.flatMap((e) => {
    if (!e.authorId || !e.clients?.length) return [];
    const { projectId, kind } = splitName(e.docName);
    return e.clients.map((client) => ({ project_id: projectId, kind, client_id: client, author_id: e.authorId! }));
  });
}

// SQLite allows 32,766 bound values per statement; six per row leaves ample room.
const ROWS_PER_INSERT = 1000;

/**
 * Storage for the document server (it satisfies `@stint/collab`'s DocumentStore by shape):
 * an append-only update log with authors, folded into a snapshot past a threshold.
 */
export function createDocumentStore(db: Kysely<Database>, options: { sqlite?: SQLite.Database | null; clock?: () => number } = {}) {
  const clock = options.clock ?? Date.now;
  const appendSqlite = options.sqlite ? sqliteAppender(options.sqlite) : null;
  /** The portable path (Postgres): Kysely, in one transaction, a bounded number of rows per insert. */
  const appendRows = (entries: readonly DocumentEntry[], now: number): Promise<number[]> => {
    const rows = entries.map((e) => {
      const { projectId, kind } = splitName(e.docName);
      return { project_id: projectId, kind, data: e.update, author_id: e.authorId, created_at: now };
    });
    return db.transaction().execute(async (trx) => {
      const authors = authorRows(entries);
      if (authors.length > 0) await trx.insertInto('doc_authors').values(authors).onConflict((oc) => oc.doNothing()).execute();
      const ids: number[] = [];
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        const inserted = await trx.insertInto('doc_updates').values(rows.slice(i, i + ROWS_PER_INSERT)).returning('id').execute();
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
      return {
        updates: snapshot ? [new Uint8Array(snapshot.state), ...updates] : updates,
        ids: rows.map((r) => Number(r.id)),
        logBytes: updates.reduce((n, u) => n + u.byteLength, 0),
      };
    },

    /** Synchronous on SQLite (its driver blocks anyway) unless a transaction holds the connection; a promise on Postgres. */
    append(entries: readonly DocumentEntry[]): number[] | Promise<number[]> {
      if (entries.length === 0) return [];
      const now = clock();
      if (appendSqlite) return appendSqlite(entries, now);
      return appendRows(entries, now);
    },

    /**
     * Folds log rows into the snapshot, in one transaction: `fold` gets the stored snapshot and
     * returns the new one; exactly the rows `ids` are deleted. Another process may have written
     * rows this one hasn't seen, or compacted meanwhile: only what was folded goes, and the
     * stored snapshot is folded in rather than overwritten. On Postgres a lock per document
     * makes concurrent compactions take turns; SQLite's writes are serialized already.
     */
    async compact(docName: string, fold: (snapshot: Uint8Array | null) => Uint8Array, ids: readonly number[]): Promise<void> {
      const { projectId, kind } = splitName(docName);
      await db.transaction().execute(async (trx) => {
        if (!options.sqlite) await sql`select pg_advisory_xact_lock(hashtext(${docName}))`.execute(trx);
        const stored = await trx.selectFrom('doc_snapshots').select('state').where('project_id', '=', projectId).where('kind', '=', kind).executeTakeFirst();
        const state = fold(stored ? new Uint8Array(stored.state) : null);
        await trx.deleteFrom('doc_snapshots').where('project_id', '=', projectId).where('kind', '=', kind).execute();
        await trx
          .insertInto('doc_snapshots')
          .values({ project_id: projectId, kind, state, last_update_id: ids.reduce((max, id) => Math.max(max, id), 0), updated_at: clock() })
          .execute();
        for (let i = 0; i < ids.length; i += ROWS_PER_INSERT) {
          await trx.deleteFrom('doc_updates').where('project_id', '=', projectId).where('kind', '=', kind).where('id', 'in', ids.slice(i, i + ROWS_PER_INSERT)).execute();
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
        db.selectFrom('doc_updates').select((eb) => eb.fn.max('created_at').as('at')).where('project_id', '=', projectId).where('kind', '=', kind).executeTakeFirst(),
        db.selectFrom('doc_snapshots').select('updated_at').where('project_id', '=', projectId).where('kind', '=', kind).executeTakeFirst(),
      ]);
      const at = Math.max(Number(update?.at ?? 0), Number(snapshot?.updated_at ?? 0));
      return at > 0 ? at : null;
    },
  };
}

export type DocumentStoreImpl = ReturnType<typeof createDocumentStore>;

/**
 * The document server's hottest write, on SQLite: one synchronous transaction of prepared
 * inserts. Kysely's async path costs several times more CPU per commit, and better-sqlite3
 * blocks either way, so nothing is gained by awaiting.
 */
function sqliteAppender(sqlite: SQLite.Database) {
  const insert = sqlite.prepare('insert into doc_updates (project_id, kind, data, author_id, created_at) values (?, ?, ?, ?, ?)');
  const claim = sqlite.prepare('insert or ignore into doc_authors (project_id, kind, client_id, author_id) values (?, ?, ?, ?)');
  const insertOne = (e: DocumentEntry, now: number) => {
    const { projectId, kind } = splitName(e.docName);
    return Number(insert.run(projectId, kind, e.update, e.authorId, now).lastInsertRowid);
  };
  const write = sqlite.transaction((entries: readonly DocumentEntry[], now: number): number[] =>
    entries.map((e) => {
      for (const row of authorRows([e])) claim.run(row.project_id, row.kind, row.client_id, row.author_id);
      return insertOne(e, now);
    }),
  );
  const writeNow = (entries: readonly DocumentEntry[], now: number): number[] => {
    // A lone insert is its own transaction: the same commit without a BEGIN and COMMIT to run,
    // which is the common case of one keystroke per event-loop turn.
    const only = entries.length === 1 ? entries[0]! : null;
    if (only && !only.clients?.length) return [insertOne(only, now)];
    return write(entries, now);
  };
  // Kysely shares this connection, and its transactions span awaits: written now, the rows would
  // join that transaction — relayed at once, durable only at its COMMIT, gone at its ROLLBACK.
  const whenFree = async (): Promise<void> => {
    while (sqlite.inTransaction) await new Promise((resolve) => setImmediate(resolve));
  };
  const append = (entries: readonly DocumentEntry[], now: number): number[] | Promise<number[]> =>
    sqlite.inTransaction ? whenFree().then(() => append(entries, now)) : writeNow(entries, now);
  return append;
}
