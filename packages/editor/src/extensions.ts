import type { Extensions } from '@tiptap/core';
import Mention from '@tiptap/extension-mention';
import StarterKit from '@tiptap/starter-kit';
import type { SuggestionOptions } from '@tiptap/suggestion';

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
      link: {
        openOnClick: false,
        autolink: true,
        protocols: [...LINK_PROTOCOLS],
        isAllowedUri: (url, ctx) => ctx.defaultValidate(url) && /^(https?:|mailto:|\/|#)/i.test(url),
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' },
      },
    }),
  ];
}
