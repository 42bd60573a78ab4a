import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

interface Options {
  /** Read at every keystroke and transaction: rights change while the editor stays mounted. */
  readOnly(): boolean;
  /** A key, paste or drop that would have edited was refused: the page says so where the person types. */
  onRefused(): void;
}

// Named keys that edit; every other named key (arrows, Home, Tab, Shift, F-keys…) only moves.
const EDITING_KEYS = new Set(['Enter', 'Backspace', 'Delete', 'Insert']);
// With Ctrl/Cmd: select all and copy. Every other shortcut on a character may edit the document.
const READER_SHORTCUTS = new Set(['a', 'c']);

function readerMayPress(event: KeyboardEvent): boolean {
  const named = event.key.length > 1;
  if (named) return !EDITING_KEYS.has(event.key);
  return (event.ctrlKey || event.metaKey) && !event.altKey && READER_SHORTCUTS.has(event.key.toLowerCase());
}

/**
 * A read-only document that a keyboard can still reach. Tiptap's own read-only mode drops
 * contenteditable, and with it the caret: a reader could neither Tab into the text nor select a
 * passage with Shift+arrows to comment on it. So a reader's editor stays contenteditable, and this
 * guard keeps it from changing anything: every transaction that would change the document is
 * dropped unless it comes from Yjs (someone else's edit arriving), keys that would edit are
 * swallowed before any keymap sees them (undo would otherwise replay the person's earlier edits through
 * Yjs, around ProseMirror), and input the browser would apply to the DOM is cancelled. The
 * server refuses a reader's writes anyway; this keeps the person's copy from ever holding one.
 */
export const ReadOnlyGuard = Extension.create<Options>({
  name: 'readOnlyGuard',
  // First among the plugins, so its filter and handlers are asked before anyone else's.
  priority: 10_000,
  addOptions: () => ({ readOnly: () => false, onRefused: () => {} }),
  addProseMirrorPlugins() {
    const { readOnly, onRefused } = this.options;
    const refuse = () => {
      if (readOnly()) onRefused();
      return readOnly();
    };
    return [
      new Plugin({
        key: new PluginKey('readOnlyGuard'),
        filterTransaction: (tr) => !readOnly() || !tr.docChanged || tr.getMeta(ySyncPluginKey) !== undefined,
        props: {
          handlePaste: refuse,
          handleDrop: refuse,
          handleDOMEvents: {
            // Before ProseMirror and every keymap: a reader's keys are the browser's alone (arrows
            // move the caret, Tab leaves the document even inside a list, whose keymap would
            // indent and keep focus), and a key that would edit does nothing.
            keydown: (_view, event) => {
              if (!readOnly()) return false;
              if (!readerMayPress(event)) {
                event.preventDefault();
                onRefused();
              }
              return true;
            },
            beforeinput: (_view, event) => {
              if (!readOnly()) return false;
              event.preventDefault();
              return true;
            },
          },
          // No on-screen keyboard for a reader on a phone; assistive tech hears "read only".
          attributes: (): Record<string, string> => (readOnly() ? { 'aria-readonly': 'true', inputmode: 'none' } : { 'aria-readonly': 'false' }),
        },
      }),
    ];
  },
});
