import * as Y from 'yjs';

/**
 * A rich-text document as plain text that keeps its shape: one block per line, a blank line
 * between paragraphs, headings and list items marked, table cells apart. What the "not saved"
 * box offers to copy, so a refused edit can be pasted back without re-typing its structure.
 */
export function plainTextOf(fragment: Y.XmlFragment): string {
  const lines: string[] = [];
  blocks(fragment, '', lines);
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function inline(text: Y.XmlText): string {
  return (text.toDelta() as Array<{ insert: unknown }>).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
}

function textOf(node: Y.XmlElement | Y.XmlFragment): string {
  return node
    .toArray()
    .map((child) =>
      child instanceof Y.XmlText
        ? inline(child)
        : child instanceof Y.XmlElement && child.nodeName === 'hardBreak'
          ? '\n'
          : child instanceof Y.XmlElement
            ? textOf(child)
            : '',
    )
    .join('');
}

function blocks(parent: Y.XmlElement | Y.XmlFragment, indent: string, lines: string[]): void {
  let number = 0;
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) {
      lines.push(indent + inline(child));
      continue;
    }
    if (!(child instanceof Y.XmlElement)) continue;
    switch (child.nodeName) {
      case 'heading':
        lines.push('', `${indent}${'#'.repeat(Number(child.getAttribute('level')) || 1)} ${textOf(child)}`, '');
        break;
      case 'paragraph':
      case 'codeBlock':
        lines.push(indent + textOf(child), '');
        break;
      case 'blockquote':
        blocks(child, `${indent}> `, lines);
        break;
      case 'bulletList':
      case 'taskList':
      case 'orderedList':
        blocks(child, indent, lines);
        lines.push('');
        break;
      case 'listItem':
      case 'taskItem': {
        number += 1;
        const marker = parent instanceof Y.XmlElement && parent.nodeName === 'orderedList' ? `${number}. ` : '- ';
        const inner: string[] = [];
        blocks(child, '', inner);
        const [first = '', ...rest] = inner.filter((l) => l !== '');
        lines.push(indent + marker + first, ...rest.map((l) => `${indent}  ${l}`));
        break;
      }
      case 'table':
        for (const row of child.toArray())
          if (row instanceof Y.XmlElement)
            lines.push(
              indent +
                row
                  .toArray()
                  .map((cell) => (cell instanceof Y.XmlElement ? textOf(cell) : ''))
                  .join('\t'),
            );
        lines.push('');
        break;
      case 'horizontalRule':
        lines.push(`${indent}---`, '');
        break;
      default:
        lines.push(indent + textOf(child), '');
    }
  }
}
