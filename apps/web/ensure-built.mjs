// `pnpm start` serves the built app; build it the first time, or when CI asks for a fresh one.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const here = new URL('.', import.meta.url).pathname;
if (process.argv.includes('--force') || !existsSync(`${here}dist/index.html`)) {
  console.log('Building the web app (first start)…');
  const result = spawnSync(process.execPath, [`${here}node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'warn'], { cwd: here, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
