export { renderDocument, renderFragment, type Rendering } from './render.ts';
export { sanitize, escapeHtml } from './sanitize.ts';
export { restoreRichText } from './restore.ts';
