import type SQLite from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, SqliteDialect } from 'kysely';

/**
 * Kysely's SQLite dialect, with two changes.
 *
 * Transactions begin IMMEDIATE, taking the write lock first: the document writer thread commits
 * on a connection of its own, and a deferred transaction that read before one of those commits
 * could not write after it (SQLITE_BUSY at once, no waiting). Immediate ones wait their turn
 * (busy_timeout) before reading anything.
 *
 * And when SQLite has already rolled a transaction back by
 * itself (SQLITE_FULL on a full disk, an I/O error, an interrupt), Kysely's ROLLBACK fails with
 * "cannot rollback - no transaction is active" and that error replaces the real one. Here the
 * rollback is skipped when the connection holds no transaction, so the caller sees why it failed.
 */
export class StintSqliteDialect extends SqliteDialect {
  constructor(private readonly handle: SQLite.Database) {
    super({ database: handle });
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection: DatabaseConnection) => {
      if (this.handle.inTransaction) await rollback(connection);
    };
    return driver;
  }
}
