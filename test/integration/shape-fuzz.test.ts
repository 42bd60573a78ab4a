import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RawClient, syncFrame } from '../support/collab-clients.ts';
import { useWorkspaceServer } from '../support/workspace-server.ts';

const fixture = useWorkspaceServer();
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

/** Node names: the schema's own, and ones it doesn't have. */
const NODE_NAMES = [
  'paragraph',
  'heading',
  'blockquote',
  'bulletList',
  'orderedList',
  'listItem',
  'codeBlock',
  'hardBreak',
  'horizontalRule',
  'doc',
  'text',
  'script',
  'img',
  'div',
  '__proto__',
  '',
];
const MARK_NAMES = ['bold', 'italic', 'code', 'link', 'strike', 'underline', 'link--abc', 'blink', '__proto__', 'constructor'];
const ATTR_NAMES = ['level', 'language', 'start', 'type', 'href', 'onclick', 'style', '__proto__'];
const FIELD_NAMES = ['id', 'date', 'status', 'body', 'authorId', 'authorName', 'constructor'];

/** A value an attribute, a field or a mark could be set to. */
const value = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant({ nested: { deep: [1, 2] } }),
  fc.constant([1, 'two']),
  fc.constant('x'.repeat(10_000)),
);

type Shape =
  | { t: 'element'; name: string; attrs: Array<[string, unknown]>; children: Shape[] }
  | { t: 'text'; text: string; marks: Array<[string, unknown]> }
  | { t: 'embed' }
  | { t: 'hook' }
  | { t: 'map'; fields: Array<[string, Shape | { t: 'value'; v: unknown }]> }
  | { t: 'array'; items: Shape[] }
  | { t: 'fragment'; children: Shape[] }
  | { t: 'binary' }
  | { t: 'subdoc' }
  | { t: 'ytext'; text: string };

const { shape } = fc.letrec<{ shape: Shape }>((tie) => ({
  shape: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    {
      weight: 4,
      arbitrary: fc.record({
        t: fc.constant('text' as const),
        text: fc.string({ minLength: 1, maxLength: 8 }),
        marks: fc.array(fc.tuple(fc.constantFrom(...MARK_NAMES), fc.oneof(fc.constant({}), fc.constant(null), value)), { maxLength: 2 }),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        t: fc.constant('element' as const),
        name: fc.constantFrom(...NODE_NAMES),
        attrs: fc.array(fc.tuple(fc.constantFrom(...ATTR_NAMES), value), { maxLength: 2 }),
        children: fc.array(tie('shape'), { maxLength: 3 }),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ t: 'embed' as const }) },
    { weight: 1, arbitrary: fc.constant({ t: 'hook' as const }) },
    { weight: 1, arbitrary: fc.constant({ t: 'binary' as const }) },
    { weight: 1, arbitrary: fc.constant({ t: 'subdoc' as const }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('ytext' as const), text: fc.string({ maxLength: 6 }) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('fragment' as const), children: fc.array(tie('shape'), { maxLength: 3 }) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        t: fc.constant('map' as const),
        fields: fc.array(
          fc.tuple(
            fc.constantFrom(...FIELD_NAMES),
            fc.oneof(
              tie('shape'),
              value.map((v) => ({ t: 'value' as const, v })),
            ),
          ),
          { maxLength: 4 },
        ),
      }),
    },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('array' as const), items: fc.array(tie('shape'), { maxLength: 3 }) }) },
  ),
}));

/** Builds a shape into whatever a Yjs parent takes: a type, a string, a buffer, a subdocument. */
function build(s: Shape): unknown {
  switch (s.t) {
    case 'text': {
      const text = new Y.XmlText();
      text.insert(0, s.text, Object.fromEntries(s.marks));
      return text;
    }
    case 'element': {
      const element = new Y.XmlElement(s.name || 'x');
      for (const [k, v] of s.attrs) element.setAttribute(k, v as string);
      element.insert(
        0,
        s.children.map(build).filter((c): c is Y.XmlElement | Y.XmlText => c instanceof Y.XmlElement || c instanceof Y.XmlText),
      );
      return element;
    }
    case 'embed': {
      const text = new Y.XmlText();
      text.insertEmbed(0, { image: 'x' });
      return text;
    }
    case 'hook':
      return new Y.XmlHook('widget');
    case 'binary':
      return new Uint8Array([1, 2, 3]);
    case 'subdoc':
      return new Y.Doc();
    case 'ytext':
      return new Y.Text(s.text);
    case 'fragment': {
      const fragment = new Y.XmlFragment();
      fragment.insert(
        0,
        s.children.map(build).filter((c): c is Y.XmlElement | Y.XmlText => c instanceof Y.XmlElement || c instanceof Y.XmlText),
      );
      return fragment;
    }
    case 'map': {
      const map = new Y.Map<unknown>();
      for (const [k, v] of s.fields) map.set(k, 'v' in v ? v.v : build(v));
      return map;
    }
    case 'array': {
      const array = new Y.Array<unknown>();
      array.push(s.items.map(build));
      return array;
    }
  }
}

