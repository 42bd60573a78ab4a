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
 * What the person has selected in the editor. A read-only editor doesn't track the selection
 * itself (it can't take focus), so fall back to the DOM's.
 */
export function selectedRange(editor: Editor): { from: number; to: number } | null {
  const { from, to } = editor.state.selection;
  if (from !== to) return { from, to };
  const dom = window.getSelection();
  if (!dom || dom.isCollapsed || dom.rangeCount === 0) return null;
  const range = dom.getRangeAt(0);
  if (!editor.view.dom.contains(range.commonAncestorContainer)) return null;
  try {
    const a = editor.view.posAtDOM(range.startContainer, range.startOffset);
    const b = editor.view.posAtDOM(range.endContainer, range.endOffset);
    return a < b ? { from: a, to: b } : null;
  } catch {
    return null;
  }
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
    quote: editor.state.doc.textBetween(from, to, ' ').slice(0, 1000),
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
