import { CHECKINS_FIELD, RICH_TEXT_FIELD, stintExtensions, writeThread } from '@stint/editor';
import { getSchema } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { renderDocument } from './render.ts';

const schema = getSchema(stintExtensions());

function docWith(content: unknown[]): Y.Doc {
  const doc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content }, doc.getXmlFragment(RICH_TEXT_FIELD));
  return doc;
}

const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const t = (text: string, marks?: unknown[]) => ({ type: 'text', text, ...(marks ? { marks } : {}) });

describe('rendering documents with the one schema', () => {
  it('renders headings, marks, lists and links to HTML and text', () => {
    const doc = docWith([
      { type: 'heading', attrs: { level: 2 }, content: [t('Findings')] },
      p(t('Users '), t('love', [{ type: 'bold' }]), t(' the '), t('export', [{ type: 'link', attrs: { href: 'https://stint.example/x' } }])),
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [p(t('one'))] },
          { type: 'listItem', content: [p(t('two'))] },
        ],
      },
    ]);
    const { html, text } = renderDocument('deliverable', doc);
    expect(html).toContain('<h2>Findings</h2>');
    expect(html).toContain('<strong>love</strong>');
    expect(html).toMatch(/<a [^>]*rel="noopener noreferrer nofollow"[^>]*href="https:\/\/stint\.example\/x"/);
    expect(html).toContain('<li><p>one</p></li>');
    expect(text).toBe('Findings\nUsers love the export\none\ntwo');
  });

  it('renders a mention as the person’s name in HTML, text and Markdown', () => {
    const doc = docWith([p(t('Over to '), { type: 'mention', attrs: { id: 'u123', label: 'Maya Mentor' } }, t(' for the quotes.'))]);
    const { html, text, markdown } = renderDocument('deliverable', doc);
    expect(text).toBe('Over to @Maya Mentor for the quotes.');
    expect(html).toContain('@Maya Mentor');
    expect(markdown).toContain('Over to @Maya Mentor for the quotes.');
  });

  it('renders script, handlers, javascript: links and raw HTML in text inert', () => {
    const doc = docWith([
      p(t('<script>alert(1)</script> <img src=x onerror=alert(2)>')),
      p(t('click', [{ type: 'link', attrs: { href: 'javascript:alert(3)' } }])),
    ]);
    // Write a hostile href straight into the Yjs state, past the editor's own checks.
    const para = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    text.insert(0, 'raw', { link: { href: 'javascript:alert(4)' } });
    para.insert(0, [text]);
    doc.getXmlFragment(RICH_TEXT_FIELD).push([para]);
    const { html } = renderDocument('brief', doc);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<[^>]*\bonerror/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('renders check-ins by date with status and the author the server knows, never a name in the document', () => {
    const doc = new Y.Doc();
    const entries = doc.getArray<Y.Map<unknown>>(CHECKINS_FIELD);
    const entry = (date: string, status: string, body: string) => {
      const m = new Y.Map<unknown>();
      const fragment = new Y.XmlFragment();
      m.set('id', date);
      m.set('date', date);
      m.set('status', status);
      // A forged name (from a document stored before the shape guard) is never shown.
      m.set('authorName', 'The Employer');
      m.set('body', fragment);
      entries.push([m]);
      prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content: [p(t(body))] }, fragment);
    };
    entry('2026-11-20', 'at_risk', 'Data is messier than expected');
    entry('2026-11-18', 'on_track', 'Started');
    const { html, text } = renderDocument('checkins', doc, { authorOf: (client) => (client === doc.clientID ? 'Sam <b>' : null) });
    expect(text).not.toContain('The Employer');
    expect(text).toBe('2026-11-18 · On track · Sam <b>\nStarted\n\n2026-11-20 · At risk · Sam <b>\nData is messier than expected');
    expect(html).toContain('data-status="at_risk"');
    expect(html).toContain('Sam &lt;b&gt;');
  });

  it('renders uploaded images and attachments from the project’s files, and nothing that points elsewhere', () => {
    const image = '/api/projects/p1/files/f1';
    const csv = '/api/projects/p1/files/f2';
    const doc = docWith([
      { type: 'image', attrs: { src: image, alt: 'Revenue by month' } },
      { type: 'attachment', attrs: { href: csv, name: 'sales <2026>.csv', size: 1234, type: 'text/csv' } },
      { type: 'image', attrs: { src: 'https://tracker.example/pixel.gif', alt: 'remote' } },
      { type: 'image', attrs: { src: 'data:image/png;base64,AAAA', alt: 'inline' } },
      { type: 'attachment', attrs: { href: 'javascript:alert(1)', name: 'evil.csv' } },
    ]);
    const { html, markdown, text } = renderDocument('deliverable', doc);
    expect(html).toContain(`<img src="${image}" alt="Revenue by month" />`);
    expect(html).toMatch(new RegExp(`<a class="attachment"[^>]*href="${csv}"[^>]*>sales &lt;2026&gt;.csv · 1.2 kB</a>`));
    expect(html).not.toMatch(/tracker|data:|javascript/);
    expect(markdown).toBe(`![Revenue by month](<${image}>)\n\n📎 [sales \\<2026\\>.csv](<${csv}>) (1.2 kB)`);
    expect(text).toContain('[sales <2026>.csv]');
  });

  it('renders an empty document as empty', () => {
    expect(renderDocument('feedback', new Y.Doc())).toEqual({ text: '', html: '', markdown: '' });
  });

  it('renders comment threads as text with their quote, status and messages, escaped', () => {
    const doc = new Y.Doc();
    writeThread(doc, {
      id: 't1',
      doc: 'deliverable',
      anchor: { from: 'a', to: 'b' },
      quote: 'twelve <b>customers</b>',
      resolved: true,
      messages: [{ id: 'm1', author: { id: 'u', name: 'Erin' }, body: 'Which <script>?', createdAt: '2026-11-22T00:00:00Z' }],
    });
    const { text, html } = renderDocument('comments', doc);
    expect(text).toBe('On the deliverable, “twelve <b>customers</b>” (resolved)\nErin: Which <script>?');
    expect(html).not.toMatch(/<script|<b>/);
  });

  describe('a stored document that does not fit the schema', () => {
    const poisoned = () => {
      const doc = new Y.Doc();
      const fragment = doc.getXmlFragment(RICH_TEXT_FIELD);
      prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content: [p(t('kept'))] }, fragment);
      const para = new Y.XmlElement('paragraph');
      para.insert(0, [new Y.XmlElement('paragraph'), new Y.XmlText('inner')]);
      const text = new Y.XmlText('formatted');
      text.format(0, 3, { blink: {} });
      text.insertEmbed(3, { x: 1 });
      const para2 = new Y.XmlElement('paragraph');
      para2.insert(0, [text]);
      fragment.insert(fragment.length, [
        new Y.XmlText('loose top-level text'),
        new Y.XmlElement('script'),
        new Y.XmlHook('hook') as unknown as Y.XmlElement,
        para,
        para2,
      ]);
      const entries = doc.getArray<unknown>(CHECKINS_FIELD);
      entries.push(['not a map', new Y.Array()]);
      const entry = new Y.Map<unknown>();
      entry.set('date', 42);
      entry.set('status', '__proto__');
      entry.set('body', new Y.Text('wrong type'));
      entries.push([entry]);
      return doc;
    };

    it('renders what fits, leaves the rest out and says so, without throwing', () => {
      const skipped: string[] = [];
      const rendering = renderDocument('deliverable', poisoned(), { onSkip: (what) => skipped.push(what) });
      expect(rendering.text).toContain('kept');
      expect(rendering.text).toContain('formatted');
      expect(rendering.html).not.toContain('script');
      expect(skipped.length).toBeGreaterThan(0);
      const checkins = renderDocument('checkins', poisoned());
      expect(checkins.text).toContain('On track · Unknown');
    });

    it('reading it never changes it', () => {
      const doc = poisoned();
      const before = Y.encodeStateAsUpdate(doc);
      for (const kind of ['brief', 'deliverable', 'feedback', 'checkins'] as const) renderDocument(kind, doc);
      expect(Buffer.from(Y.encodeStateAsUpdate(doc)).equals(Buffer.from(before))).toBe(true);
    });
  });
});

