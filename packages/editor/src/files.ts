import { FILE_URL_PATTERN, formatBytes } from '@stint/domain';
import { mergeAttributes, Node } from '@tiptap/core';
import Image from '@tiptap/extension-image';

/** Only our own file URLs: an image or attachment pointing anywhere else renders as nothing. */
export const safeFileUrl = (value: unknown): string | null => (typeof value === 'string' && FILE_URL_PATTERN.test(value) ? value : null);

/**
 * An uploaded image, as a block. Its source is always one of the project's files: no remote
 * images (they would tell a third party who reads the document, and when) and no data: URLs
 * (a document's size would be the image's).
 */
export const StintImage = Image.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      src: {
        default: null,
        parseHTML: (el: HTMLElement) => safeFileUrl(el.getAttribute('src')),
        renderHTML: (attrs: Record<string, unknown>) => ({ src: safeFileUrl(attrs.src) }),
      },
    };
  },
}).configure({ inline: false, allowBase64: false });

/**
 * A file attached to the document: a download link with its name and size. The bytes stay in
 * the file store; the document holds the link, the name as uploaded and the sniffed type.
 */
export const Attachment = Node.create({
  name: 'attachment',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    const plain = (name: string) => ({ default: null, parseHTML: (el: HTMLElement) => el.getAttribute(`data-${name}`), renderHTML: () => ({}) });
    return {
      href: { default: null, parseHTML: (el: HTMLElement) => safeFileUrl(el.getAttribute('href')), renderHTML: () => ({}) },
      name: plain('name'),
      size: { default: null, parseHTML: (el: HTMLElement) => Number(el.getAttribute('data-size')) || null, renderHTML: () => ({}) },
      type: plain('type'),
    };
  },
  parseHTML() {
    return [{ tag: 'a[data-attachment]' }];
  },
  renderHTML({ node, HTMLAttributes }) {
    const href = safeFileUrl(node.attrs.href);
    const name = String(node.attrs.name ?? 'file');
    const size = typeof node.attrs.size === 'number' ? ` · ${formatBytes(node.attrs.size)}` : '';
    return [
      'a',
      mergeAttributes(HTMLAttributes, {
        class: 'attachment',
        'data-attachment': '',
        'data-name': name,
        'data-size': node.attrs.size ?? '',
        'data-type': node.attrs.type ?? '',
        ...(href ? { href, download: name } : {}),
      }),
      `${name}${size}`,
    ];
  },
  renderText({ node }) {
    return `[${String(node.attrs.name ?? 'file')}]`;
  },
});
