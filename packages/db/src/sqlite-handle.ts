/** Anything but a promise: what a synchronous transaction's function may return. */
export type Synchronous<T> = T extends PromiseLike<unknown> ? never : T;

export interface SqliteStatement<Row = unknown> {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): Row | undefined;
  all(...params: unknown[]): Row[];
}

/**
 * The smallest SQLite connection the document writes use (better-sqlite3's fits it, as Kysely's
 * `SqliteDatabase` is typed by shape rather than by that class). `transaction` takes only a
 * function that returns no promise: an async one would commit at its first await, with the rest
 * of its work outside the transaction, so here it is a compile error.
 */
export interface SqliteHandle {
  prepare<Row = unknown>(sql: string): SqliteStatement<Row>;
  transaction<Args extends unknown[], Result>(fn: (...args: Args) => Synchronous<Result>): (...args: Args) => Result;
  /** Whether a transaction is open on this connection (Kysely's may span awaits). */
  readonly inTransaction: boolean;
}
