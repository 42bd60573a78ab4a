import { SUGGESTION_MARKS } from '@stint/editor';
import type { Editor } from '@tiptap/core';
import { useEffect, useState } from 'react';
import { formatMoment } from '../lib/dates.ts';
import { SUGGESTION_META } from './SuggestMode.ts';

/** One suggestion as the document holds it: its runs of text, who proposed it, when, and what. */
export interface Suggestion {
  id: string;
  kind: 'insert' | 'delete';
  by: string;
  at: number;
  text: string;
  ranges: Array<{ from: number; to: number }>;
}

/** Every suggestion in the document, in the order they appear, each with all of its runs. */
export function suggestionsIn(editor: Editor): Suggestion[] {
  const found = new Map<string, Suggestion>();
  editor.state.doc.descendants((node, pos) => {
    if (!node.isText) return true;
    for (const mark of node.marks) {
      const kind = mark.type.name === SUGGESTION_MARKS.insert ? 'insert' : mark.type.name === SUGGESTION_MARKS.delete ? 'delete' : null;
      if (!kind) continue;
      const key = `${kind}:${mark.attrs.id}`;
      const entry = found.get(key) ?? { id: String(mark.attrs.id), kind, by: String(mark.attrs.by), at: Number(mark.attrs.at), text: '', ranges: [] };
      const last = entry.ranges.at(-1);
      if (last && last.to === pos) last.to = pos + node.nodeSize;
      else entry.ranges.push({ from: pos, to: pos + node.nodeSize });
      entry.text += node.text ?? '';
      found.set(key, entry);
    }
    return false;
  });
  return [...found.values()];
}

/** Accepting or rejecting one suggestion: its insertion kept or removed, its deletion done or undone. */
export function decide(editor: Editor, suggestions: readonly Suggestion[], accept: boolean): void {
  const { state } = editor;
  const tr = state.tr;
  const removals: Array<{ from: number; to: number }> = [];
  for (const s of suggestions) {
    const type = state.schema.marks[s.kind === 'insert' ? SUGGESTION_MARKS.insert : SUGGESTION_MARKS.delete]!;
    const keep = (s.kind === 'insert') === accept;
    for (const range of s.ranges) {
      if (keep) tr.removeMark(range.from, range.to, type);
      else removals.push(range);
    }
  }
  // A block whose every word goes (a paragraph the suggester added, rejected) goes with them:
  // a rejected suggestion leaves no trace in the document.
  const removedIn = new Map<number, { size: number; from: number; to: number; taken: number }>();
  for (const range of removals) {
    const $from = state.doc.resolve(range.from);
    const block = removedIn.get($from.before()) ?? { size: $from.parent.content.size, from: $from.before(), to: $from.after(), taken: 0 };
    block.taken += range.to - range.from;
    removedIn.set($from.before(), block);
  }
  const whole = [...removedIn.values()].filter((b) => b.taken === b.size && state.doc.childCount > 1);
  const cuts = [...whole.map((b) => ({ from: b.from, to: b.to })), ...removals.filter((r) => !whole.some((b) => r.from >= b.from && r.to <= b.to))];
  // Removed from the end, so earlier positions stay where they were.
  for (const range of cuts.sort((a, b) => b.from - a.from)) tr.delete(range.from, range.to);
  editor.view.dispatch(tr.setMeta(SUGGESTION_META, true));
}

/**
 * The document's suggestions beside its comments: who proposed what, and when; the author (who
 * may write) accepts or rejects each, or all. Drawn from the document itself, so it follows
 * everyone's edits live.
 */
export function SuggestionsPanel({ editor, canReview, names }: { editor: Editor | null; canReview: boolean; names: ReadonlyMap<string, string> }) {
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  useEffect(() => {
    if (!editor) return;
    const look = () => setSuggestions(suggestionsIn(editor));
    look();
    editor.on('update', look);
    return () => void editor.off('update', look);
  }, [editor]);
  if (!editor || suggestions.length === 0) return null;
  const who = (id: string) => names.get(id) ?? 'Someone';
  return (
    <section className="suggestions stack" aria-labelledby="suggestions-heading">
      <div className="row between wrap">
        <h2 id="suggestions-heading">Suggestions ({suggestions.length})</h2>
        {canReview ? (
          <div className="row">
            <button type="button" className="secondary small" onClick={() => decide(editor, suggestions, true)}>
              Accept all
            </button>
            <button type="button" className="secondary small" onClick={() => decide(editor, suggestions, false)}>
              Reject all
            </button>
          </div>
        ) : null}
      </div>
      <ul className="stack">
        {suggestions.map((s) => {
          const what = `${s.kind === 'insert' ? 'Add' : 'Delete'} “${s.text.length > 80 ? `${s.text.slice(0, 80)}…` : s.text}”`;
          return (
            <li key={`${s.kind}:${s.id}`} className={`suggestion-item ${s.kind}`} data-suggestion={s.id}>
              <p>
                <strong>{who(s.by)}</strong> <span className="muted small">· {formatMoment(new Date(s.at).toISOString())}</span>
              </p>
              <p className={s.kind === 'insert' ? 'suggested-insert' : 'suggested-delete'}>{what}</p>
              {canReview ? (
                <p className="row">
                  <button type="button" className="small" onClick={() => decide(editor, [s], true)} aria-label={`Accept: ${what}`}>
                    Accept
                  </button>
                  <button type="button" className="secondary small" onClick={() => decide(editor, [s], false)} aria-label={`Reject: ${what}`}>
                    Reject
                  </button>
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
