import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mentionsIn } from './mentions.ts';

function withMention(doc: Y.Doc, id: string, label: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  const paragraph = new Y.XmlElement('paragraph');
  const mention = new Y.XmlElement('mention');
  mention.setAttribute('id', id);
  mention.setAttribute('label', label);
  const text = new Y.XmlText();
  text.insert(0, 'over to ');
  paragraph.insert(0, [text, mention]);
  doc.getXmlFragment('default').push([paragraph]);
  return Y.encodeStateAsUpdate(doc, before);
}

describe('mentions in an update', () => {
  it('finds the people a new mention names, and nothing in plain edits or old mentions', () => {
    const doc = new Y.Doc();
    expect(mentionsIn(withMention(doc, 'user-maya', 'Maya'))).toEqual(['user-maya']);
    const before = Y.encodeStateVector(doc);
    (doc.getXmlFragment('default').get(0) as Y.XmlElement).insert(0, [new Y.XmlText('more ')]);
    expect(mentionsIn(Y.encodeStateAsUpdate(doc, before))).toEqual([]);
    // The whole document again (a reconnecting client's sync): the mention is in it, but the
    // server only looks at what it stores, and a known update is never stored twice.
    expect(mentionsIn(Y.encodeStateAsUpdate(doc))).toEqual(['user-maya']);
    expect(mentionsIn(new Uint8Array([1, 2, 3]))).toEqual([]);
  });
});
