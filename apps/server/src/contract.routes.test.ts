import { readdirSync, readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { CloseCode } from '@stint/collab';
import { API, type ErrorKind, LIVE_TOPICS, NOTIFICATION_KIND_NAMES, PERSON_TOPICS } from '@stint/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { STATUS_BY_KIND } from './http/api-error.ts';
import { testApp } from './test-app.ts';

type OpenApi = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };
let openapi: OpenApi;
beforeAll(async () => {
  const t = await testApp();
  openapi = (await t.call('GET', '/api/openapi.json')).json;
});

/** `METHOD /api/…` entries of a Markdown text, with `:param` written OpenAPI's way. */
function documented(markdown: string): Set<string> {
  const found = new Set<string>();
  for (const match of markdown.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/api\/[^`?\s]*)/g)) {
    found.add(`${match[1]!.toLowerCase()} ${match[2]!.replace(/:(\w+)/g, '{$1}')}`);
  }
  // "`/resolve` and `/reopen`"-style rows name a sibling by its last segment.
  for (const match of markdown.matchAll(/`(GET|POST) (\/api\/[^`\s]*)` and `\/(\w+)`/g)) {
    found.add(`${match[1]!.toLowerCase()} ${match[2]!.replace(/:(\w+)/g, '{$1}').replace(/\/\w+$/, `/${match[3]}`)}`);
  }
  return found;
}

const served = () => new Set(Object.entries(openapi.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`)));

describe('the API contract', () => {
  it('the web client’s table (API in @stint/domain) names served routes, answering its schemas', () => {
    for (const [name, endpoint] of Object.entries(API)) {
      const operation = openapi.paths[endpoint.path]?.[endpoint.method];
      expect(operation, `${name}: ${endpoint.method} ${endpoint.path}`).toBeDefined();
      const [status, answer] = Object.entries(operation!.responses).find(([code]) => code.startsWith('2'))!;
      if (endpoint.response === null) {
        expect(status, name).toBe('204');
        continue;
      }
      const servedSchema = answer.content?.['application/json']?.schema;
      expect(shape(servedSchema, openapi), name).toEqual(shape(z.toJSONSchema(endpoint.response, { io: 'output' }), openapi));
    }
  });

  it('docs/API.md documents every served /api route, and every route it documents is served (planned ones apart)', () => {
    const markdown = readFileSync(resolve(import.meta.dirname, '../../../docs/API.md'), 'utf8');
    const [built, planned] = markdown.split(/^## Planned/m) as [string, string | undefined];
    const documentedBuilt = documented(built);
    const documentedPlanned = documented(planned ?? '');
    const routes = served();
    const undocumented = [...routes].filter((r) => !documentedBuilt.has(r) && r !== 'get /api/openapi.json');
    const missing = [...documentedBuilt].filter((r) => !routes.has(r) && r !== 'get /api/openapi.json');
    expect(undocumented, 'served but not in docs/API.md').toEqual([]);
    expect(missing, 'in docs/API.md but not served').toEqual([]);
    // A planned route that now exists belongs in the tables above the Planned section.
    expect([...documentedPlanned].filter((r) => routes.has(r) && !documentedBuilt.has(r))).toEqual([]);
  });
});

describe('docs/API.md names what the code holds', () => {
  const markdown = readFileSync(resolve(import.meta.dirname, '../../../docs/API.md'), 'utf8');
  /** The `code` spans of the paragraph that starts with `lead`. */
  const spansAfter = (lead: string) => {
    const at = markdown.indexOf(lead);
    expect(at, lead).toBeGreaterThanOrEqual(0);
    const paragraph = markdown.slice(at, markdown.indexOf('\n\n', at));
    return [...paragraph.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!);
  };

  it('every notification kind, and nothing else', () => {
    expect(spansAfter('Each event tells the people')).toEqual([...NOTIFICATION_KIND_NAMES]);
  });

  it('the project’s live topics and the person’s own', () => {
    const named = spansAfter("A project's live topics arrive").filter((t) => (LIVE_TOPICS as readonly string[]).includes(t));
    expect([...new Set(named)]).toEqual([...LIVE_TOPICS]);
    const stream = markdown.split('\n').find((line) => line.startsWith('| `GET /api/me/notifications/stream`'))!;
    for (const topic of PERSON_TOPICS.filter((t) => t !== 'inbox')) expect(stream).toContain(`\`${topic}\``);
  });

  it('every error code the server sends, under the status it is sent with', () => {
    const table = markdown.slice(markdown.indexOf('## Errors'), markdown.indexOf('## Auth'));
    const documented = new Map<string, number>();
    for (const row of table.matchAll(/^\| (\d{3})[^|]*\|(.*)\|$/gm))
      for (const code of row[2]!.matchAll(/`([a-z_]+)`/g)) documented.set(code[1]!, Number(row[1]));
    const sent = errorCodesInSource();
    expect([...documented.keys()].sort(), 'codes in docs/API.md vs in the code').toEqual([...sent.keys()].sort());
    for (const [code, statuses] of sent)
      for (const status of statuses) if (status !== null) expect(`${code} ${documented.get(code)}`).toBe(`${code} ${status}`);
  });

  it('every close code the document server sends', () => {
    const section = markdown.slice(markdown.indexOf('## Documents (live)'), markdown.indexOf('## Inline feedback'));
    const documentedCodes = new Set([...section.matchAll(/\b(4\d{3})\b/g)].map((m) => Number(m[1])));
    const sent = Object.values(CloseCode).filter((code) => code >= 4000);
    expect([...documentedCodes].sort()).toEqual([...sent].sort());
  });
});

