import type { JSONContent } from '@tiptap/core';

const escapeText = (text: string) => text.replace(/([\\`*_[\]#<>|])/g, '\\$1');

function inline(nodes: JSONContent[] = []): string {
  return nodes
    .map((node) => {
      if (node.type === 'hardBreak') return '  \n';
      if (node.type !== 'text') return '';
      let text = escapeText(node.text ?? '');
      for (const mark of node.marks ?? []) {
        if (mark.type === 'bold') text = `**${text}**`;
        else if (mark.type === 'italic') text = `*${text}*`;
        else if (mark.type === 'strike') text = `~~${text}~~`;
        else if (mark.type === 'code') text = `\`${node.text ?? ''}\``;
        else if (mark.type === 'link') {
          const href = String(mark.attrs?.href ?? '');
          text = /^(https?:|mailto:)/i.test(href) ? `[${text}](${href.replace(/[()\s]/g, encodeURIComponent)})` : text;
        }
      }
      return text;
    })
    .join('');
}

function block(node: JSONContent, indent = ''): string {
  const children = node.content ?? [];
  switch (node.type) {
    case 'paragraph':
      return indent + inline(children);
    case 'heading':
      return `${'#'.repeat(Math.min(6, Number(node.attrs?.level ?? 1)))} ${inline(children)}`;
    case 'blockquote':
      return children.map((c) => block(c).split('\n').map((l) => `> ${l}`).join('\n')).join('\n>\n');
    case 'codeBlock':
      return `\`\`\`${String(node.attrs?.language ?? '')}\n${children.map((c) => c.text ?? '').join('')}\n\`\`\``;
    case 'horizontalRule':
      return '---';
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

/** ProseMirror JSON of the one schema as CommonMark (with GFM strikethrough). */
export function toMarkdown(doc: JSONContent): string {
  return (doc.content ?? []).map((node) => block(node)).join('\n\n').trim();
}
