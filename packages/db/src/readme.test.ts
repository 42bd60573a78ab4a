import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the README is true to the schema', () => {
  it('names every table of the Database type, and no other', () => {
    const schema = readFileSync(resolve(import.meta.dirname, 'schema.ts'), 'utf8');
    const body = schema.slice(schema.indexOf('export interface Database {'));
    const tables = [...body.slice(0, body.indexOf('\n}')).matchAll(/^ {2}(\w+): \w+;/gm)].map((m) => m[1]!);
    expect(tables.length).toBeGreaterThan(20);
    const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');
    const listed = readme.slice(readme.indexOf('`src/schema.ts`'), readme.indexOf('- `src/queries/`'));
    const named = [...listed.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!);
    expect([...named].sort()).toEqual([...tables].sort());
  });
});
