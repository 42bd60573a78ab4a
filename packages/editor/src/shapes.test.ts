import { ShapeGuard } from '@stint/collab';
import { getSchema } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CHECKINS_FIELD, RICH_TEXT_FIELD } from './documents.ts';
import { stintExtensions } from './extensions.ts';
import { documentShapes } from './shapes.ts';

const shapes = documentShapes();
const schema = getSchema(stintExtensions());

/** Everything the schema has: every node, every mark, attributes with values. */
const everything = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Title' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'bold ', marks: [{ type: 'bold' }] },
        { type: 'text', text: 'all', marks: [{ type: 'italic' }, { type: 'strike' }, { type: 'underline' }, { type: 'code' }] },
        { type: 'hardBreak' },
        { type: 'text', text: 'a link', marks: [{ type: 'link', attrs: { href: 'https://example.com', target: '_blank' } }] },
      ],
    },
    { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'quoted' }] }] },
    { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }] }] },
    {
      type: 'orderedList',
      attrs: { start: 3 },
      content: [
        { type: 'listItem', content: [{ type: 'paragraph' }, { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] }] },
      ],
    },
    { type: 'codeBlock', attrs: { language: 'ts' }, content: [{ type: 'text', text: 'const a = `x`;' }] },
    { type: 'horizontalRule' },
  ],
};

