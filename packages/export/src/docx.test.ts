import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RICH_TEXT_FIELD, stintExtensions } from '@stint/editor';
import { getSchema } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { barChartPng } from '../../../test/support/png.ts';
import { richTextDocx } from './docx.ts';

const schema = getSchema(stintExtensions());
const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const t = (text: string, marks?: unknown[]) => ({ type: 'text', text, ...(marks ? { marks } : {}) });

/** A part of a .docx (it is a zip), read with the system's unzip: by default its main document. */
function documentXml(docx: Buffer, part = 'word/document.xml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'stint-docx-'));
  try {
    const file = join(dir, 'out.docx');
    writeFileSync(file, docx);
    return execFileSync('unzip', ['-p', file, part]).toString('utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('DOCX', () => {
  it('carries headings, marks, links, lists, tasks, code, tables and mentions', async () => {
    const doc = new Y.Doc();
    const cell = (type: string, text: string) => ({ type, content: [p(t(text))] });
    prosemirrorJSONToYXmlFragment(
      schema,
      {
        type: 'doc',
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [t('Findings')] },
          p(t('Trials '), t('stall', [{ type: 'bold' }]), t(' — see '), t('the log', [{ type: 'link', attrs: { href: 'https://example.com/log' } }])),
          { type: 'orderedList', content: [{ type: 'listItem', content: [p(t('first'))] }] },
          { type: 'taskList', content: [{ type: 'taskItem', attrs: { checked: true }, content: [p(t('cleaned'))] }] },
          { type: 'codeBlock', attrs: { language: 'sql' }, content: [t('select 1;\nselect 2;')] },
          {
            type: 'table',
            content: [
              { type: 'tableRow', content: [cell('tableHeader', 'Segment'), cell('tableHeader', 'Churn')] },
              { type: 'tableRow', content: [cell('tableCell', 'SMB'), cell('tableCell', '7%')] },
            ],
          },
          p(t('Over to '), { type: 'mention', attrs: { id: 'u1', label: 'Maya Mentor' } }),
        ],
      },
      doc.getXmlFragment(RICH_TEXT_FIELD),
    );
    const docx = await richTextDocx({ title: 'Churn study', subtitle: 'Deliverable', doc });
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    const xml = documentXml(docx);
    for (const text of [
      'Churn study',
      'Findings',
      'stall',
      'the log',
      'first',
      '☑ ',
      'cleaned',
      'select 1;',
      'select 2;',
      'Segment',
      'SMB',
      '7%',
      '@Maya Mentor',
    ])
      expect(xml, text).toContain(text);
    expect(xml).toMatch(/<w:pStyle w:val="Heading2"\/>/);
    expect(xml).toContain('<w:b/>');
    expect(xml).toContain('<w:tbl>');
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toContain('w:ascii="Consolas"');
    expect(xml).toContain('<w:hyperlink');
  });

  it('embeds uploaded images scaled to the page, names what it can’t show, and names attachments', async () => {
    const doc = new Y.Doc();
    const chart = '/api/projects/p1/files/chart';
    prosemirrorJSONToYXmlFragment(
      schema,
      {
        type: 'doc',
        content: [
          { type: 'image', attrs: { src: chart, alt: 'Churn by segment' } },
          { type: 'image', attrs: { src: '/api/projects/p1/files/missing', alt: 'Not given' } },
          { type: 'attachment', attrs: { href: '/api/projects/p1/files/csv', name: 'survey.csv', size: 2048 } },
        ],
      },
      doc.getXmlFragment(RICH_TEXT_FIELD),
    );
    const docx = await richTextDocx({ title: 'T', subtitle: 's', doc, images: new Map([[chart, barChartPng(1200, 300)]]) });
    const xml = documentXml(docx);
    expect(xml).toContain('<w:drawing>');
    expect(xml).toContain('descr="Churn by segment"');
    // 1200 px wide scaled to 600 px: 600 × 9525 EMU.
    expect(xml).toContain(`cx="${600 * 9525}"`);
    expect(xml).toContain('[image: Not given]');
    expect(xml).toContain('Attached: survey.csv (2.0 kB)');
  });

  it('carries open suggestions as tracked changes by their suggester, and comment threads as Word comments on their passage', async () => {
    const doc = new Y.Doc();
    const suggested = (type: string, id: string) => ({ type, attrs: { id, by: 'u-erin', at: Date.UTC(2026, 11, 7, 9, 30) } });
    prosemirrorJSONToYXmlFragment(
      schema,
      {
        type: 'doc',
        content: [
          p(
            t('Churn is seasonal.'),
            t(' Especially in Q1.', [suggested('insertion', 's1')]),
            t(' Retention matters '),
            t('most', [suggested('deletion', 's2')]),
            t('.'),
          ),
          p(t('Quotes follow for every theme.')),
        ],
      },
      doc.getXmlFragment(RICH_TEXT_FIELD),
    );
    const docx = await richTextDocx({
      title: 'Findings',
      subtitle: 'Deliverable',
      doc,
      people: new Map([['u-erin', 'Erin Employer']]),
      comments: [
        {
          quote: 'every theme',
          resolved: false,
          messages: [
            { author: 'Maya Mentor', body: 'Two quotes each, please.', createdAt: '2026-12-06T10:00:00.000Z' },
            { author: 'Sam Student', body: 'Will do.', createdAt: '2026-12-06T11:00:00.000Z' },
          ],
        },
        { quote: 'a passage no longer there', resolved: true, messages: [{ author: 'Erin Employer', body: 'Gone?', createdAt: '2026-12-06T12:00:00.000Z' }] },
      ],
    });
    const xml = documentXml(docx);
    expect(xml).toMatch(/<w:ins [^>]*w:author="Erin Employer"[^>]*>.*?Especially in Q1\./s);
    expect(xml).toMatch(/<w:del [^>]*w:author="Erin Employer"[^>]*>.*?<w:delText[^>]*>most<\/w:delText>/s);
    // Each thread is marked around its paragraph (or the title, when its passage is gone).
    expect(xml.match(/<w:commentRangeStart /g)).toHaveLength(2);
    expect(xml.match(/<w:commentReference /g)).toHaveLength(2);
    const comments = documentXml(docx, 'word/comments.xml');
    expect(comments.match(/<w:comment /g)).toHaveLength(2);
    expect(comments).toContain('w:author="Maya Mentor"');
    expect(comments).toContain('Two quotes each, please.');
    expect(comments).toContain('Sam Student: ');
    expect(comments).toContain('Will do.');
  });
});