describe('tables, task lists and code', () => {
  it('render to HTML, text and GFM Markdown, and a task box is never live', () => {
    const cell = (type: string, text: string) => ({ type, content: [p(t(text))] });
    const doc = docWith([
      {
        type: 'table',
        content: [
          { type: 'tableRow', content: [cell('tableHeader', 'Segment'), cell('tableHeader', 'Churn')] },
          { type: 'tableRow', content: [cell('tableCell', 'SMB'), cell('tableCell', '7% | rising')] },
        ],
      },
      {
        type: 'taskList',
        content: [
          { type: 'taskItem', attrs: { checked: true }, content: [p(t('Clean the CSV'))] },
          { type: 'taskItem', attrs: { checked: false }, content: [p(t('Write the note'))] },
        ],
      },
      { type: 'codeBlock', attrs: { language: 'sql' }, content: [t('select count(*) from trials;')] },
    ]);
    const { html, text, markdown } = renderDocument('deliverable', doc);
    expect(html).toContain('<th');
    expect(html).toContain('<td');
    expect(html).toMatch(/<input type="checkbox" disabled(="")? checked(="")?/);
    expect(html).not.toMatch(/<input(?![^>]*disabled)/);
    expect(html).toContain('select count(*) from trials;');
    expect(text).toContain('SMB');
    expect(markdown).toContain('| Segment | Churn |\n| --- | --- |\n| SMB | 7% \\| rising |');
    expect(markdown).toContain('- [x] Clean the CSV\n- [ ] Write the note');
    expect(markdown).toContain('```sql\nselect count(*) from trials;\n```');
  });
});
