import { formatBytes } from '@stint/domain';
import { safeFileUrl } from '@stint/editor';
import type { JSONContent } from '@tiptap/core';

/**
 * Text as Markdown that reads as exactly that text: the punctuation Markdown or HTML acts on
 * anywhere is backslash-escaped (CommonMark makes escaped punctuation literal, so `<script>`
 * and `[x](javascript:…)` stay text), so is whatever would start a block at the beginning, and
 * line breaks can't start a new block.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]<>#|~&!]/g, '\\$&')
    .replace(/^(\s*)([-+=>]|\d+(?=[.)]))/, (_m, space: string, lead: string) => (/^\d/.test(lead) ? `${space}${lead}\\` : `${space}\\${lead}`));
}
const escapeText = escapeMarkdown;

/** A heading whose text stays text: every export writes its headings through here. */
export const markdownHeading = (level: 1 | 2 | 3, text: string): string => `${'#'.repeat(level)} ${escapeMarkdown(text)}`;

/** One document as a Markdown file of its own: its title as the heading, then its body. */
export const markdownFile = (title: string, body: string): string => `${markdownHeading(1, title)}\n\n${body}\n`;

/** The longest run of `char` in `text`. */
function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** Inline code that no backtick inside can end early: a longer fence, padded where needed. */
function codeSpan(text: string): string {
  const fence = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}

function inline(nodes: JSONContent[] = []): string {
  return nodes
    .map((node) => {
      if (node.type === 'hardBreak') return '  \n';
      if (node.type === 'mention') return escapeText(`@${String(node.attrs?.label ?? node.attrs?.id ?? '')}`);
      if (node.type !== 'text') return '';
      let text = escapeText(node.text ?? '');
      for (const mark of node.marks ?? []) {
        if (mark.type === 'bold') text = `**${text}**`;
        else if (mark.type === 'italic') text = `*${text}*`;
        else if (mark.type === 'strike') text = `~~${text}~~`;
        else if (mark.type === 'code') text = codeSpan(node.text ?? '');
        else if (mark.type === 'link') {
          const href = String(mark.attrs?.href ?? '');
          text = /^(https?:|mailto:)/i.test(href) ? `[${text}](${href.replace(/[()\s<>\\]/g, encodeURIComponent)})` : text;
        }
      }
      return text;
    })
    .join('');
}

/** A table cell on one line: its paragraphs joined (text already has its pipes escaped). */
function cellText(cell: JSONContent): string {
  return (cell.content ?? [])
    .map((c) => block(c))
    .join(' ')
    .replace(/\n+/g, ' ');
}

/** Where a file's link points in this rendering (the zip's `files/…`); set for one synchronous toMarkdown. */
let fileHref: FileHref = (url) => url;
export type FileHref = (url: string, name: string) => string;
const destination = (url: string) => `<${url.replace(/[<>\n]/g, encodeURIComponent)}>`;

function block(node: JSONContent, indent = ''): string {
  const children = node.content ?? [];
  switch (node.type) {
    case 'image': {
      const src = safeFileUrl(node.attrs?.src);
      const alt = escapeText(String(node.attrs?.alt ?? ''));
      return src ? `${indent}![${alt}](${destination(fileHref(src, String(node.attrs?.title ?? node.attrs?.alt ?? 'image')))})` : '';
    }
    case 'attachment': {
      const href = safeFileUrl(node.attrs?.href);
      const name = String(node.attrs?.name ?? 'file');
      const size = typeof node.attrs?.size === 'number' ? ` (${formatBytes(node.attrs.size)})` : '';
      return href ? `${indent}📎 [${escapeText(name)}](${destination(fileHref(href, name))})${escapeText(size)}` : '';
    }
    case 'paragraph':
      return indent + inline(children);
    case 'heading':
      return `${'#'.repeat(Math.min(6, Number(node.attrs?.level ?? 1)))} ${inline(children)}`;
    case 'blockquote':
      return children
        .map((c) =>
          block(c)
            .split('\n')
            .map((l) => `> ${l}`)
            .join('\n'),
        )
        .join('\n>\n');
    case 'codeBlock': {
      const code = children.map((c) => c.text ?? '').join('');
      // A fence longer than any backtick run inside, so the code can't close it and turn live.
      const fence = '`'.repeat(Math.max(3, longestRun(code, '`') + 1));
      const language = String(node.attrs?.language ?? '').replace(/[^\w+#.-]/g, '');
      return `${fence}${language}\n${code}\n${fence}`;
    }
    case 'horizontalRule':
      return '---';
    case 'taskList':
      return children
        .map((item) => {
          const box = item.attrs?.checked ? '[x]' : '[ ]';
          const [first, ...rest] = (item.content ?? []).map((c) => block(c, `${indent}  `).trimStart());
          return [`${indent}- ${box} ${first ?? ''}`, ...rest.map((r) => `${indent}  ${r}`)].join('\n');
        })
        .join('\n');
    case 'table': {
      // GFM: the first row is the header (a table without header cells gets an empty one).
      const rows = children.map((row) => (row.content ?? []).map((cell) => cellText(cell)));
      const width = Math.max(1, ...rows.map((r) => r.length));
      const pad = (r: string[]) => [...r, ...Array(width - r.length).fill('')];
      const headed = children[0]?.content?.some((c) => c.type === 'tableHeader') ?? false;
      const [head, ...body] = headed ? rows : [Array(width).fill(''), ...rows];
      const line = (r: string[]) => `| ${pad(r).join(' | ')} |`;
      return [line(head ?? []), `|${' --- |'.repeat(width)}`, ...body.map(line)].join('\n');
    }
    case 'bulletList':
    case 'orderedList':
      return children
        .map((item, i) => {
          const marker = node.type === 'orderedList' ? `${Number(node.attrs?.start ?? 1) + i}.` : '-';
          const [first, ...rest] = (item.content ?? []).map((c) => block(c, `${indent}  `).trimStart());
          return [`${indent}${marker} ${first ?? ''}`, ...rest.map((r) => `${indent}  ${r}`)].join('\n');
        })
        .join('\n');
    default:
      return children.map((c) => block(c, indent)).join('\n\n');
  }
}

/**
 * ProseMirror JSON of the one schema as CommonMark (with GFM tables, task lists, strikethrough).
 * `files` maps an uploaded file's URL to where this rendering finds it.
 */
export function toMarkdown(doc: JSONContent, options: { files?: FileHref } = {}): string {
  fileHref = options.files ?? ((url) => url);
  try {
    return (doc.content ?? [])
      .map((node) => block(node))
      .join('\n\n')
      .trim();
  } finally {
    fileHref = (url) => url;
  }
}
