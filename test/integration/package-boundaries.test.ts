import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const PACKAGES = ['auth', 'collab', 'db', 'domain', 'editor', 'export'];

/** Source files of a package, tests and test support apart. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' || entry.name === 'fixtures' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && entry.name !== 'testing.ts' ? [path] : [];
  });
}

/** The packages a file imports, by name (`@scope/name` or `name`), relative imports apart. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const statics = [...text.matchAll(/^(?:import|export)\s[^;]*?\bfrom\s+'([^']+)'/gm), ...text.matchAll(/^import\s+'([^']+)'/gm)].map((m) => m[1]!);
  const dynamics = [...text.matchAll(/\bimport\(\s*'([^'.][^']*)'\s*\)/g)].map((m) => m[1]!);
  const specifiers = [...statics, ...dynamics].filter((s) => !s.startsWith('.'));
  return specifiers.map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
}

describe('each package imports only what its README says it may', () => {
  for (const name of PACKAGES) {
    it(`@stint/${name}`, () => {
      const readme = readFileSync(join(ROOT, 'packages', name, 'README.md'), 'utf8');
      const line = readme.split('\n').find((l) => l.startsWith('May import:'));
      expect(line, 'a "May import:" line').toBeDefined();
      const allowed = [...line!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      const may = (pkg: string) => allowed.some((a) => a === pkg || (a.endsWith('/*') && pkg.startsWith(a.slice(0, -1))));
      const refused = sources(join(ROOT, 'packages', name, 'src')).flatMap((file) =>
        importsOf(file)
          .filter((pkg) => pkg !== `@stint/${name}` && !may(pkg))
          .map((pkg) => `${file.slice(ROOT.length + 1)} imports ${pkg}`),
      );
      expect(refused).toEqual([]);
    });
  }
});
