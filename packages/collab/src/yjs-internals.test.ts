import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { hasPending, itemHolding, structsByClient } from './yjs-internals.ts';

describe('what the shape guard reads below the Yjs API', () => {
  it('the item holding a nested type is found from the type, and a root type has none', () => {
    const doc = new Y.Doc();
    const root = doc.getXmlFragment('default');
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    root.insert(0, [paragraph]);
    expect(itemHolding(root)).toBeNull();
    const holder = itemHolding(paragraph);
    expect(holder).toBeInstanceOf(Y.Item);
    expect((holder!.content as Y.ContentType).type).toBe(paragraph);
    expect(holder!.parent).toBe(root);
    expect(itemHolding(text)!.parent).toBe(paragraph);
  });

  it('every struct of every client, in clock order, covering each client’s whole clock', () => {
    const doc = new Y.Doc({ gc: true });
    const text = doc.getText('t');
    text.insert(0, 'hello');
    text.delete(1, 2);
    const other = new Y.Doc();
    other.clientID = doc.clientID + 1;
    other.getText('t').insert(0, 'xy');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    const clients = structsByClient(doc);
    expect([...clients.keys()].sort()).toEqual([doc.clientID, other.clientID].sort());
    const clocks = Y.decodeStateVector(Y.encodeStateVector(doc));
    for (const [client, structs] of clients) {
      let clock = 0;
      for (const struct of structs) {
        expect(struct.id.client).toBe(client);
        expect(struct.id.clock).toBe(clock);
        expect(struct instanceof Y.Item || struct instanceof Y.GC).toBe(true);
        clock += struct.length;
      }
      expect(clock).toBe(clocks.get(client));
    }
  });

  it('an update applied before what it builds on is seen as pending', () => {
    const later = new Y.Doc();
    later.getText('t').insert(0, 'x');
    const first = Y.encodeStateAsUpdate(later);
    later.getText('t').insert(1, 'y');
    const second = Y.diffUpdate(Y.encodeStateAsUpdate(later), Y.encodeStateVectorFromUpdate(first));
    const fresh = new Y.Doc();
    expect(hasPending(fresh)).toBe(false);
    Y.applyUpdate(fresh, second);
    expect(hasPending(fresh)).toBe(true);
  });
});