/** The update `change` makes to `doc`, as a client would send it. */
function updateOf(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

function admit(guard: ShapeGuard, update: Uint8Array): string | null {
  return guard.admit(Y.decodeUpdate(update).structs as Array<Y.Item | Y.GC | Y.Skip>);
}

/** A rich-text document with everything in it, accepted by a guard that then holds it. */
function richDoc() {
  const guard = new ShapeGuard(shapes.deliverable);
  const doc = new Y.Doc();
  const update = updateOf(doc, (d) => prosemirrorJSONToYXmlFragment(schema, everything, d.getXmlFragment(RICH_TEXT_FIELD)));
  expect(admit(guard, update)).toBeNull();
  return { guard, doc, fragment: doc.getXmlFragment(RICH_TEXT_FIELD) };
}

describe('the document shapes the server enforces', () => {
  it('rich text: every node, mark and attribute the editor writes is accepted, and so are edits inside it', () => {
    const { guard, doc, fragment } = richDoc();
    const paragraph = fragment.get(1) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    // Typing in the middle of existing text (placed by its neighbours, not by a parent id).
    for (const ch of 'typing')
      expect(
        admit(
          guard,
          updateOf(doc, () => text.insert(2, ch)),
        ),
      ).toBeNull();
    expect(
      admit(
        guard,
        updateOf(doc, () => text.format(0, 4, { italic: {} })),
      ),
    ).toBeNull();
    expect(
      admit(
        guard,
        updateOf(doc, () => text.delete(0, 3)),
      ),
    ).toBeNull();
    expect(
      admit(
        guard,
        updateOf(doc, () => (fragment.get(0) as Y.XmlElement).setAttribute('level', 3 as unknown as string)),
      ),
    ).toBeNull();
    expect(
      admit(
        guard,
        updateOf(doc, () => fragment.delete(2, 1)),
      ),
    ).toBeNull();
  });

  const poisons: Array<[string, (doc: Y.Doc) => void, RegExp]> = [
    ['a top-level Y.XmlText', (d) => d.getXmlFragment(RICH_TEXT_FIELD).insert(0, [new Y.XmlText('loose')]), /text directly/],
    ['an XmlHook', (d) => d.getXmlFragment(RICH_TEXT_FIELD).insert(0, [new Y.XmlHook('widget') as unknown as Y.XmlElement]), /elements and text only/],
    ['an element the schema lacks', (d) => d.getXmlFragment(RICH_TEXT_FIELD).insert(0, [new Y.XmlElement('script')]), /"script"/],
    [
      'a paragraph at the wrong level',
      (d) => {
        const p = new Y.XmlElement('paragraph');
        p.insert(0, [new Y.XmlElement('paragraph')]);
        d.getXmlFragment(RICH_TEXT_FIELD).insert(0, [p]);
      },
      /paragraph may not hold a "paragraph"/,
    ],
    [
      'an attribute the node lacks',
      (d) => {
        const p = new Y.XmlElement('paragraph');
        p.setAttribute('onclick', 'alert(1)');
        d.getXmlFragment(RICH_TEXT_FIELD).insert(0, [p]);
      },
      /no attribute "onclick"/,
    ],
    [
      'an attribute that is an object',
      (d) => {
        const h = new Y.XmlElement('heading');
        h.setAttribute('level', { deep: [1] } as unknown as string);
        d.getXmlFragment(RICH_TEXT_FIELD).insert(0, [h]);
      },
      /plain value/,
    ],
    [
      'an unknown mark',
      (d) => {
        const p = new Y.XmlElement('paragraph');
        const t = new Y.XmlText();
        t.insert(0, 'x', { blink: {} });
        p.insert(0, [t]);
        d.getXmlFragment(RICH_TEXT_FIELD).insert(0, [p]);
      },
      /Unknown mark/,
    ],
    [
      'an embed in text',
      (d) => {
        const p = new Y.XmlElement('paragraph');
        const t = new Y.XmlText();
        t.insertEmbed(0, { image: 'x' });
        p.insert(0, [t]);
        d.getXmlFragment(RICH_TEXT_FIELD).insert(0, [p]);
      },
      /characters and marks/,
    ],
    [
      'a nested map in text',
      (d) => {
        const p = new Y.XmlElement('paragraph');
        const t = new Y.XmlText();
        t.insertEmbed(0, new Y.Map());
        p.insert(0, [t]);
        d.getXmlFragment(RICH_TEXT_FIELD).insert(0, [p]);
      },
      /characters and marks/,
    ],
    ['another root', (d) => d.getText('t').insert(0, 'side channel'), /no "t"/],
    [
      'a key set on the root fragment',
      (d) => {
        const other = new Y.Doc();
        other.getMap(RICH_TEXT_FIELD).set('k', 'v');
        Y.applyUpdate(d, Y.encodeStateAsUpdate(other));
      },
      /no attribute "k"/,
    ],
  ];
  for (const [what, poison, reason] of poisons) {
    it(`rich text refuses ${what}`, () => {
      const { guard, doc } = richDoc();
      expect(admit(guard, updateOf(doc, poison))).toMatch(reason);
    });
  }

  const checkinPoisons: Array<[string, (entries: Y.Array<unknown>) => void, RegExp]> = [
    ['a string instead of an entry', (e) => e.push(['not a map']), /shared type/],
    ['an array instead of an entry', (e) => e.push([new Y.Array()]), /wrong kind/],
    ['a forged author', (e) => e.push([entry({ authorName: 'The Employer' })]), /No field "authorName"/],
    ['a number as the date', (e) => e.push([entry({ date: 20261127 })]), /string of at most/],
    ['binary content', (e) => e.push([entry({ status: new Uint8Array([1, 2]) })]), /string of at most/],
    ['a subdocument', (e) => e.push([entry({ body: new Y.Doc() })]), /shared type/],
    ['a body that is text', (e) => e.push([entry({ body: new Y.Text('x') })]), /wrong kind/],
    ['a __proto__ field', (e) => e.push([entry({ __proto__x: 'x', ['__proto__']: 'y' })]), /No field/],
  ];
  for (const [what, poison, reason] of checkinPoisons) {
    it(`check-ins refuse ${what}`, () => {
      const guard = new ShapeGuard(shapes.checkins);
      const doc = new Y.Doc();
      expect(
        admit(
          guard,
          updateOf(doc, (d) => d.getArray(CHECKINS_FIELD).push([entry({})])),
        ),
      ).toBeNull();
      expect(
        admit(
          guard,
          updateOf(doc, (d) => poison(d.getArray(CHECKINS_FIELD))),
        ),
      ).toMatch(reason);
    });
  }

  it('check-ins: an entry as the web writes it, and edits to its body, are accepted', () => {
    const guard = new ShapeGuard(shapes.checkins);
    const doc = new Y.Doc();
    const e = entry({});
    expect(
      admit(
        guard,
        updateOf(doc, (d) => d.getArray(CHECKINS_FIELD).push([e])),
      ),
    ).toBeNull();
    const body = e.get('body') as Y.XmlFragment;
    expect(
      admit(
        guard,
        updateOf(doc, () => ((body.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'more ')),
      ),
    ).toBeNull();
    expect(
      admit(
        guard,
        updateOf(doc, () => e.set('status', 'blocked')),
      ),
    ).toBeNull();
  });
});

function entry(fields: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  const body = new Y.XmlFragment();
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText('notes')]);
  body.insert(0, [p]);
  const all: Record<string, unknown> = { id: 'c1', date: '2026-11-27', status: 'on_track', body, ...fields };
  for (const key of Object.keys(all)) map.set(key, all[key]);
  return map;
}
