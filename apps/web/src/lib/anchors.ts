import { decodeAnchor, encodeAnchor } from '@stint/editor';
import type { Editor } from '@tiptap/core';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';

interface Binding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: Map<unknown, unknown>;
}

function binding(editor: Editor): Binding | null {
  const state = ySyncPluginKey.getState(editor.state) as { binding?: Binding } | undefined;
  return state?.binding ?? null;
}

/**
 * What the person has selected in the editor. The browser's selection comes first when it lies in
 * the editor: it is what the person sees, and ProseMirror's copy of it can lag one
 * `selectionchange` behind (Shift+arrow, then the comment shortcut at once). Otherwise
 * ProseMirror's own (the focus moved to the Comment button, which took the DOM selection away).
 */
export function selectedRange(editor: Editor): { from: number; to: number } | null {
  const dom = window.getSelection();
  if (dom && !dom.isCollapsed && dom.rangeCount > 0) {
    const range = dom.getRangeAt(0);
    if (editor.view.dom.contains(range.commonAncestorContainer)) {
      try {
        const a = editor.view.posAtDOM(range.startContainer, range.startOffset);
        const b = editor.view.posAtDOM(range.endContainer, range.endOffset);
        if (a < b) return { from: a, to: b };
      } catch {
        // A selection ProseMirror can't place: fall back to its own.
      }
    }
  }
  const { from, to } = editor.state.selection;
  return from !== to ? { from, to } : null;
}

/** The current selection as a pair of Yjs relative positions (base64), plus the quoted text. */
export function selectionAnchor(editor: Editor): { anchor: { from: string; to: string }; quote: string } | null {
  const b = binding(editor);
  const range = selectedRange(editor);
  if (!b || !range) return null;
  const { from, to } = range;
  return {
    anchor: {
      from: encodeAnchor(absolutePositionToRelativePosition(from, b.type, b.mapping as never)),
      to: encodeAnchor(absolutePositionToRelativePosition(to, b.type, b.mapping as never)),
    },
    // A mention reads as the person's name, as in every rendering.
    quote: editor.state.doc.textBetween(from, to, ' ', (leaf) => (leaf.type.name === 'mention' ? `@${String(leaf.attrs.label ?? '')}` : ' ')).slice(0, 1000),
  };
}

/** Where an anchor sits in the editor now; null when its text is gone or not loaded yet. */
export function anchorRange(editor: Editor, anchor: { from: string; to: string }): { from: number; to: number } | null {
  const b = binding(editor);
  if (!b) return null;
  try {
    const from = relativePositionToAbsolutePosition(b.doc, b.type, decodeAnchor(anchor.from), b.mapping as never);
    const to = relativePositionToAbsolutePosition(b.doc, b.type, decodeAnchor(anchor.to), b.mapping as never);
    if (from === null || to === null || to <= from) return null;
    return { from, to };
  } catch {
    return null;
  }
}
