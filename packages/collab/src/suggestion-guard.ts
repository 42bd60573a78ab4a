import * as Y from 'yjs';
import type { SuggestionMarks } from './shape.ts';
import { hasPending, itemHolding } from './yjs-internals.ts';

/** Whether a suggestion mark's value names `userId` as its suggester. */
const byUser = (value: unknown, userId: string): boolean => typeof value === 'object' && value !== null && (value as { by?: unknown }).by === userId;

/** A value as text with its keys in order, so equal formatting compares equal however it was built. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
    .join(',')}}`;
}

/** Every text of a fragment, depth first (elements' own structure is the skeleton's business). */
function texts(type: Y.XmlFragment | Y.XmlElement, out: Y.XmlText[] = []): Y.XmlText[] {
  for (const child of type.toArray()) {
    if (child instanceof Y.XmlText) out.push(child);
    else if (child instanceof Y.XmlElement) texts(child, out);
  }
  return out;
}

/**
 * Elements, their attributes and where texts sit: what a suggestion may not change. Elements the
 * update itself made (`fresh`) are left out: a suggester may add blocks (their text is checked
 * character by character like any other), not remove or change existing ones.
 */
function skeleton(type: Y.XmlFragment | Y.XmlElement, fresh: (type: Y.XmlElement | Y.XmlText) => boolean = () => false): string {
  return type
    .toArray()
    .map((child) => {
      if (child instanceof Y.XmlText) return fresh(child) ? '' : 'T';
      if (child instanceof Y.XmlElement) {
        if (fresh(child)) return '';
        const attrs = Object.entries(child.getAttributes()).sort(([a], [b]) => a.localeCompare(b));
        return `<${child.nodeName} ${JSON.stringify(attrs)}>${skeleton(child, fresh)}</>`;
      }
      return '?';
    })
    .join('');
}

/**
 * What the roots say with `userId`'s own proposals taken out: the text they suggested removed,
 * their deletion marks ignored, every other character with its formatting — one entry per
 * character, so it compares equal however the runs are split or which of two like characters a
 * diff credited. Texts the update made (`fresh`) that hold nothing else are left out.
 */
function withoutOwnSuggestions(doc: Y.Doc, roots: readonly string[], userId: string, marks: SuggestionMarks, fresh: (text: Y.XmlText) => boolean): string[] {
  const out: string[] = [];
  for (const root of roots) {
    for (const text of texts(doc.getXmlFragment(root))) {
      const start = out.length;
      for (const run of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
        const attributes = { ...run.attributes };
        if (byUser(attributes[marks.insert], userId)) continue;
        if (byUser(attributes[marks.delete], userId)) delete attributes[marks.delete];
        const formatting = canonical(attributes);
        if (typeof run.insert !== 'string') out.push(`embed ${canonical(run.insert)} ${formatting}`);
        else for (const ch of run.insert) out.push(`${ch} ${formatting}`);
      }
      if (out.length > start || !fresh(text)) out.push('¶');
    }
  }
  return out;
}

/**
 * Whether an update from someone who may only suggest does only that, on a copy of the document
 * (the room's own is untouched): with their own suggestions taken out (text they suggested, their
 * deletion marks), the document reads exactly as before, character by character with every
 * mark. So what they add is marked as theirs, what they remove is their own suggested text, and
 * on anyone else's text they set or take back only their own deletion marks. New blocks may be
 * added; existing elements and attributes stay as they were. Returns why not, or null.
 */
export function checkSuggestion(
  current: Y.Doc,
  update: Uint8Array,
  userId: string,
  marks: SuggestionMarks,
  /** Updates already accepted but not yet in `current` (waiting to be stored): the update may build on them. */
  accepted: readonly Uint8Array[] = [],
): string | null {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(current));
  for (const earlier of accepted) Y.applyUpdate(copy, earlier);
  const before = withoutOwnSuggestions(copy, marks.roots, userId, marks, () => false);
  const shapeBefore = marks.roots.map((root) => skeleton(copy.getXmlFragment(root))).join('|');
  const otherRoots = new Set<string>();
  copy.on('afterTransaction', (tr: Y.Transaction) => {
    for (const type of tr.changed.keys()) {
      // biome-ignore lint/suspicious/noExplicitAny: any shared type, as Yjs types them
      let top: Y.AbstractType<any> = type;
      // biome-ignore lint/suspicious/noExplicitAny: the same
      for (let holder = itemHolding(top); holder?.parent; holder = itemHolding(top)) top = holder.parent as Y.AbstractType<any>;
      const name = Y.findRootTypeKey(top);
      if (!marks.roots.includes(name)) otherRoots.add(name);
    }
  });
  const known = Y.decodeStateVector(Y.encodeStateVector(copy));
  Y.applyUpdate(copy, update);
  if (hasPending(copy)) return 'The update depends on changes the server does not have.';
  if (otherRoots.size > 0) return 'A suggestion changes the text only.';
  const fresh = (type: Y.XmlElement | Y.XmlText) => {
    const id = itemHolding(type)?.id;
    return id !== undefined && id.clock >= (known.get(id.client) ?? 0);
  };
  if (marks.roots.map((root) => skeleton(copy.getXmlFragment(root), fresh)).join('|') !== shapeBefore) {
    return 'A suggestion changes words, not the document’s structure: it may add blocks, not change or remove them.';
  }
  const after = withoutOwnSuggestions(copy, marks.roots, userId, marks, fresh);
  // Everyone else's words and marks, character by character, exactly as they were.
  const length = Math.max(before.length, after.length);
  for (let i = 0; i < length; i++) {
    if (before[i] === after[i]) continue;
    const was = before[i] ?? '';
    const now = after[i] ?? '';
    if (was[0] === now[0]) return 'Suggesting, you can change the formatting only of text you suggested, or mark text for deletion.';
    return 'Suggesting, text you add must be marked as your suggestion, and you can remove only text you suggested.';
  }
  return null;
}
