import { FILE_URL_PATTERN } from '@stint/domain';
import sanitizeHtml from 'sanitize-html';

/**
 * The last line against script in rendered documents: only the tags the schema can produce,
 * only safe link schemes, no event handlers or styles — whatever the Yjs state holds.
 */
export function sanitize(html: string, options: { headingsFrom?: 1 | 2 | 3 } = {}): string {
  // Inside a page with headings of its own, a document's headings sit below them (its H1 under the page's H2).
  const shift = (options.headingsFrom ?? 1) - 1;
  const headings = Object.fromEntries([1, 2, 3, 4, 5, 6].map((level) => [`h${level}`, sanitizeHtml.simpleTransform(`h${Math.min(6, level + shift)}`, {})]));
  return sanitizeHtml(html, {
    allowedTags: [
      'p',
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'ul',
      'ol',
      'li',
      'blockquote',
      'pre',
      'code',
      'strong',
      'em',
      's',
      'u',
      'a',
      'br',
      'hr',
      'section',
      'header',
      'span',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'colgroup',
      'col',
      'label',
      'input',
      'div',
      'img',
    ],
    allowedAttributes: {
      a: ['href', 'rel', 'target', 'class', 'download', 'data-attachment', 'data-name', 'data-size', 'data-type'],
      img: ['src', 'alt', 'title'],
      section: ['class', 'data-status'],
      span: ['class'],
      ol: ['start'],
      th: ['colspan', 'rowspan'],
      td: ['colspan', 'rowspan'],
      ul: ['data-type'],
      li: ['data-type', 'data-checked'],
      // A task's box, shown as it stands and never live.
      input: ['type', 'checked', 'disabled'],
      code: ['class'],
    },
    allowedClasses: { code: ['language-*'], span: ['mention', 'hljs-*'], a: ['attachment'] },
    // Images only from the project's own files: nothing remote, nothing inline.
    exclusiveFilter: (frame) => frame.tag === 'img' && !FILE_URL_PATTERN.test(frame.attribs.src ?? ''),
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    transformTags: {
      ...(shift > 0 ? headings : {}),
      a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
      input: (_tag, attribs) => ({ tagName: 'input', attribs: { type: 'checkbox', disabled: '', ...(attribs.checked !== undefined ? { checked: '' } : {}) } }),
    },
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
