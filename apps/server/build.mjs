// Builds the server into one ES module with lazily loaded chunks (dist/cli.mjs), which is what
// `pnpm start` and the integration tests run. Under tsx every TypeScript file is transformed at
// start-up and everything a route might ever need loads eagerly: a started server held 233 MB of
// RSS. Bundled, with the credential, export and mail code split into chunks loaded on first use,
// it starts in a fraction of that (numbers in test/bench/README.md).

import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  // Native or self-locating packages load from node_modules at run time.
  external: ['better-sqlite3', '@node-rs/argon2', 'pino', 'pino-pretty', 'pg-native', '@resvg/resvg-js', 'satori', '@fontsource/inter'],
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

// esbuild leaves characters inside regular expression literals as they are (Tiptap's input rules
// hold an em dash and curly quotes), which made the editor's 1.7 MB chunk a two-byte source
// string: 3.3 MB of a started server's heap. A \uXXXX escape means the same character in a
// regular expression, a string or a template, which is everywhere such a character can stand
// once comments are gone — except a String.raw template, which would read it literally: the
// build refuses one that holds such a character.
for (const file of readdirSync(`${here}dist`, { recursive: true })) {
  if (!String(file).endsWith('.mjs')) continue;
  const path = `${here}dist/${file}`;
  const source = readFileSync(path, 'utf8');
  const escaped = source.replace(/[\u0080-\uffff]/g, (c, at) => {
    const raw = source.lastIndexOf('String.raw`', at);
    if (raw >= 0 && source.indexOf('`', raw + 11) > at) throw new Error(`${file}: a non-ASCII character in a String.raw template`);
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  if (escaped !== source) writeFileSync(path, escaped);
}
