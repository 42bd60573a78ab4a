import { findPortfolioItem, revokePortfolioItem } from '@stint/db';
import { REVOCATION_REASON_MAX, RevokeBody } from '@stint/domain';
import { backup, restore } from './cli-backup.ts';
import { readConfig } from './config.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, hasDemoData, isEmpty } from './seed.ts';
import { openDatabase, seedWithoutServing, startServer } from './server.ts';
import { rotateKey } from './signing-key.ts';

const USAGE = `Usage: stint <command>

  start                  migrate, seed the demo into an empty database, and serve
  migrate                bring the database schema up to date
  seed                   add the demo accounts and projects (empty database only)
  verify <file-or-url> [--issuer <did>]
                         check a portfolio credential (a file, its page /p/<id> or its API URL):
                         its proof, and that it was issued by the issuer you trust (--issuer, or
                         for a URL the Stint server it came from), and that it is not revoked
  backup <file>          a consistent copy while serving: SQLite's online backup with the issuer's
                         key inside; on Postgres, pg_dump and <file>.signing-key.json beside it
  restore <file>         into an empty DATA_DIR (and an empty Postgres database with DATABASE_URL)
  revoke <item-id> --reason <text>
                         revoke a portfolio item issued in error (as the operator); its page,
                         the verify endpoint and the status list say so from then on
  rotate-key             sign new credentials with a new key; the old key stays listed as retired
                         (in DATA_DIR/signing-key.json and the did:web document), so what it
                         signed keeps verifying
`;

async function main(command: string | undefined): Promise<void> {
  // The verifier (JSON-LD, Data Integrity) loads only for this command.
  if (command === 'verify') return (await import('./cli-verify.ts')).verify(process.argv.slice(3));
  const config = readConfig(process.env);
  switch (command) {
    case 'start':
      return start(config);
    case 'migrate': {
      const database = openDatabase(config);
      await database.migrate();
      await database.close();
      console.log('Database is up to date.');
      return;
    }
    case 'seed': {
      const database = openDatabase(config);
      await database.migrate();
      if (!(await isEmpty(database))) console.log('The database already has accounts; not seeding.');
      else await seedWithoutServing(config, database);
      await database.close();
      return;
    }
    case 'backup':
      return backup(config, process.argv[3]);
    case 'restore':
      return restore(config, process.argv[3]);
    case 'revoke':
      return revoke(config, process.argv.slice(3));
    case 'rotate-key': {
      if (config.signingKey) throw new Error('The signing key comes from STINT_SIGNING_KEY: rotate it there (and list the old one in STINT_RETIRED_KEYS).');
      const { current, retired } = rotateKey(config.dataDir);
      console.log(`New signing key ${current.publicKeyMultibase}; ${retired.publicKeyMultibase} retired (still listed). Restart every process.`);
      return;
    }
    default:
      process.stderr.write(USAGE);
      process.exitCode = command ? 2 : 0;
  }
}

/** `stint revoke <item> --reason …`: the operator's revocation, recorded as theirs. */
async function revoke(config: ReturnType<typeof readConfig>, args: string[]): Promise<void> {
  const flag = args.indexOf('--reason');
  // The same rule as the employer's revoke route.
  const body = RevokeBody.safeParse({ reason: flag >= 0 ? args[flag + 1] : undefined });
  const itemId = args.find((a, i) => !a.startsWith('--') && i !== flag + 1);
  if (!itemId || !body.success) {
    process.stderr.write(`Usage: stint revoke <item-id> --reason <why, 3–${REVOCATION_REASON_MAX} characters>\n`);
    process.exitCode = 2;
    return;
  }
  const database = openDatabase(config);
  try {
    await database.migrate();
    const item = await findPortfolioItem(database.db, itemId);
    if (!item) throw new Error(`No portfolio item ${itemId}.`);
    const { reason } = body.data;
    if (!(await revokePortfolioItem(database.db, item.id, { by: `operator:${process.env.USER ?? 'cli'}`, reason }))) {
      console.log(`Already revoked on ${item.revoked?.at ?? 'an earlier date'}: ${item.revoked?.reason ?? ''}`);
      return;
    }
    console.log(`Revoked ${item.id}: ${reason}`);
  } finally {
    await database.close();
  }
}

async function start(config: ReturnType<typeof readConfig>): Promise<void> {
  const server = await startServer(config, { seedDemo: true });
  const shownUrl = config.publicUrl ?? server.url;
  const lines = [`Stint is running at ${shownUrl}`];
  if (await hasDemoData(server.database)) {
    lines.push(`Demo accounts (password "${DEMO_PASSWORD}"):`);
    for (const [role, account] of Object.entries(DEMO_ACCOUNTS)) lines.push(`  ${role.padEnd(9)} ${account.email}`);
  }
  lines.push(`Storage: ${config.databaseUrl ? 'Postgres' : `SQLite in ${config.dataDir}`}`);
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (signal: string) => {
    // A terminal's Ctrl-C reaches every process of its group, and a package manager running this
    // passes it on too: the same stop arrives twice. Stop once; later signals wait for it.
    if (stopping) return;
    stopping = true;
    server.logger.info({ signal }, 'shutting down: finishing in-flight requests');
    // SIGTERM is a supervisor or a load balancer's deploy: drain first. Ctrl-C stops at once.
    server.close({ drain: signal === 'SIGTERM' }).then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
