import * as Y from 'yjs';

/**
 * The people a Yjs update newly mentions: the `id` of each mention element it creates. y-prosemirror
 * writes a node and its attributes in one transaction, so both are in the update; an attribute
 * set later on an old mention (not something the editor does) is not a new mention.
 */
export function mentionsIn(update: Uint8Array): string[] {
  let structs: Array<Y.Item | Y.GC | Y.Skip>;
  try {
    structs = Y.decodeUpdate(update).structs as Array<Y.Item | Y.GC | Y.Skip>;
  } catch {
    return [];
  }
  const mentions = new Set<string>();
  for (const s of structs) {
    if (s instanceof Y.Item && s.content instanceof Y.ContentType && s.content.type instanceof Y.XmlElement && s.content.type.nodeName === 'mention') {
      mentions.add(`${s.id.client}:${s.id.clock}`);
    }
  }
  if (mentions.size === 0) return [];
  const ids = new Set<string>();
  for (const s of structs) {
    if (!(s instanceof Y.Item) || s.parentSub !== 'id') continue;
    const parent = s.parent as unknown;
    if (!(parent instanceof Y.ID) && !(parent && typeof parent === 'object' && 'client' in parent)) continue;
    const p = parent as Y.ID;
    if (!mentions.has(`${p.client}:${p.clock}`)) continue;
    const value = s.content.getContent()[0];
    if (typeof value === 'string' && value.length > 0 && value.length <= 40) ids.add(value);
  }
  return [...ids];
}
