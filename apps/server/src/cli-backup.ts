import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupSqlite, createDatabase, sqliteIntact, takeBackupKeys } from '@stint/db';
import type { Config } from './config.ts';
import { ensureDataDir } from './server.ts';
import { exportKeys, importKeys } from './signing-key.ts';

const mib = (file: string) => `${(statSync(file).size / 1024 / 1024).toFixed(1)} MiB`;
const keysBeside = (file: string) => `${file}.signing-key.json`;

function has(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} failed (exit ${result.status ?? result.signal}).`);
}

/**
 * `stint backup <file>`, while the server keeps serving. SQLite: the online backup API (a
 * consistent snapshot) with the issuer's keys inside the copy. Postgres: `pg_dump` (custom
 * format, itself a consistent snapshot) and the keys in `<file>.signing-key.json` beside it.
 */
export async function backup(config: Config, file: string | undefined): Promise<void> {
  if (!file) throw new Error('Usage: stint backup <file>');
  if (existsSync(file)) throw new Error(`${file} exists; choose a new name (a backup never overwrites).`);
  const keys = exportKeys(config.dataDir, config.signingKey, config.retiredKeys);
  if (config.databaseUrl) {
    if (!has('pg_dump')) throw new Error('pg_dump is not installed (Debian: apt-get install postgresql-client); see README, "Backups".');
    run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${config.databaseUrl}`]);
    writeFileSync(keysBeside(file), `${keys}\n`, { mode: 0o600 });
    console.log(`Backed up the Postgres database to ${file} (${mib(file)}) and the issuer's keys to ${keysBeside(file)}: keep both, and the keys secret.`);
    return;
  }
  const source = join(config.dataDir, 'stint.db');
  if (!existsSync(source)) throw new Error(`No database at ${source}.`);
  const partial = `${file}.partial`;
  try {
    await backupSqlite(source, partial, keys);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  console.log(`Backed up ${source} to ${file} (${mib(file)}), the issuer's signing key inside it: keep it as secret as the key.`);
}

/**
 * `stint restore <file>` into an empty DATA_DIR (and, for Postgres, an empty database): the data,
 * then the issuer's keys. Start the server on it afterwards; it migrates as usual.
 */
export async function restore(config: Config, file: string | undefined): Promise<void> {
  if (!file || !existsSync(file)) throw new Error('Usage: stint restore <backup file>');
  ensureDataDir(config.dataDir);
  const occupied = readdirSync(config.dataDir).filter((name) => name === 'stint.db' || name === 'signing-key.json');
  if (occupied.length > 0) throw new Error(`${config.dataDir} already holds ${occupied.join(' and ')}: restore into an empty DATA_DIR.`);
  if (config.databaseUrl) {
    if (!has('pg_restore')) throw new Error('pg_restore is not installed (Debian: apt-get install postgresql-client).');
    const database = createDatabase({ dialect: 'postgres', url: config.databaseUrl });
    try {
      const tables = await database.db.introspection.getTables();
      if (tables.length > 0) throw new Error('The database at DATABASE_URL is not empty: restore into a new database.');
    } finally {
      await database.close();
    }
    run('pg_restore', ['--no-owner', `--dbname=${config.databaseUrl}`, file]);
    if (existsSync(keysBeside(file))) importKeys(config.dataDir, readFileSync(keysBeside(file), 'utf8'));
    else console.log(`No ${keysBeside(file)}: put the issuer's key back yourself (STINT_SIGNING_KEY or DATA_DIR/signing-key.json).`);
    console.log(`Restored ${file} into the Postgres database.`);
    return;
  }
  const target = join(config.dataDir, 'stint.db');
  const partial = `${target}.partial`;
  try {
    copyFileSync(file, partial);
    if (!sqliteIntact(partial)) throw new Error(`${file} is not an intact SQLite database.`);
    const keys = takeBackupKeys(partial);
    renameSync(partial, target);
    if (keys) importKeys(config.dataDir, keys);
    else console.log("The backup holds no signing key: put the issuer's key back yourself (STINT_SIGNING_KEY or DATA_DIR/signing-key.json).");
  } finally {
    rmSync(partial, { force: true });
  }
  console.log(`Restored ${file} into ${config.dataDir}.`);
}
