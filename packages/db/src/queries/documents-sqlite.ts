import type { SqliteHandle, SqliteStatement } from '../sqlite-handle.ts';
import { authorRows, type DocumentEntry, highestId, splitName } from './document-entries.ts';

/**
 * The document server's writes on SQLite: prepared statements in synchronous transactions on the
 * raw connection. Kysely's async path costs several times more CPU per commit, better-sqlite3
 * blocks either way, and an async callback inside a transaction is how writes get mixed up.
 * Kysely shares this connection and its transactions span awaits: a write made while one is
 * open would join it — relayed at once, durable only at its COMMIT, gone at its ROLLBACK — so
 * each write waits until the connection is free.
 */
/** Rows per multi-row insert: at most this many statements are prepared (one per row count). */
const ROWS_PER_STATEMENT = 64;

export function sqliteDocumentWrites(sqlite: SqliteHandle) {
  const insert = sqlite.prepare('insert into doc_updates (project_id, kind, data, author_id, created_at) values (?, ?, ?, ?, ?)');
  const claim = sqlite.prepare('insert or ignore into doc_authors (project_id, kind, client_id, author_id) values (?, ?, ?, ?)');
  const readSnapshot = sqlite.prepare<{ state: Buffer }>('select state from doc_snapshots where project_id = ? and kind = ?');
  const dropSnapshot = sqlite.prepare('delete from doc_snapshots where project_id = ? and kind = ?');
  const putSnapshot = sqlite.prepare('insert into doc_snapshots (project_id, kind, state, last_update_id, updated_at) values (?, ?, ?, ?, ?)');
  const deleteUpdate = sqlite.prepare('delete from doc_updates where project_id = ? and kind = ? and id = ?');

  const insertOne = (e: DocumentEntry, now: number) => {
    const { projectId, kind } = splitName(e.docName);
    return Number(insert.run(projectId, kind, e.update, e.authorId, now).lastInsertRowid);
  };
  // A group commit's rows go in one statement per ROWS_PER_STATEMENT (a statement per update cost
  // a fifth more per row: test/bench commit-shapes.ts); one prepared statement per row count.
  const multiRow = new Map<number, SqliteStatement<{ id: number }>>();
  const insertMany = (entries: readonly DocumentEntry[], now: number): number[] => {
    let statement = multiRow.get(entries.length);
    if (!statement) {
      const values = entries.map(() => '(?, ?, ?, ?, ?)').join(', ');
      statement = sqlite.prepare<{ id: number }>(`insert into doc_updates (project_id, kind, data, author_id, created_at) values ${values} returning id`);
      multiRow.set(entries.length, statement);
    }
    const params: unknown[] = [];
    for (const e of entries) {
      const { projectId, kind } = splitName(e.docName);
      params.push(projectId, kind, e.update, e.authorId, now);
    }
    // One statement's rowids rise in row order; RETURNING's order is not promised, so sort.
    return statement
      .all(...params)
      .map((r) => Number(r.id))
      .sort((a, b) => a - b);
  };
  const appendAll = sqlite.transaction((entries: readonly DocumentEntry[], now: number): number[] => {
    for (const row of authorRows(entries)) claim.run(row.project_id, row.kind, row.client_id, row.author_id);
    const ids: number[] = [];
    for (let at = 0; at < entries.length; at += ROWS_PER_STATEMENT) ids.push(...insertMany(entries.slice(at, at + ROWS_PER_STATEMENT), now));
    return ids;
  });
  const appendNow = (entries: readonly DocumentEntry[], now: number): number[] => {
    // A lone insert is its own transaction: the same commit without a BEGIN and COMMIT to run,
    // which is the common case of one keystroke per event-loop turn.
    const only = entries.length === 1 ? entries[0]! : null;
    if (only && !only.clients?.length) return [insertOne(only, now)];
    return appendAll(entries, now);
  };
  const compactNow = sqlite.transaction((docName: string, fold: (snapshot: Uint8Array | null) => Uint8Array, ids: readonly number[], now: number) => {
    const { projectId, kind } = splitName(docName);
    const stored = readSnapshot.get(projectId, kind);
    const state = fold(stored ? new Uint8Array(stored.state) : null);
    dropSnapshot.run(projectId, kind);
    putSnapshot.run(projectId, kind, Buffer.from(state.buffer, state.byteOffset, state.byteLength), highestId(ids), now);
    for (const id of ids) deleteUpdate.run(projectId, kind, id);
  });

  // Each write checks again, synchronously, right before it runs.
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const append = (entries: readonly DocumentEntry[], now: number): number[] | Promise<number[]> =>
    sqlite.inTransaction ? nextTurn().then(() => append(entries, now)) : appendNow(entries, now);
  const compact = async (docName: string, fold: (snapshot: Uint8Array | null) => Uint8Array, ids: readonly number[], now: number): Promise<void> => {
    while (sqlite.inTransaction) await nextTurn();
    compactNow(docName, fold, ids, now);
  };
  return { append, compact };
}
