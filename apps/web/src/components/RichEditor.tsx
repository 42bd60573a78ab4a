import { stintExtensions } from '@stint/editor';
import type { Editor, Extensions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { colorFor } from '../lib/colors.ts';
import type { User } from '../lib/types.ts';

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
}

/** A Tiptap editor bound to one Yjs fragment, with the one schema of @stint/editor. */
export function RichEditor({ label, fragment, editable, user, provider, placeholder, extensions = [], onEditor }: Props) {
  const editor = useEditor(
    {
      extensions: [
        ...stintExtensions(),
        Collaboration.configure({ fragment }),
        ...(provider ? [CollaborationCaret.configure({ provider, user: { name: user.name, color: colorFor(user.id) } })] : []),
        ...extensions,
      ],
      editable,
      editorProps: {
        attributes: {
          'aria-label': label,
          'aria-readonly': String(!editable),
          class: 'prose',
          ...(placeholder ? { 'data-placeholder': placeholder } : {}),
        },
      },
    },
    [fragment, provider],
  );
  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);
  useEffect(() => onEditor?.(editor), [editor, onEditor]);
  return <EditorContent editor={editor} className={`editor${editable ? '' : ' editor-readonly'}`} />;
}
