import type { Extensions } from '@tiptap/core';
import CodeBlockLowlight from '@tiptap/extension-code-block-lowlight';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import Mention from '@tiptap/extension-mention';
import { TableKit } from '@tiptap/extension-table';
import StarterKit from '@tiptap/starter-kit';
import type { SuggestionOptions } from '@tiptap/suggestion';
import { createLowlight } from 'lowlight';
import { CODE_LANGUAGES } from './code-languages.ts';
import { Attachment, StintImage } from './files.ts';
import { Deletion, Insertion } from './suggestions.ts';

/** Link targets the editor keeps; anything else (javascript:, data:) is dropped on input. */
export const LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;

/**
 * The one Tiptap schema: the browser editor and the server renderer both build from this list,
 * so what one writes the other can always read. Collaboration (and its caret) are added by the
 * web app around it; history comes from Yjs, so StarterKit's own undo/redo is off.
 */
export function stintExtensions(options: { mentionSuggestion?: Omit<SuggestionOptions, 'editor'> } = {}): Extensions {
  return [
    // @name: a node holding the person's id and their name as it was; it reads as "@Name" in
    // every rendering. Who may be mentioned is the web's suggestion list and the server's check.
    Mention.configure({
      HTMLAttributes: { class: 'mention' },
      renderText: ({ node }) => `@${node.attrs.label ?? node.attrs.id}`,
      ...(options.mentionSuggestion ? { suggestion: options.mentionSuggestion } : {}),
    }),
    StarterKit.configure({
      undoRedo: false,
      // Replaced by the highlighting code block below (same node name and language attribute).
      codeBlock: false,
      link: {
        openOnClick: false,
        autolink: true,
        protocols: [...LINK_PROTOCOLS],
        isAllowedUri: (url, ctx) => ctx.defaultValidate(url) && /^(https?:|mailto:|\/|#)/i.test(url),
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' },
      },
    }),
    CodeBlockLowlight.configure({ lowlight: createLowlight(CODE_LANGUAGES), defaultLanguage: null }),
    // Tables without column resizing: widths would be per-cell arrays of pixels, a layout detail
    // the server would have to check and every rendering ignore.
    TableKit.configure({ table: { resizable: false } }),
    TaskList,
    TaskItem.configure({ nested: true }),
    StintImage,
    Attachment,
    Insertion,
    Deletion,
  ];
}
