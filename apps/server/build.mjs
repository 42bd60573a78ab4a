// Builds the server into one ES module with lazily loaded chunks (dist/cli.mjs), which is what
// `pnpm start` and the integration tests run. Under tsx every TypeScript file is transformed at
// start-up and everything a route might ever need loads eagerly: a started server held 233 MB of
// RSS. Bundled, with the credential, export and mail code split into chunks loaded on first use,
// it starts in a fraction of that (numbers in test/bench/README.md).

import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;
// Chunk names carry content hashes: last build's would pile up.
rmSync(`${here}dist`, { recursive: true, force: true });

await build({
  absWorkingDir: here,
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Native addons load from node_modules; pino resolves its transports (pino-pretty) by name in
  // a worker thread; pg tries pg-native, which is not installed.
  external: ['better-sqlite3', '@node-rs/argon2', 'pino', 'pino-pretty', 'pg-native'],
  // CommonJS dependencies call require(); give the ES module one.
  banner: { js: "import { createRequire as __stintRequire } from 'node:module'; const require = __stintRequire(import.meta.url);" },
  legalComments: 'none',
  // V8 keeps every module's source in memory, and one character outside Latin-1 (an arrow in a
  // comment) doubles it: without comments and indentation, and with ASCII escapes, the sources
  // cost 9 MB less. Names stay, so stack traces still read.
  charset: 'ascii',
  minifyWhitespace: true,
  logLevel: 'warning',
});
