import SQLite from 'better-sqlite3';

/**
 * The issuer's keys travel inside a SQLite backup, in a table of their own: one file holds
 * everything a restore needs (losing the signing key means new credentials can't be issued under
 * the same key; old ones keep verifying only while its public half is listed).
 */
const KEY_TABLE = 'stint_backup_signing_key';

/**
 * A consistent copy of a live SQLite database (SQLite's online backup API: pages copied in steps,
 * restarted if a writer changes one meanwhile — the server keeps serving), with `keys` (a JSON
 * text) stored inside it.
 */
export async function backupSqlite(source: string, destination: string, keys: string): Promise<void> {
  const live = new SQLite(source, { fileMustExist: true });
  try {
    await live.backup(destination);
  } finally {
    live.close();
  }
  const copy = new SQLite(destination);
  try {
    copy.exec(`create table ${KEY_TABLE} (keys text not null)`);
    copy.prepare(`insert into ${KEY_TABLE} (keys) values (?)`).run(keys);
  } finally {
    copy.close();
  }
}

/** Takes the keys out of a restored copy (and the table with them); null when it holds none. */
export function takeBackupKeys(file: string): string | null {
  const db = new SQLite(file, { fileMustExist: true });
  try {
    const exists = db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(KEY_TABLE);
    if (!exists) return null;
    const row = db.prepare(`select keys from ${KEY_TABLE}`).get() as { keys: string } | undefined;
    db.exec(`drop table ${KEY_TABLE}`);
    return row?.keys ?? null;
  } finally {
    db.close();
  }
}

/** Whether a file is a SQLite database whose integrity check passes. */
export function sqliteIntact(file: string): boolean {
  const db = new SQLite(file, { fileMustExist: true, readonly: true });
  try {
    return (db.pragma('integrity_check', { simple: true }) as string) === 'ok';
  } finally {
    db.close();
  }
}
