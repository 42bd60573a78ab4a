import type SQLite from 'better-sqlite3';
import { type DatabaseConnection, type Driver, SqliteDialect } from 'kysely';

/**
 * Kysely's SQLite dialect, with one fix: when SQLite has already rolled a transaction back by
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
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection: DatabaseConnection) => {
      if (this.handle.inTransaction) await rollback(connection);
    };
    return driver;
  }
}
