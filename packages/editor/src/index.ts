export { stintExtensions, LINK_PROTOCOLS } from './extensions.ts';
export * from './documents.ts';
export * from './comments.ts';
export { childTypes, documentShapes, richTextSchema } from './shapes.ts';