/** Puts a built shape under a root of the document, the way a hostile client could. */
const update = fc
  .record({
    root: fc.constantFrom('default', 'entries', 'other'),
    as: fc.constantFrom('fragment', 'array', 'map'),
    shapes: fc.array(shape, { minLength: 1, maxLength: 3 }),
  })
  .map(({ root, as, shapes }) => {
    const doc = new Y.Doc();
    const built = shapes.map(build);
    if (as === 'fragment')
      doc.getXmlFragment(root).insert(
        0,
        built.filter((c): c is Y.XmlElement | Y.XmlText => c instanceof Y.XmlElement || c instanceof Y.XmlText || c instanceof Y.XmlHook),
      );
    else if (as === 'array') doc.getArray(root).push(built);
    else
      built.forEach((b, i) => {
        doc.getMap(root).set(`k${i}`, b);
      });
    return Y.encodeStateAsUpdate(doc);
  });

const WRITERS = { brief: 'employer', deliverable: 'student', checkins: 'student', feedback: 'employer' } as const;

describe(`wrong-shaped Yjs updates from writers (fast-check, seed ${seed})`, () => {
  it('every document kind: the server keeps answering 2xx on every read, and the hand-offs complete whole', async () => {
    const ws = fixture.ws;
    const updates = fc.sample(update, { numRuns: 160, seed });
    const kinds = Object.keys(WRITERS) as Array<keyof typeof WRITERS>;
    const codes = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < updates.length) {
          const i = next++;
          const kind = kinds[i % kinds.length]!;
          const client = new RawClient(fixture.server.url, `${ws.projectId}/${kind}`, { token: ws[WRITERS[kind]].token });
          await client.opened;
          client.send(syncFrame(2, updates[i]!));
          const code = await Promise.race([client.closed, new Promise<number>((r) => setTimeout(() => r(0), 150))]);
          if (code === 0) client.close();
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }
      }),
    );
    console.log(`[shape-fuzz] ${updates.length} updates; close codes ${JSON.stringify(Object.fromEntries(codes))}`);
    expect([...codes.keys()].every((c) => [0, 4422, 4400].includes(c))).toBe(true);
    expect(codes.get(4422) ?? 0).toBeGreaterThan(0);

    const reads = async () => {
      for (const kind of [...kinds, 'comments']) {
        const answer = await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/${kind}`, { token: ws.employer.token });
        expect(answer.status, `docs/${kind}`).toBe(200);
      }
      for (const format of ['html', 'md', 'json'])
        expect((await ws.api.call('GET', `/api/projects/${ws.projectId}/export?format=${format}`, { token: ws.employer.token })).status, format).toBe(200);
    };
    await reads();
    const step = async (path: string, token: string, body?: unknown) => {
      const answer = await ws.api.call('POST', `/api/projects/${ws.projectId}/${path}`, { token, body });
      expect(answer.status, `${path}: ${JSON.stringify(answer.json)}`).toBeLessThan(300);
    };
    await step('submit', ws.student.token);
    await step('complete', ws.employer.token, { rating: { skills: { writing: 3 }, wouldWorkAgain: false } });
    const versions = await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/checkins/versions`, { token: ws.employer.token });
    expect(versions.json.versions.map((v: { label: string }) => v.label)).toEqual(['Completed', 'Submitted']);
    expect((await ws.reviewAsStudent()).status).toBe(200);
    await step('portfolio', ws.student.token);
    expect((await ws.api.call('GET', `/api/projects/${ws.projectId}`, { token: ws.student.token })).json.project.status).toBe('archived');
    await reads();
  }, 180_000);
});
