import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SuggestionMarks } from './shape.ts';
import { checkSuggestion } from './suggestion-guard.ts';

const MARKS: SuggestionMarks = { insert: 'insertion', delete: 'deletion', roots: ['default'] };
const ME = 'suggester';
const OTHER = 'someone-else';
const mark = (by: string, id: string) => ({ id, by, at: 1 });

/** A document with two paragraphs: plain text, one bold word, and someone else's two suggestions. */
function startingDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1;
  const fragment = doc.getXmlFragment('default');
  for (const words of ['Churn is seasonal and retention matters.', 'Quotes follow for every theme.']) {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(words)]);
    fragment.push([p]);
  }
  const first = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  first.format(0, 5, { bold: true });
  first.insert(9, 'often ', { [MARKS.insert]: mark(OTHER, 'o-1') });
  first.format(20, 3, { [MARKS.delete]: mark(OTHER, 'o-2') });
  return doc;
}

/**
 * The document's characters with their formatting, the suggester's own proposals taken out
 * (their inserted text removed, their deletion marks ignored; blocks left empty skipped): an
 * accepted update must leave this exactly as it was, however the runs split.
 */
function characters(doc: Y.Doc): string[] {
  const chars: string[] = [];
  const walk = (type: Y.XmlFragment | Y.XmlElement) => {
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlText) {
        const start = chars.length;
        for (const run of child.toDelta() as Array<{ insert: string; attributes?: Record<string, { by?: string }> }>) {
          const attributes = { ...run.attributes };
          if (attributes[MARKS.insert]?.by === ME) continue;
          if (attributes[MARKS.delete]?.by === ME) delete attributes[MARKS.delete];
          for (const ch of run.insert) chars.push(`${ch}${JSON.stringify(attributes)}`);
        }
        if (chars.length > start) chars.push('¶');
      } else if (child instanceof Y.XmlElement) {
        walk(child);
      }
    }
  };
  walk(doc.getXmlFragment('default'));
  return chars;
}

