import { RICH_TEXT_FIELD, stintExtensions } from '@stint/editor';
import { getSchema } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { fragmentToDoc } from './yjs-to-prosemirror.ts';

const schema = getSchema(stintExtensions());

/**
 * Makes `target`'s rich text read as `source`'s does, as ordinary new edits on top of the
 * current state: history is kept, and every client merges the change like any other.
 */
export function restoreRichText(target: Y.Doc, source: Y.Doc): void {
  // Through the schema, so a version holding what the schema can't hold restores without it.
  const json = fragmentToDoc(source.getXmlFragment(RICH_TEXT_FIELD), schema).toJSON();
  const fragment = target.getXmlFragment(RICH_TEXT_FIELD);
  target.transact(() => {
    fragment.delete(0, fragment.length);
    prosemirrorJSONToYXmlFragment(schema, json, fragment);
  });
}

/** A new document whose rich text is `json` (ProseMirror JSON of the one schema): for seeding. */
export function richTextDoc(json: Record<string, unknown>): Y.Doc {
  const doc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(schema, json, doc.getXmlFragment(RICH_TEXT_FIELD));
  return doc;
}
