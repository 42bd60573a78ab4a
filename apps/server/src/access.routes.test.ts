import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessEvent } from './access/authorize.ts';
import { testApp } from './test-app.ts';

/**
 * Routes that name no project, and why no project access is decided for them. Every other served
 * route names a project (`{id}`) or a portfolio item (`{itemId}`) and must ask `authorize`.
 */
const NO_PROJECT: Readonly<Record<string, 'public' | 'own'>> = {
  'post /api/auth/signup': 'public',
  'post /api/auth/login': 'public',
  'post /api/auth/logout': 'own',
  'post /api/auth/logout-all': 'own',
  'get /api/me': 'own',
  'post /api/projects': 'own',
  'get /api/projects': 'public',
  'get /api/me/applications': 'own',
  'get /api/me/organisation': 'own',
  'post /api/me/organisation': 'own',
  'get /api/employers/{employerId}': 'public',
  'get /api/me/notifications': 'own',
  'post /api/me/notifications/read': 'own',
  'get /api/me/notifications/stream': 'own',
  'get /api/me/notification-prefs': 'own',
  'post /api/me/notification-prefs': 'own',
  'get /api/unsubscribe': 'public',
  'post /api/unsubscribe': 'public',
  'get /api/portfolio/{itemId}': 'public',
  'get /api/portfolio/{itemId}/verify': 'public',
  'get /api/portfolio/{itemId}/files/{fileId}': 'public',
  'get /api/issuer': 'public',
  'get /api/status/{list}': 'public',
  'get /api/me/portfolio': 'own',
  'post /api/me/handle': 'own',
  'post /api/me/did': 'own',
  'get /api/me/profile': 'own',
  'put /api/me/profile': 'own',
  'get /api/users/{handle}/portfolio': 'public',
  'get /api/health/live': 'public',
  'get /api/health/ready': 'public',
  // An invitation's link: what it opens is decided by its token (commands/invitations.ts), not by a project id.
  'get /api/invitations/{token}': 'public',
  'post /api/invitations/{token}/accept': 'own',
};

/** Bodies whose rules the schema document can't say (a refinement across fields). */
const BODIES: Readonly<Record<string, unknown>> = {
  'patch /api/projects/{id}/milestones/{milestoneId}': { title: 'A milestone' },
  'patch /api/projects/{id}/work-log/{entryId}': { minutes: 30 },
};

type Schema = Record<string, unknown>;
type Operation = { requestBody?: { content: Record<string, { schema: Schema }> }; parameters?: Array<{ in: string; name: string; schema: Schema }> };
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

/** A value the schema accepts, so a request passes validation and reaches its access check. */
function sample(schema: Schema, doc: OpenApi): unknown {
  if (typeof schema.$ref === 'string') return sample(doc.components.schemas[schema.$ref.split('/').pop()!]!, doc);
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (variants) return sample(variants.find((v) => v.type !== 'null') ?? variants[0]!, doc);
  // A zod pipe: the later schema is the stricter one (a format after a trim).
  if (Array.isArray(schema.allOf)) return sample(Object.assign({}, ...(schema.allOf as Schema[])), doc);
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = (schema.required ?? []) as string[];
      // A piped schema (trim, then email) loses its format in the document: known by its name.
      return Object.fromEntries(required.map((key) => [key, key === 'email' ? 'someone@example.test' : sample(properties[key] ?? {}, doc)]));
    }
    case 'array':
      return Array.from({ length: Number(schema.minItems ?? 0) }, () => sample((schema.items ?? {}) as Schema, doc));
    case 'integer':
    case 'number':
      return Math.max(Number(schema.minimum ?? 1), schema.exclusiveMinimum !== undefined ? Number(schema.exclusiveMinimum) + 1 : 1);
    case 'boolean':
      return true;
    case 'string': {
      if (schema.format === 'date') return '2031-01-01';
      if (schema.format === 'date-time') return '2031-01-01T00:00:00.000Z';
      if (schema.format === 'email') return 'someone@example.test';
      if (typeof schema.pattern === 'string' && /\\d\{4\}-/.test(schema.pattern)) return '2031-01-01';
      return 'x'.repeat(Math.max(1, Number(schema.minLength ?? 1)));
    }
    default:
      return {};
  }
}

describe('every route of the contract asks the one access decision', () => {
  const events: AccessEvent[] = [];
  let t: Awaited<ReturnType<typeof testApp>>;
  let openapi: OpenApi;
  beforeAll(async () => {
    t = await testApp({ onAccessDecision: (event) => events.push(event) });
    openapi = (await t.call('GET', '/api/openapi.json')).json;
  });
  afterAll(() => t.close());

  it('a stranger reaches no project through any route: each one asked authorize, which answered 404', async () => {
    const { id, employer, student } = await t.projectInProgress();
    // A finished project with a portfolio item, for the routes that name an item.
    await t.post(`/api/projects/${id}/submit`, student.token);
    await t.post(`/api/projects/${id}/complete`, employer.token, { rating: { skills: { sql: 4 }, wouldWorkAgain: true } });
    await t.reviewAsStudent(id, student.token);
    const { item } = await t.post(`/api/projects/${id}/portfolio`, student.token);
    const stranger = await t.signup('Mallory');

    const walked: string[] = [];
    for (const [path, methods] of Object.entries(openapi.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const route = `${method} ${path}`;
        if (NO_PROJECT[route]) continue;
        expect(path, `${route} names neither a project nor an item: list it in NO_PROJECT with why`).toMatch(/\{id\}|\{itemId\}/);
        const query = (operation.parameters ?? []).filter((p) => p.in === 'query' && p.name === 'format').length > 0 ? '?format=html' : '';
        const url =
          path
            .replace('{id}', id)
            .replace('{itemId}', item.id)
            .replace('{kind}', 'deliverable')
            .replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000') + query;
        const json = operation.requestBody?.content['application/json']?.schema;
        const upload = path.endsWith('/files') && method === 'post';
        const before = events.length;
        const res = upload
          ? await t.call('POST', url, { token: stranger.token, raw: 'hello', headers: { 'content-type': 'text/plain', 'x-file-name': 'a.txt' } })
          : await t.call(method.toUpperCase(), url, { token: stranger.token, body: BODIES[route] ?? (json ? sample(json, openapi) : undefined) });
        const asked = events.slice(before).filter((e) => e.userId === stranger.id && e.projectId === id);
        expect(asked.length, `${route}: authorize was not asked (answered ${res.status} ${JSON.stringify(res.json)})`).toBeGreaterThan(0);
        expect(
          asked.every((e) => !e.ok),
          route,
        ).toBe(true);
        expect([res.status, res.json?.error?.code], route).toEqual([404, 'project_not_found']);
        walked.push(route);
      }
    }
    // Every route is either walked here or listed with a reason; nothing listed is missing.
    const served = Object.entries(openapi.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`));
    expect(Object.keys(NO_PROJECT).filter((r) => !served.includes(r))).toEqual([]);
    expect(walked.length + Object.keys(NO_PROJECT).length).toBe(served.length);
    expect(walked.length).toBeGreaterThan(50);
  });
});
