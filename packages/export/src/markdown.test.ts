import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, toMarkdown } from './markdown.ts';
import { exportMarkdown } from './workspace-export.ts';

// A CommonMark parser with raw HTML on, as a careless viewer of the export would have it.
const parser = new MarkdownIt({ html: true, linkify: false });
const render = (markdown: string) => parser.render(markdown);

const hostile = [
  '<script>alert(1)</script>',
  '[x](javascript:alert(1))',
  '<img src=x onerror=alert(1)>',
  '# not a heading',
  '- not a list',
  '1. not a list',
  '> not a quote',
  '`<b>code</b>`',
  '**not bold**',
  '&lt;entity&gt;',
];

describe('Markdown export escaping', () => {
  for (const text of hostile) {
    it(`text ${JSON.stringify(text)} stays text`, () => {
      const html = render(escapeMarkdown(text));
      expect(html).not.toMatch(/<(script|img|a |b>|h1|ul|ol|blockquote|strong|code)/);
      // What the reader sees is exactly the text.
      expect(
        parser
          .renderInline(escapeMarkdown(text))
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&amp;/g, '&')
          .replace(/&quot;/g, '"'),
      ).toBe(text);
    });
  }

  it('inline code with backticks inside cannot break out', () => {
    const code = 'a ` <script>alert(1)</script> `` b';
    const markdown = toMarkdown({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: code, marks: [{ type: 'code' }] }] }] });
    const html = render(markdown);
    expect(html).not.toContain('<script>');
    expect(html).toContain('<code>');
  });

  it('a code block with ``` inside is fenced longer and stays one block', () => {
    const code = 'before\n```\n<script>alert(1)</script>\n````\nafter';
    const markdown = toMarkdown({
      type: 'doc',
      content: [{ type: 'codeBlock', attrs: { language: 'js"><script>' }, content: [{ type: 'text', text: code }] }],
    });
    const html = render(markdown);
    expect(html).not.toContain('<script>');
    expect(html.match(/<pre>/g)?.length).toBe(1);
    expect(html).toContain('after');
  });

  it('title, summary, names and skills in the export head are text', () => {
    const markdown = exportMarkdown({
      project: {
        id: 'p',
        title: '<script>alert(1)</script>',
        summary: '[x](javascript:alert(1))\n# injected',
        skills: ['<b>skill</b>'],
        estimatedHours: 4,
        compensation: { amount: 100, currency: 'USD' },
        dueDate: null,
        status: 'in_progress',
        employer: { id: 'e', name: '<img src=x onerror=alert(1)>', organisation: null },
        createdAt: '2026-11-27T00:00:00Z',
      },
      members: [{ name: '**Mallory**', role: 'mentor' }],
      documents: [],
      exportedAt: '2026-11-27T00:00:00Z',
    });
    const html = render(markdown);
    expect(html).not.toMatch(/<(script|img|a |b>|strong)/);
    expect(html.match(/<h1>/g)?.length).toBe(1);
  });
});
