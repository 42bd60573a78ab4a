import { readFileSync } from 'node:fs';
import { verifyCredential } from '@stint/export';
import { readConfig } from './config.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, hasDemoData, isEmpty, seedDemo } from './seed.ts';
import { openDatabase, startServer } from './server.ts';

const USAGE = `Usage: stint <command>

  start                  migrate, seed the demo into an empty database, and serve
  migrate                bring the database schema up to date
  seed                   add the demo accounts and projects (empty database only)
  verify <file-or-url>   check a portfolio credential's proof offline (a URL is only fetched)
`;

async function main(command: string | undefined): Promise<void> {
  if (command === 'verify') return verify(process.argv[3]);
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
      else await seedDemo(database);
      await database.close();
      return;
    }
    default:
      process.stderr.write(USAGE);
      process.exitCode = command ? 2 : 0;
  }
}

/** Exit 0 and say who issued it when the proof holds; exit 1 and say why when it doesn't. */
async function verify(source: string | undefined): Promise<void> {
  if (!source) {
    process.stderr.write('Usage: stint verify <credential.json | https://…/api/portfolio/<id>>\n');
    process.exitCode = 2;
    return;
  }
  let credential: unknown;
  try {
    const text = /^https?:\/\//.test(source) ? await (await fetch(source)).text() : readFileSync(source, 'utf8');
    credential = JSON.parse(text);
  } catch (error) {
    console.log(`INVALID: could not read a JSON credential from ${source} (${(error as Error).message})`);
    process.exitCode = 1;
    return;
  }
  const result = verifyCredential(credential);
  if (result.valid) {
    const c = credential as { issuer?: { id?: string } | string; validFrom?: string; name?: string };
    const issuer = typeof c.issuer === 'string' ? c.issuer : c.issuer?.id;
    console.log(`VALID: "${c.name ?? 'credential'}" issued by ${issuer} on ${c.validFrom}`);
  } else {
    console.log(`INVALID: ${result.reason}`);
    process.exitCode = 1;
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

  const stop = (signal: string) => {
    server.logger.info({ signal }, 'shutting down: finishing in-flight requests');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
