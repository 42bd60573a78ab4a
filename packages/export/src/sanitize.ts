import sanitizeHtml from 'sanitize-html';

/**
 * The last line against script in rendered documents: only the tags the schema can produce,
 * only safe link schemes, no event handlers or styles — whatever the Yjs state holds.
 */
export function sanitize(html: string): string {
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
    ],
    allowedAttributes: { a: ['href', 'rel', 'target'], section: ['class', 'data-status'], span: ['class'], ol: ['start'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
