import { readFileSync } from 'node:fs';
import { issuerOf, verifyCredential } from '@stint/export';
import { readConfig } from './config.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, hasDemoData, isEmpty, seedDemo } from './seed.ts';
import { openDatabase, startServer } from './server.ts';

const USAGE = `Usage: stint <command>

  start                  migrate, seed the demo into an empty database, and serve
  migrate                bring the database schema up to date
  seed                   add the demo accounts and projects (empty database only)
  verify <file-or-url> [--issuer <did>]
                         check a portfolio credential (a file, its page /p/<id> or its API URL):
                         its proof, and that it was issued by the issuer you trust (--issuer, or
                         for a URL the Stint server it came from)
`;

async function main(command: string | undefined): Promise<void> {
  if (command === 'verify') return verify(process.argv.slice(3));
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

/**
 * Exit 0 and say who issued it when the proof holds and the issuer is the one trusted; exit 1 and
 * say why when not; exit 2 when it can't tell whom to trust. A valid proof alone proves nothing:
 * anyone can sign a credential with a key of their own, so the issuer must be one you trust —
 * given with --issuer, or for a URL the issuer of the Stint server it was fetched from.
 */
async function verify(args: string[]): Promise<void> {
  const flag = args.indexOf('--issuer');
  const trustedFlag = flag >= 0 ? args[flag + 1] : undefined;
  const source = args.find((a, i) => !a.startsWith('--') && (flag < 0 || i !== flag + 1));
  if (!source || (flag >= 0 && !trustedFlag)) {
    process.stderr.write('Usage: stint verify <credential.json | https://…/p/<id> | https://…/api/portfolio/<id>> [--issuer <did>]\n');
    process.exitCode = 2;
    return;
  }
  const isUrl = /^https?:\/\//.test(source);
  let credential: unknown;
  let trusted = trustedFlag;
  try {
    credential = JSON.parse(isUrl ? await fetchCredential(source) : readFileSync(source, 'utf8'));
    if (!trusted && isUrl) {
      // The deployment the credential came from says which DID it issues under.
      const answer = (await (await fetch(new URL('/api/issuer', source))).json()) as { id?: unknown };
      if (typeof answer.id === 'string') trusted = answer.id;
    }
  } catch (error) {
    console.log(`INVALID: could not read a JSON credential from ${source} (${(error as Error).message})`);
    process.exitCode = 1;
    return;
  }
  if (!trusted) {
    process.stderr.write('Say which issuer you trust: --issuer <did> (the DID of the Stint server that issued it).\n');
    process.exitCode = 2;
    return;
  }
  const result = await verifyCredential(credential);
  const issuer = issuerOf(credential);
  if (!result.valid) {
    console.log(`INVALID: ${result.reason}`);
    process.exitCode = 1;
  } else if (issuer !== trusted) {
    console.log(`INVALID: issued by ${issuer}, not by the issuer you trust (${trusted})`);
    process.exitCode = 1;
  } else {
    const c = credential as { validFrom?: unknown; name?: unknown };
    console.log(`VALID: "${String(c.name ?? 'credential')}" issued by ${issuer} on ${String(c.validFrom)}`);
  }
}

/**
 * The credential at a URL: the API's JSON, or — for the page students share, `/p/<id>` — the
 * credential the page names as its alternate (`<link rel="alternate" type="application/vc+ld+json">`).
 */
async function fetchCredential(url: string): Promise<string> {
  const response = await fetch(url, { headers: { accept: 'application/vc+ld+json, application/json;q=0.9, text/html;q=0.5' } });
  const body = await response.text();
  if (!(response.headers.get('content-type') ?? '').includes('text/html')) return body;
  const link = body.match(/<link rel="alternate" type="application\/vc\+ld\+json" href="([^"]+)">/);
  if (!link) throw new Error('the page names no credential');
  return (await fetch(new URL(link[1]!.replace(/&amp;/g, '&'), url))).text();
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
