import { SUGGESTION_MARKS, type SuggestionAttrs } from '@stint/editor';
import { Extension } from '@tiptap/core';
import type { MarkType, Node as PMNode } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

interface Options {
  /** Read at every keystroke: whether what this person types becomes a suggestion. */
  active(): boolean;
  /** Who is suggesting (their user id): every suggestion mark names them. */
  userId(): string;
  /** Something typed could not become a suggestion (a key that would change the structure). */
  onRefused(): void;
}

/** A transaction that is a suggestion (or an author reviewing one): the filter lets it through. */
export const SUGGESTION_META = 'stintSuggestion';
export const suggestModeKey = new PluginKey('suggestMode');

const newId = () => `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * This person's suggestion of `type` touching `pos` (just before or after), to extend it rather
 * than start another: the same attributes make one mark, one run, one suggestion.
 */
function adjacent(doc: PMNode, pos: number, type: MarkType, userId: string): SuggestionAttrs | null {
  for (const at of [pos - 1, pos]) {
    if (at < 0 || at >= doc.content.size) continue;
    const node = doc.nodeAt(at);
    const mark = node?.isText ? type.isInSet(node.marks) : undefined;
    if (mark && mark.attrs.by === userId) return mark.attrs as SuggestionAttrs;
  }
  return null;
}

const fresh = (userId: string): SuggestionAttrs => ({ id: newId(), by: userId, at: Date.now() });

/**
 * Marks [from, to) for deletion as `userId`'s suggestion, in `tr`: text they suggested themselves
 * is simply removed; anyone else's text gets a deletion mark (text already marked keeps its mark).
 * Returns where `to` ends up.
 */
function proposeDeletion(tr: Transaction, from: number, to: number, userId: string, types: { insertion: MarkType; deletion: MarkType }): number {
  const ranges: Array<{ from: number; to: number; own: boolean }> = [];
  tr.doc.nodesBetween(from, to, (node: PMNode, pos: number) => {
    if (!node.isText) return true;
    const start = Math.max(from, pos);
    const end = Math.min(to, pos + node.nodeSize);
    if (start >= end) return false;
    const inserted = types.insertion.isInSet(node.marks);
    if (inserted && inserted.attrs.by === userId) ranges.push({ from: start, to: end, own: true });
    else if (!types.deletion.isInSet(node.marks)) ranges.push({ from: start, to: end, own: false });
    return false;
  });
  const attrs = adjacent(tr.doc, from, types.deletion, userId) ?? adjacent(tr.doc, to, types.deletion, userId) ?? fresh(userId);
  let end = to;
  // From the end, so earlier positions stay valid.
  for (const range of ranges.reverse()) {
    if (range.own) {
      tr.delete(range.from, range.to);
      end -= range.to - range.from;
    } else {
      tr.addMark(range.from, range.to, types.deletion.create(attrs));
    }
  }
  return end;
}

/**
 * Suggesting: what the person types, deletes or pastes becomes a proposal in place — typed and
 * pasted text marked as their insertion, removed text marked for deletion (their own suggested
 * text is simply removed). Any other change to the document is dropped while it is on (a
 * formatting button, undo, a drop), so nothing but suggestions leaves this copy; the document
 * server checks the same on every update it receives from someone who may only suggest.
 */
export const SuggestMode = Extension.create<Options>({
  name: 'suggestMode',
  priority: 9_000,
  addOptions: () => ({ active: () => false, userId: () => '', onRefused: () => {} }),
  addProseMirrorPlugins() {
    const { active, userId, onRefused } = this.options;
    const typesOf = (state: EditorState) => ({
      insertion: state.schema.marks[SUGGESTION_MARKS.insert]!,
      deletion: state.schema.marks[SUGGESTION_MARKS.delete]!,
    });
    const insertText = (state: EditorState, from: number, to: number, text: string): Transaction => {
      const types = typesOf(state);
      const tr = state.tr;
      const at = from < to ? proposeDeletion(tr, from, to, userId(), types) : from;
      const mark = types.insertion.create(adjacent(state.doc, from, types.insertion, userId()) ?? fresh(userId()));
      const marks = [...(state.storedMarks ?? state.doc.resolve(from).marks()).filter((m) => m.type !== types.insertion && m.type !== types.deletion), mark];
      tr.insert(at, state.schema.text(text, marks));
      tr.setSelection(TextSelection.create(tr.doc, at + text.length));
      return tr.setMeta(SUGGESTION_META, true);
    };
    return [
      new Plugin({
        key: suggestModeKey,
        filterTransaction: (tr) => !active() || !tr.docChanged || tr.getMeta(SUGGESTION_META) === true || tr.getMeta(ySyncPluginKey) !== undefined,
        props: {
          handleTextInput: (view, from, to, text) => {
            if (!active()) return false;
            view.dispatch(insertText(view.state, from, to, text));
            return true;
          },
          handlePaste: (view, _event, slice) => {
            if (!active()) return false;
            const text = slice.content.textBetween(0, slice.content.size, '\n');
            const { from, to } = view.state.selection;
            if (text) view.dispatch(insertText(view.state, from, to, text));
            return true;
          },
          handleDrop: () => active(),
          handleKeyDown: (view, event) => {
            if (!active()) return false;
            const { state } = view;
            const { from, to, empty, $from } = state.selection;
            if (event.key === 'Backspace' || event.key === 'Delete') {
              let start = from;
              let end = to;
              if (empty) {
                if (event.key === 'Backspace') {
                  if ($from.parentOffset === 0) return true;
                  start = from - 1;
                } else {
                  if ($from.parentOffset === $from.parent.content.size) return true;
                  end = to + 1;
                }
              }
              const tr = state.tr;
              const after = proposeDeletion(tr, start, end, userId(), typesOf(state));
              // The caret moves past what was marked, as if it were gone.
              tr.setSelection(TextSelection.create(tr.doc, event.key === 'Backspace' ? start : Math.min(after, tr.doc.content.size)));
              view.dispatch(tr.setMeta(SUGGESTION_META, true));
              return true;
            }
            if (event.key === 'Enter') {
              // A new paragraph after this one may be proposed; splitting existing text may not.
              if (empty && $from.parent.isTextblock && $from.parentOffset === $from.parent.content.size) {
                const tr = state.tr.split(from);
                view.dispatch(tr.setMeta(SUGGESTION_META, true));
              } else onRefused();
              return true;
            }
            // Shortcuts on a character that would format or undo (Ctrl+B, Ctrl+Z…); moving (Ctrl+Home,
            // Ctrl+arrows), selecting, copying, pasting and the page's own Ctrl+Alt shortcuts go on.
            const key = event.key.toLowerCase();
            if ((event.ctrlKey || event.metaKey) && !event.altKey && key.length === 1 && !['a', 'c', 'x', 'v'].includes(key)) {
              onRefused();
              return true;
            }
            return false;
          },
        },
      }),
    ];
  },
});
