import type { Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';

/** Link targets the editor keeps; anything else (javascript:, data:) is dropped on input. */
export const LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;

/**
 * The one Tiptap schema: the browser editor and the server renderer both build from this list,
 * so what one writes the other can always read. Collaboration (and its caret) are added by the
 * web app around it; history comes from Yjs, so StarterKit's own undo/redo is off.
 */
export function stintExtensions(): Extensions {
  return [
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
