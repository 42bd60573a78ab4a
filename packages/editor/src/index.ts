export { CODE_LANGUAGE_LABELS, CODE_LANGUAGES } from './code-languages.ts';
export * from './comments.ts';
export * from './documents.ts';
export { LINK_PROTOCOLS, stintExtensions } from './extensions.ts';
export { Attachment, StintImage, safeFileUrl } from './files.ts';
export { childTypes, documentShapes, richTextSchema } from './shapes.ts';
export { Deletion, Insertion, SUGGESTION_MARKS, type SuggestionAttrs } from './suggestions.ts';
