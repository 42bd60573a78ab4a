import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { plainTextOf } from './plain-text.ts';

describe('a refused copy as plain text', () => {
  it('keeps paragraphs, headings, lists and table rows apart (it used to run every block together)', async () => {
    const { getSchema } = await import('@tiptap/core');
    const { stintExtensions } = await import('@stint/editor');
    const schema = getSchema(stintExtensions());
    const doc = new Y.Doc();
    const p = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
    prosemirrorJSONToYXmlFragment(
      schema,
      {
        type: 'doc',
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Findings (v1)' }] },
          p('OFFLINE EDIT'),
          { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Top causes' }] },
          {
            type: 'bulletList',
            content: [
              { type: 'listItem', content: [p('Gripper jams')] },
              { type: 'listItem', content: [p('Battery swaps')] },
            ],
          },
          {
            type: 'orderedList',
            content: [
              { type: 'listItem', content: [p('First')] },
              { type: 'listItem', content: [p('Second')] },
            ],
          },
        ],
      },
      doc.getXmlFragment('default'),
    );
    expect(plainTextOf(doc.getXmlFragment('default'))).toBe(
      ['## Findings (v1)', '', 'OFFLINE EDIT', '', '### Top causes', '', '- Gripper jams', '- Battery swaps', '', '1. First', '2. Second'].join('\n'),
    );
  });
});
