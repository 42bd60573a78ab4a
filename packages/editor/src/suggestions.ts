import { Mark, mergeAttributes } from '@tiptap/core';

/** The marks a suggestion is made of: text proposed for insertion, and existing text proposed for deletion. */
export const SUGGESTION_MARKS = { insert: 'insertion', delete: 'deletion' } as const;

/** What a suggestion mark carries: its id (one suggestion may span several runs), who proposed it (a user id), when (ms). */
export interface SuggestionAttrs {
  id: string;
  by: string;
  at: number;
}

function suggestionMark(name: string, tag: 'ins' | 'del') {
  return Mark.create({
    name,
    // Typing at its edge is not part of it: a suggestion grows only as its suggester types it.
    inclusive: false,
    addAttributes() {
      const data = (attr: string, parse: (v: string | null) => unknown = (v) => v) => ({
        default: null,
        parseHTML: (element: HTMLElement) => parse(element.getAttribute(`data-${attr}`)),
        renderHTML: (attributes: Record<string, unknown>) => (attributes[attr] === null ? {} : { [`data-${attr}`]: String(attributes[attr]) }),
      });
      return {
        id: {
          ...data('id'),
          parseHTML: (element: HTMLElement) => element.getAttribute('data-suggestion'),
          renderHTML: (a: Record<string, unknown>) => ({ 'data-suggestion': a.id }),
        },
        by: data('by'),
        at: data('at', (v) => (v === null ? null : Number(v))),
      };
    },
    parseHTML: () => [{ tag: `${tag}[data-suggestion]` }],
    renderHTML: ({ HTMLAttributes }) => [tag, mergeAttributes(HTMLAttributes, { class: `suggestion suggestion-${name}` }), 0],
  });
}

/** Text someone who may only suggest added: it is in the document once an author accepts it. */
export const Insertion = suggestionMark(SUGGESTION_MARKS.insert, 'ins');
/** Text someone proposed to remove: it goes once an author accepts. */
export const Deletion = suggestionMark(SUGGESTION_MARKS.delete, 'del');