const HELPER_KINDS = {
  invalid: 'invalid',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  tooLarge: 'too_large',
  unsupportedType: 'unsupported_type',
} as const;

/**
 * Every error code the server's and packages' sources give, with the status each is sent with
 * (null where the status is computed): the domain's helpers by their kind, `ApiError`s and
 * `DomainError`s as constructed, and error bodies written by hand.
 */
function errorCodesInSource(): Map<string, Set<number | null>> {
  const root = resolve(import.meta.dirname, '../../..');
  const files = [resolve(root, 'apps/server/src'), ...readdirSync(resolve(root, 'packages')).map((p) => resolve(root, 'packages', p, 'src'))].flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.split(sep).includes('testing'))
      .map((f) => resolve(dir, f)),
  );
  const codes = new Map<string, Set<number | null>>();
  const add = (code: string, status: number | null) => codes.set(code, (codes.get(code) ?? new Set()).add(status));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(invalid|forbidden|notFound|conflict|tooLarge|unsupportedType)\(\s*'([a-z_]+)'/g))
      add(m[2]!, STATUS_BY_KIND[HELPER_KINDS[m[1] as keyof typeof HELPER_KINDS]]);
    for (const m of text.matchAll(/new ApiError\(\s*([^,]+),\s*'([a-z_]+)'/g)) add(m[2]!, /^\d{3}$/.test(m[1]!) ? Number(m[1]) : null);
    for (const m of text.matchAll(/new DomainError\(\s*'([a-z_]+)',\s*'([a-z_]+)'/g)) add(m[2]!, STATUS_BY_KIND[m[1] as ErrorKind]);
    for (const m of text.matchAll(/error: \{ code: '([a-z_]+)'[\s\S]*?\}\s*\},\s*(\d{3})/g)) add(m[1]!, Number(m[2]));
  }
  return codes;
}

/**
 * A JSON schema reduced to what a client relies on: property names and nesting, array items,
 * nullability, and leaf types — the rest (required lists, formats, descriptions, strictness)
 * differs between the two generators without changing what the answer holds.
 */
function shape(schema: unknown, doc: OpenApi): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.split('/').pop()!;
    return shape((doc as unknown as { components: { schemas: Record<string, unknown> } }).components.schemas[name], doc);
  }
  // OpenAPI 3.1's `type: [T, 'null']` is JSON Schema's `anyOf: [T, null]`.
  if (Array.isArray(s.type) && s.type.includes('null') && s.type.length === 2) {
    const other = (s.type as string[]).find((t) => t !== 'null');
    const { enum: values, ...rest } = s;
    return shape({ anyOf: [{ type: 'null' }, { ...rest, type: other, ...(values ? { enum: (values as unknown[]).filter((v) => v !== null) } : {}) }] }, doc);
  }
  const variants = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (variants) return { anyOf: variants.map((v) => shape(v, doc)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) };
  if (s.type === 'null') return 'null';
  if (s.type === 'object' && s.properties) {
    const props = s.properties as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(props)
        .sort()
        .map((k) => [k, shape(props[k], doc)]),
    );
  }
  if (s.type === 'object') return { record: shape(s.additionalProperties, doc) };
  if (s.type === 'array') return [shape(s.items, doc)];
  if (Array.isArray(s.type)) return [...(s.type as string[])].sort().join('|');
  if (s.enum) return { enum: [...(s.enum as unknown[])].sort() };
  return s.type ?? 'any';
}
