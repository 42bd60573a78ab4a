import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocShape, XmlSchema } from './shape.ts';
import { ShapeGuard } from './shape-guard.ts';

// A small schema of the guard's own, so its mechanism is tested apart from the editor's shapes
// (packages/editor/src/shapes.test.ts holds those to what the editor writes).
const schema: XmlSchema = {
  top: 'doc',
  nodes: {
    doc: { attrs: [], children: ['paragraph', 'heading', 'list'], text: false },
    paragraph: { attrs: [], children: [], text: true },
    heading: { attrs: ['level'], children: [], text: true },
    list: { attrs: [], children: ['paragraph'], text: false },
  },
  marks: { bold: [], link: ['href'] },
  maxValueLength: 64,
};
const shape: DocShape = {
  roots: {
    default: { kind: 'xml', schema, node: 'doc' },
    entries: { kind: 'array', items: { kind: 'map', fields: { title: { kind: 'string', maxLength: 10 }, body: { kind: 'xml', schema, node: 'doc' } } } },
  },
};

/** What a client's edit of `doc` sends: the update `change` makes. */
function updateOf(doc: Y.Doc, change: () => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  change();
  return Y.encodeStateAsUpdate(doc, before);
}

const admit = (guard: ShapeGuard, update: Uint8Array) => guard.admit(Y.decodeUpdate(update).structs as Array<Y.Item | Y.GC | Y.Skip>);

/** A document with a heading and a paragraph, admitted by a fresh guard. */
function started() {
  const guard = new ShapeGuard(shape);
  const doc = new Y.Doc();
  const root = doc.getXmlFragment('default');
  const update = updateOf(doc, () => {
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', '2');
    heading.insert(0, [new Y.XmlText('Title')]);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Body')]);
    root.insert(0, [heading, paragraph]);
  });
  expect(admit(guard, update)).toBeNull();
  const text = (root.get(1) as Y.XmlElement).get(0) as Y.XmlText;
  return { guard, doc, root, text };
}

describe('the shape guard', () => {
  it('admits what the shape allows, and edits inside it, wherever the new items stand', () => {
    const { guard, doc, root, text } = started();
    expect(
      admit(
        guard,
        updateOf(doc, () => text.insert(2, 'xx', { bold: {} })),
      ),
    ).toBeNull();
    expect(
      admit(
        guard,
        updateOf(doc, () => text.format(0, 2, { link: { href: 'https://example.com' } })),
      ),
    ).toBeNull();
    expect(
      admit(
        guard,
        updateOf(doc, () => {
          const list = new Y.XmlElement('list');
          const item = new Y.XmlElement('paragraph');
          item.insert(0, [new Y.XmlText('one')]);
          list.insert(0, [item]);
          root.insert(2, [list]);
        }),
      ),
    ).toBeNull();
    expect(
      admit(
        guard,
        updateOf(doc, () => root.delete(0, 1)),
      ),
    ).toBeNull();
    const entries = doc.getArray<Y.Map<unknown>>('entries');
    expect(
      admit(
        guard,
        updateOf(doc, () => {
          const entry = new Y.Map<unknown>();
          entry.set('title', 'Week 1');
          entry.set('body', new Y.XmlFragment());
          entries.insert(0, [entry]);
        }),
      ),
    ).toBeNull();
  });

  const refusals: Array<[string, (doc: Y.Doc, root: Y.XmlFragment, text: Y.XmlText) => void, RegExp]> = [
    ['another root', (d) => d.getMap('extra').set('x', 1), /./],
    ['an element the schema lacks', (_d, root) => root.insert(0, [new Y.XmlElement('script')]), /"script"/],
    ['text directly in the root', (_d, root) => root.insert(0, [new Y.XmlText('loose')]), /./],
    ['an element where only text may stand', (_d, _root, text) => (text.parent as Y.XmlElement).insert(0, [new Y.XmlElement('paragraph')]), /./],
    ['a mark the schema lacks', (_d, _root, text) => text.format(0, 1, { evil: true }), /"evil"/],
    ['an attribute the node does not list', (_d, root) => (root.get(0) as Y.XmlElement).setAttribute('onclick', 'x'), /./],
    ['an embed in text', (_d, _root, text) => text.insertEmbed(0, { evil: true }), /characters and marks/],
    ['a field the entry does not have', (d) => d.getArray<Y.Map<unknown>>('entries').insert(0, [new Y.Map([['secret', 'x']])]), /./],
    ['a field value longer than it may be', (d) => d.getArray<Y.Map<unknown>>('entries').insert(0, [new Y.Map([['title', 'x'.repeat(11)]])]), /./],
  ];
  for (const [what, change, reason] of refusals) {
    it(`refuses ${what}, and leaves its index as it was`, () => {
      const { guard, doc, text } = started();
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      const copyRoot = copy.getXmlFragment('default');
      const copyText = (copyRoot.get(1) as Y.XmlElement).get(0) as Y.XmlText;
      const refused = admit(
        guard,
        updateOf(copy, () => change(copy, copyRoot, copyText)),
      );
      expect(refused).toMatch(reason);
      // Nothing of the refused update was indexed: an honest edit of the same place still fits.
      expect(
        admit(
          guard,
          updateOf(doc, () => text.insert(0, 'ok')),
        ),
      ).toBeNull();
    });
  }

  it('a document it indexed from storage checks new edits the same way', () => {
    const { doc, root } = started();
    const guard = new ShapeGuard(shape);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.encodeStateAsUpdate(doc));
    guard.indexDocument(stored);
    const text = (root.get(1) as Y.XmlElement).get(0) as Y.XmlText;
    expect(
      admit(
        guard,
        updateOf(doc, () => text.insert(1, 'x')),
      ),
    ).toBeNull();
    expect(
      admit(
        guard,
        updateOf(doc, () => text.insertEmbed(1, { evil: true })),
      ),
    ).toMatch(/characters and marks/);
  });

  it('an update that depends on changes it never saw is refused until they come', () => {
    const { guard, doc, text } = started();
    const unseen = updateOf(doc, () => text.insert(0, 'a'));
    const next = updateOf(doc, () => text.insert(1, 'b'));
    expect(admit(guard, next)).toMatch(/does not have/);
    expect(admit(guard, unseen)).toBeNull();
    expect(admit(guard, next)).toBeNull();
  });

  it('what it observes (the store, the bus, the server) is indexed without being checked', () => {
    const { guard, doc, text } = started();
    const fromElsewhere = updateOf(doc, () => text.insert(0, 'elsewhere '));
    guard.observe(Y.decodeUpdate(fromElsewhere).structs as Array<Y.Item | Y.GC | Y.Skip>);
    expect(
      admit(
        guard,
        updateOf(doc, () => text.insert(2, 'x')),
      ),
    ).toBeNull();
  });
});