type Edit =
  | { kind: 'insert'; para: number; at: number; text: string; as: 'mine' | 'other' | 'plain' }
  | { kind: 'delete'; para: number; at: number; length: number }
  | { kind: 'format'; para: number; at: number; length: number; key: 'bold' | 'deletion' | 'insertion'; as: 'mine' | 'other' | 'clear' }
  | { kind: 'paragraph'; text: string; as: 'mine' | 'plain' };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    para: fc.nat(1),
    at: fc.nat(60),
    text: fc.string({ minLength: 1, maxLength: 6 }),
    as: fc.constantFrom('mine' as const, 'other' as const, 'plain' as const),
  }),
  fc.record({ kind: fc.constant('delete' as const), para: fc.nat(1), at: fc.nat(60), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({
    kind: fc.constant('format' as const),
    para: fc.nat(1),
    at: fc.nat(60),
    length: fc.integer({ min: 1, max: 8 }),
    key: fc.constantFrom('bold' as const, 'deletion' as const, 'insertion' as const),
    as: fc.constantFrom('mine' as const, 'other' as const, 'clear' as const),
  }),
  fc.record({
    kind: fc.constant('paragraph' as const),
    text: fc.string({ minLength: 1, maxLength: 6 }),
    as: fc.constantFrom('mine' as const, 'plain' as const),
  }),
);

function apply(doc: Y.Doc, e: Edit, n: number): void {
  const fragment = doc.getXmlFragment('default');
  if (e.kind === 'paragraph') {
    const p = new Y.XmlElement('paragraph');
    const t = new Y.XmlText();
    p.insert(0, [t]);
    fragment.push([p]);
    t.insert(0, e.text, e.as === 'mine' ? { [MARKS.insert]: mark(ME, `m-${n}`) } : {});
    return;
  }
  const text = (fragment.get(Math.min(e.para, fragment.length - 1)) as Y.XmlElement).get(0) as Y.XmlText;
  const at = Math.min(e.at, text.length);
  if (e.kind === 'insert') {
    const attrs = e.as === 'plain' ? {} : { [MARKS.insert]: mark(e.as === 'mine' ? ME : OTHER, `i-${n}`) };
    text.insert(at, e.text, attrs);
  } else if (e.kind === 'delete') {
    text.delete(at, Math.min(e.length, text.length - at));
  } else {
    const value = e.as === 'clear' ? null : e.key === 'bold' ? true : mark(e.as === 'mine' ? ME : OTHER, `f-${n}`);
    text.format(at, Math.min(e.length, text.length - at), { [e.key]: value });
  }
}

describe('what a suggester may send (the check the document server runs on every update from one)', () => {
  it('random edits: each is refused, or leaves everyone else’s text and marks as they were and adds only marked text of the suggester’s own', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const server = startingDoc();
        const client = new Y.Doc();
        client.clientID = 2;
        Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
        const before = Y.encodeStateVector(client);
        client.transact(() => {
          for (const [n, e] of edits.entries()) apply(client, e, n);
        });
        const update = Y.encodeStateAsUpdate(client, before);
        const refusal = checkSuggestion(server, update, ME, MARKS);
        if (refusal !== null) {
          refused += 1;
          return;
        }
        accepted += 1;
        const was = characters(server);
        Y.applyUpdate(server, update);
        // Everyone else's words and marks, character by character, are untouched.
        expect(characters(server)).toEqual(was);
        // Whatever is new is the suggester's own marked text.
        for (const p of server.getXmlFragment('default').toArray()) {
          for (const run of ((p as Y.XmlElement).get(0) as Y.XmlText | undefined)?.toDelta() ?? []) {
            const by = (run as { attributes?: Record<string, { by?: string }> }).attributes?.[MARKS.insert]?.by;
            if (by !== undefined) expect([ME, OTHER]).toContain(by);
          }
        }
      }),
      { numRuns: 400, seed: 20261207 },
    );
    // Both outcomes happen: the property is not passing by refusing (or accepting) everything.
    expect(accepted).toBeGreaterThan(40);
    expect(refused).toBeGreaterThan(40);
  });

  it('concrete cases: own marked text and own deletion marks pass; plain text, others’ suggestions and formatting are refused', () => {
    const cases: Array<[string, (t: Y.XmlText, doc: Y.Doc) => void, boolean]> = [
      ['own insertion', (t) => t.insert(3, 'new', { [MARKS.insert]: mark(ME, 'a') }), true],
      ['own deletion mark', (t) => t.format(0, 5, { [MARKS.delete]: mark(ME, 'b') }), true],
      // An editor's diff may credit the new space to the old one beside it: the same text either way.
      [
        'a suggested space credited to the space beside it',
        (t) => {
          t.insert(6, ' ');
          t.format(5, 1, { [MARKS.insert]: mark(ME, 'sp') });
        },
        true,
      ],
      ['plain insert', (t) => t.insert(3, 'new'), false],
      ['delete plain text', (t) => t.delete(0, 2), false],
      ['delete someone else’s suggested text', (t) => t.delete(9, 6), false],
      ['clear someone else’s deletion mark', (t) => t.format(20, 3, { [MARKS.delete]: null }), false],
      ['bold', (t) => t.format(10, 3, { bold: true }), false],
      ['insertion in someone else’s name', (t) => t.insert(3, 'x', { [MARKS.insert]: mark(OTHER, 'c') }), false],
      ['remove a paragraph', (_t, doc) => doc.getXmlFragment('default').delete(1, 1), false],
      ['change a block', (_t, doc) => (doc.getXmlFragment('default').get(0) as Y.XmlElement).setAttribute('level', '2'), false],
      ['a root of its own', (_t, doc) => doc.getMap('elsewhere').set('x', 1), false],
    ];
    for (const [what, change, ok] of cases) {
      const server = startingDoc();
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
      const before = Y.encodeStateVector(client);
      const text = (client.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
      change(text, client);
      const refusal = checkSuggestion(server, Y.encodeStateAsUpdate(client, before), ME, MARKS);
      expect(refusal === null, `${what}: ${refusal}`).toBe(ok);
    }
  });
});
