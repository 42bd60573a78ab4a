import { stintExtensions } from '@stint/editor';
import type { Editor, Extensions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { colorFor } from '../lib/colors.ts';
import { type Mentionable, mentionSuggestion } from '../lib/mention-suggestion.ts';
import type { User } from '../lib/types.ts';
import { ReadOnlyGuard } from './ReadOnlyGuard.ts';
import { SuggestMode } from './SuggestMode.ts';

interface Props {
  label: string;
  fragment: Y.XmlFragment;
  editable: boolean;
  user: User;
  /** Given for the document's main editor: shows everyone's caret and selection. */
  provider?: WebsocketProvider;
  placeholder?: string;
  /** More extensions (comment highlights) and a way to reach the editor. */
  extensions?: Extensions;
  onEditor?(editor: Editor | null): void;
  /** Who the @ menu offers (the project's members); without it, no menu. */
  mentionable?: () => Mentionable[];
  /** Said at the caret when a reader types: why they can't edit here. */
  readOnlyNote?: string;
  /** Not editable, but what the person types becomes suggestions (they may suggest, or chose to). */
  suggesting?: boolean;
}

const SUGGESTING_NOTE = 'Suggesting: add and remove words, or start a paragraph at the end of one. Other changes aren’t suggestions.';

/** How long the note at the caret stays after the last refused key. */
const NOTE_MS = 4000;

/** A Tiptap editor bound to one Yjs fragment, with the one schema of @stint/editor. */
export function RichEditor({
  label,
  fragment,
  editable,
  user,
  provider,
  placeholder,
  extensions = [],
  onEditor,
  mentionable,
  readOnlyNote,
  suggesting = false,
}: Props) {
  const readOnly = useRef(!editable && !suggesting);
  readOnly.current = !editable && !suggesting;
  const suggestingNow = useRef(suggesting);
  suggestingNow.current = suggesting;
  const wrapper = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Editor | null>(null);
  // Where a refused key was typed (relative to the editor's box), until the note fades.
  const [refusedAt, setRefusedAt] = useState<{ top: number; left: number } | null>(null);
  const fade = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onRefused = useCallback(() => {
    const view = editorRef.current?.view;
    const box = wrapper.current?.getBoundingClientRect();
    if (!view || !box) return;
    const caret = view.coordsAtPos(view.state.selection.head);
    setRefusedAt({ top: caret.bottom - box.top + 4, left: Math.max(0, Math.min(caret.left - box.left, box.width - 260)) });
    clearTimeout(fade.current);
    fade.current = setTimeout(() => setRefusedAt(null), NOTE_MS);
  }, []);
  useEffect(() => () => clearTimeout(fade.current), []);
  // One guard per editor, reading the current right: it changes while the editor stays open.
  const guard = useMemo(() => ReadOnlyGuard.configure({ readOnly: () => readOnly.current, onRefused }), [onRefused]);
  const suggest = useMemo(() => SuggestMode.configure({ active: () => suggestingNow.current, userId: () => user.id, onRefused }), [onRefused, user.id]);
  const editor = useEditor(
    {
      extensions: [
        guard,
        suggest,
        ...stintExtensions(mentionable ? { mentionSuggestion: mentionSuggestion(mentionable) } : {}),
        Collaboration.configure({ fragment }),
        ...(provider ? [CollaborationCaret.configure({ provider, user: { name: user.name, color: colorFor(user.id) } })] : []),
        ...extensions,
      ],
      // Always editable to the browser (a reader needs a caret to select with the keyboard); the
      // guard keeps a reader's copy from changing.
      editable: true,
      editorProps: {
        attributes: {
          // A multi-line text field to assistive tech: the role that lets it carry a name and aria-readonly.
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': label,
          class: 'prose',
          ...(placeholder ? { 'data-placeholder': placeholder } : {}),
        },
      },
    },
    [fragment, provider],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw the attributes (aria-readonly) when the right changes
  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta('readOnlyChanged', true));
  }, [editor, editable]);
  useEffect(() => {
    editorRef.current = editor;
    onEditor?.(editor);
  }, [editor, onEditor]);
  // A reader of an empty document is told it is empty, not shown a blank box.
  const [empty, setEmpty] = useState(false);
  useEffect(() => {
    if (!editor) return;
    const look = () => setEmpty(editor.isEmpty);
    look();
    editor.on('update', look);
    return () => void editor.off('update', look);
  }, [editor]);
  return (
    <div ref={wrapper} className="editor-frame">
      {empty && !editable && !suggesting ? <p className="empty-hint">Nothing is written here yet.</p> : null}
      <EditorContent editor={editor} className={`editor${editable ? '' : ' editor-readonly'}`} />
      {refusedAt && !editable ? (
        <p className="caret-note" role="status" style={refusedAt}>
          {suggesting ? SUGGESTING_NOTE : (readOnlyNote ?? 'You can read this document but not change it.')}
        </p>
      ) : null}
    </div>
  );
}
