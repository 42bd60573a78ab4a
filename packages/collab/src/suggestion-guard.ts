import * as Y from 'yjs';
import type { SuggestionMarks } from './shape.ts';
import { firstItem, hasPending, itemHolding } from './yjs-internals.ts';

/** One character of a text as a document holds it: whether it is deleted, and its formatting then. */
interface Char {
  readonly deleted: boolean;
  readonly attrs: Readonly<Record<string, unknown>>;
}

/** Whether a suggestion mark's value names `userId` as its suggester. */
const byUser = (value: unknown, userId: string): boolean => typeof value === 'object' && value !== null && (value as { by?: unknown }).by === userId;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

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
 * Each character of the roots' texts by its Yjs id (`client:clock`), deleted ones included, with
 * the formatting in force there — read as Yjs reads it (a format item not deleted sets its key
 * from there on; null clears it), so ids line up before and after an update even where items split.
 */
function characters(doc: Y.Doc, roots: readonly string[]): Map<string, Char> {
  const chars = new Map<string, Char>();
  for (const root of roots) {
    for (const text of texts(doc.getXmlFragment(root))) {
      const current = new Map<string, unknown>();
      let attrs: Readonly<Record<string, unknown>> = {};
      for (let item = firstItem(text); item !== null; item = item.right) {
        const content = item.content;
        if (content instanceof Y.ContentFormat) {
          if (item.deleted) continue;
          if (content.value === null) current.delete(content.key);
          else current.set(content.key, content.value);
          attrs = Object.fromEntries(current);
        } else if (content instanceof Y.ContentString) {
          for (let i = 0; i < item.length; i++) chars.set(`${item.id.client}:${item.id.clock + i}`, { deleted: item.deleted, attrs });
        }
      }
    }
  }
  return chars;
}

/**
 * Whether an update from someone who may only suggest does only that, on a copy of the document
 * (the room's own is untouched): every character it adds is marked as their suggestion; existing
 * text it removes is their own suggested text; on other text it adds or removes only their own
 * deletion marks; on their own suggested text anything but whose it is. New blocks may be added
 * (their text is checked the same way); existing elements and attributes stay as they were.
 * Returns why not, or null.
 */
export function checkSuggestion(current: Y.Doc, update: Uint8Array, userId: string, marks: SuggestionMarks): string | null {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(current));
  const before = characters(copy, marks.roots);
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
  const after = characters(copy, marks.roots);
  for (const [id, now] of after) {
    const was = before.get(id);
    if (!was) {
      if (!now.deleted && !byUser(now.attrs[marks.insert], userId)) return 'Text you add while suggesting must be marked as your suggestion.';
      continue;
    }
    if (was.deleted) continue;
    const own = byUser(was.attrs[marks.insert], userId);
    if (now.deleted) {
      if (!own) return 'Suggesting, you can remove only text you suggested; mark other text for deletion instead.';
      continue;
    }
    if (own) {
      if (!byUser(now.attrs[marks.insert], userId)) return 'Your suggestion stays yours.';
      continue;
    }
    for (const key of new Set([...Object.keys(was.attrs), ...Object.keys(now.attrs)])) {
      if (same(was.attrs[key], now.attrs[key])) continue;
      if (key !== marks.delete) return 'Suggesting, you can’t change the formatting of text you didn’t suggest.';
      const from = was.attrs[key];
      const to = now.attrs[key];
      const fine = (from === undefined && byUser(to, userId)) || (byUser(from, userId) && (to === undefined || byUser(to, userId)));
      if (!fine) return 'You can mark text for deletion, or take back your own mark, but not change someone else’s.';
    }
  }
  return null;
}
