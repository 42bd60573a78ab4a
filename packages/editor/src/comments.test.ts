import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendMessage, decodeAnchor, encodeAnchor, readThreads, resolveAnchor, setResolved, writeThread } from './comments.ts';
import { RICH_TEXT_FIELD } from './documents.ts';

const ORIGINAL = 'abcdefghijklmnopqrstuvwxyz';

function paragraphDoc(text: string): { doc: Y.Doc; ytext: Y.XmlText } {
  const doc = new Y.Doc();
  const p = new Y.XmlElement('paragraph');
  const ytext = new Y.XmlText();
  ytext.insert(0, text);
  p.insert(0, [ytext]);
  doc.getXmlFragment(RICH_TEXT_FIELD).insert(0, [p]);
  return { doc, ytext };
}

function textOf(doc: Y.Doc): Y.XmlText {
  return (doc.getXmlFragment(RICH_TEXT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

function sync(docs: Y.Doc[]) {
  for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

describe('comment anchors (Yjs relative positions)', () => {
  it('keep spanning the same surviving text through concurrent inserts and deletes from several clients', () => {
    const op = fc.record({
      client: fc.nat(2),
      insert: fc.boolean(),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      length: fc.integer({ min: 1, max: 3 }),
      sync: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 1, max: 10 }), fc.array(op, { maxLength: 40 }), (start, width, ops) => {
        const end = Math.min(ORIGINAL.length, start + width);
        const origin = paragraphDoc(ORIGINAL);
        const docs = [origin.doc, new Y.Doc(), new Y.Doc()];
        sync(docs);
        const from = encodeAnchor(Y.createRelativePositionFromTypeIndex(origin.ytext, start));
        const to = encodeAnchor(Y.createRelativePositionFromTypeIndex(origin.ytext, end, -1));
        const deleted = new Set<string>();
        for (const o of ops) {
          const t = textOf(docs[o.client]!);
          const at = Math.floor(o.at * t.length);
          if (o.insert || t.length === 0) t.insert(at, '0123456789'.slice(0, o.length));
          else {
            const n = Math.min(o.length, t.length - at);
            for (const ch of t.toString().slice(at, at + n)) deleted.add(ch);
            t.delete(at, n);
          }
          if (o.sync) sync(docs);
        }
        sync(docs);
        for (const doc of docs) {
          const a = resolveAnchor(doc, from);
          const b = resolveAnchor(doc, to);
          expect(a && b).toBeTruthy();
          const text = textOf(doc).toString();
          const span = text.slice(a!.index, b!.index).replace(/[0-9]/g, '');
          const expected = [...ORIGINAL.slice(start, end)].filter((c) => !deleted.has(c)).join('');
          expect(span).toBe(expected);
          // Nothing outside the original range slipped inside.
          const outside = text.slice(0, a!.index) + text.slice(b!.index);
          for (const c of ORIGINAL.slice(start, end)) expect(outside.includes(c)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuse anchors that are not base64, not a relative position, or point into another document', () => {
    const { doc, ytext } = paragraphDoc('hello');
    const other = paragraphDoc('elsewhere');
    expect(resolveAnchor(doc, '%%%')).toBeNull();
    expect(resolveAnchor(doc, btoa('garbage bytes'))).toBeNull();
    expect(resolveAnchor(doc, encodeAnchor(Y.createRelativePositionFromTypeIndex(other.ytext, 2)))).toBeNull();
    expect(resolveAnchor(doc, encodeAnchor(Y.createRelativePositionFromTypeIndex(doc.getMap('elsewhere'), 0)))).toBeNull();
    expect(resolveAnchor(doc, encodeAnchor(Y.createRelativePositionFromTypeIndex(ytext, 2)))?.index).toBe(2);
    expect(() => decodeAnchor('not base64!')).toThrow();
    // A position at the root of a fragment nobody has touched yet resolves too.
    const fresh = new Y.Doc();
    expect(resolveAnchor(fresh, encodeAnchor(Y.createRelativePositionFromTypeIndex(new Y.Doc().getXmlFragment(RICH_TEXT_FIELD), 0)))?.index).toBe(0);
  });
});

describe('threads in the comments document', () => {
  it('are written, replied to, resolved and read back in creation order', () => {
    const doc = new Y.Doc();
    const msg = (id: string, at: string) => ({ id, author: { id: 'u1', name: 'Erin' }, body: `body ${id}`, createdAt: at });
    writeThread(doc, { id: 't2', doc: 'deliverable', anchor: { from: 'a', to: 'b' }, quote: 'q2', resolved: false, messages: [msg('m2', '2026-01-02')] });
    writeThread(doc, { id: 't1', doc: 'brief', anchor: { from: 'a', to: 'b' }, quote: 'q1', resolved: false, messages: [msg('m1', '2026-01-01')] });
    expect(appendMessage(doc, 't2', msg('m3', '2026-01-03'))).toBe(true);
    expect(appendMessage(doc, 'nope', msg('m4', '2026-01-04'))).toBe(false);
    expect(setResolved(doc, 't2', true)).toBe(true);
    expect(readThreads(doc).map((t) => t.id)).toEqual(['t1', 't2']);
    const t2 = readThreads(doc, 'deliverable')[0]!;
    expect(t2.resolved).toBe(true);
    expect(t2.messages.map((m) => m.body)).toEqual(['body m2', 'body m3']);
  });
});
