import { formatBytes } from '@stint/domain';
import { RICH_TEXT_FIELD, SUGGESTION_MARKS, safeFileUrl, stintExtensions } from '@stint/editor';
import { getSchema, type JSONContent } from '@tiptap/core';
import {
  AlignmentType,
  BorderStyle,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  InsertedTextRun,
  LevelFormat,
  Packer,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { imageSize } from 'image-size';
import type * as Y from 'yjs';
import { fragmentToDoc } from './yjs-to-prosemirror.ts';

const schema = getSchema(stintExtensions());
const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];
const NUMBERED = 'stint-numbered';

/** Inline content as runs: marks become run formatting, links stay links, mentions read "@Name". */
function runs(nodes: JSONContent[] = []): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const node of nodes) {
    if (node.type === 'hardBreak') {
      out.push(new TextRun({ text: '', break: 1 }));
      continue;
    }
    if (node.type === 'mention') {
      out.push(new TextRun({ text: `@${String(node.attrs?.label ?? node.attrs?.id ?? '')}`, bold: true }));
      continue;
    }
    if (node.type !== 'text') continue;
    const marks = new Set((node.marks ?? []).map((m) => m.type));
    const formatting = {
      text: node.text ?? '',
      bold: marks.has('bold'),
      italics: marks.has('italic'),
      strike: marks.has('strike'),
      ...(marks.has('code') ? { font: 'Consolas' } : {}),
      ...(marks.has('link') ? { style: 'Hyperlink' } : {}),
    };
    // A suggestion still open is a tracked change in Word: accept or reject it there.
    const suggestion = node.marks?.find((m) => m.type === SUGGESTION_MARKS.insert || m.type === SUGGESTION_MARKS.delete);
    if (suggestion) {
      const change = { id: context.revision++, author: context.people.get(String(suggestion.attrs?.by)) ?? 'Someone', date: when(suggestion.attrs?.at) };
      out.push(
        suggestion.type === SUGGESTION_MARKS.insert ? new InsertedTextRun({ ...formatting, ...change }) : new DeletedTextRun({ ...formatting, ...change }),
      );
      continue;
    }
    const run = new TextRun(formatting);
    const href = String(node.marks?.find((m) => m.type === 'link')?.attrs?.href ?? '');
    out.push(/^(https?:|mailto:)/i.test(href) ? new ExternalHyperlink({ link: href, children: [run] }) : run);
  }
  return out;
}

/** What one synchronous richTextDocx call draws on: image bytes by URL, names by user id, the next change id, the comments to place. */
interface Context {
  images: ReadonlyMap<string, Uint8Array>;
  people: ReadonlyMap<string, string>;
  revision: number;
  comments: PlacedComment[];
}
interface PlacedComment {
  id: number;
  quote: string;
  placed: boolean;
}
const idle = (): Context => ({ images: new Map(), people: new Map(), revision: 1, comments: [] });
let context: Context = idle();

const when = (at: unknown): string => new Date(typeof at === 'number' && Number.isFinite(at) ? at : Date.now()).toISOString();

/** A paragraph's runs, with the comments whose quoted passage it holds marked around them (Word shows each in the margin there). */
function commented(nodes: JSONContent[] | undefined): ParagraphChild[] {
  const children = runs(nodes);
  const text = (nodes ?? []).map((n) => n.text ?? '').join('');
  const here = context.comments.filter((c) => !c.placed && c.quote && text.includes(c.quote));
  if (here.length === 0) return children;
  for (const c of here) c.placed = true;
  return [
    ...here.map((c) => new CommentRangeStart(c.id)),
    ...children,
    ...here.flatMap((c) => [new CommentRangeEnd(c.id), new TextRun({ children: [new CommentReference(c.id)] })]),
  ];
}
/** Word's page is about 6.3 inches of text wide: 600 px at 96 to the inch, scaled to fit. */
const MAX_IMAGE_WIDTH = 600;
const WORD_IMAGE_TYPES: Record<string, 'png' | 'jpg' | 'gif'> = { png: 'png', jpg: 'jpg', gif: 'gif' };

/** An uploaded image as an inline picture, or its description when Word can't show it (WebP) or it isn't given. */
function picture(node: JSONContent): Paragraph {
  const src = safeFileUrl(node.attrs?.src);
  const alt = String(node.attrs?.alt ?? '');
  const data = src ? context.images.get(src) : undefined;
  const size = data ? sizeOf(data) : null;
  const type = size?.type ? WORD_IMAGE_TYPES[size.type] : undefined;
  if (!data || !size?.width || !size.height || !type)
    return new Paragraph({ children: [new TextRun({ text: `[image${alt ? `: ${alt}` : ''}]`, italics: true })] });
  const scale = Math.min(1, MAX_IMAGE_WIDTH / size.width);
  return new Paragraph({
    children: [
      new ImageRun({
        type,
        data,
        transformation: { width: Math.round(size.width * scale), height: Math.round(size.height * scale) },
        altText: { name: alt || 'image', description: alt, title: alt },
      }),
    ],
  });
}

function sizeOf(data: Uint8Array): { width?: number; height?: number; type?: string } | null {
  try {
    return imageSize(data);
  } catch {
    return null;
  }
}

/** Block content as Word paragraphs and tables, lists nested by level. */
function blocks(nodes: JSONContent[] = [], level = 0): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [];
  for (const node of nodes) {
    const children = node.content ?? [];
    switch (node.type) {
      case 'image':
        out.push(picture(node));
        break;
      case 'attachment': {
        const size = typeof node.attrs?.size === 'number' ? ` (${formatBytes(node.attrs.size)})` : '';
        out.push(new Paragraph({ children: [new TextRun({ text: `Attached: ${String(node.attrs?.name ?? 'file')}${size}`, italics: true })] }));
        break;
      }
      case 'paragraph':
        out.push(new Paragraph({ children: commented(children) }));
        break;
      case 'heading':
        out.push(new Paragraph({ heading: HEADINGS[Math.min(5, Number(node.attrs?.level ?? 1) - 1)], children: commented(children) }));
        break;
      case 'blockquote':
        // Word has no quote block of its own here: the quoted paragraphs, as they are.
        out.push(...blocks(children, level));
        break;
      case 'codeBlock':
        for (const line of children
          .map((c) => c.text ?? '')
          .join('')
          .split('\n'))
          out.push(
            new Paragraph({
              shading: { type: ShadingType.CLEAR, fill: 'F1F3F5', color: 'auto' },
              children: [new TextRun({ text: line, font: 'Consolas', size: 20 })],
            }),
          );
        break;
      case 'horizontalRule':
        out.push(new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'CED4DA', space: 1 } }, children: [] }));
        break;
      case 'bulletList':
      case 'orderedList':
      case 'taskList':
        for (const item of children) {
          const [first, ...rest] = item.content ?? [];
          const box = node.type === 'taskList' ? [new TextRun({ text: item.attrs?.checked ? '☑ ' : '☐ ' })] : [];
          out.push(
            new Paragraph({
              ...(node.type === 'orderedList' ? { numbering: { reference: NUMBERED, level: Math.min(level, 8) } } : { bullet: { level: Math.min(level, 8) } }),
              children: [...box, ...commented(first?.content)],
            }),
          );
          out.push(...blocks(rest, level + 1));
        }
        break;
      case 'table':
        out.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: children.map(
              (row) =>
                new TableRow({
                  tableHeader: row.content?.some((c) => c.type === 'tableHeader') ?? false,
                  children: (row.content ?? []).map(
                    (cell) =>
                      new TableCell({
                        columnSpan: Number(cell.attrs?.colspan ?? 1),
                        rowSpan: Number(cell.attrs?.rowspan ?? 1),
                        ...(cell.type === 'tableHeader' ? { shading: { type: ShadingType.CLEAR, fill: 'F1F3F5', color: 'auto' } } : {}),
                        children: blocks(cell.content).filter((b): b is Paragraph => b instanceof Paragraph),
                      }),
                  ),
                }),
            ),
          }),
        );
        break;
      default:
        out.push(...blocks(children, level));
    }
  }
  return out;
}

/** A comment thread as Word shows one: its passage, then each message with who wrote it and when. */
export interface DocxComment {
  quote: string;
  resolved: boolean;
  messages: ReadonlyArray<{ author: string; body: string; createdAt: string }>;
}

/**
 * A rich-text document as a Word file: headings, marks, links, lists (numbered, bulleted, tasks),
 * quotes, code (monospace, shaded), tables with their header row, mentions as names, uploaded
 * images (PNG, JPEG, GIF: `images` holds their bytes by URL) and attachments by name; open
 * suggestions as tracked changes by their suggester (`people` names them), comment threads as
 * Word comments on the paragraph that holds their passage. Built from the document tree of the
 * one schema, so what the browser wrote is what Word shows.
 */
export function richTextDocx(input: {
  title: string;
  subtitle: string;
  doc: Y.Doc;
  images?: ReadonlyMap<string, Uint8Array>;
  people?: ReadonlyMap<string, string>;
  comments?: readonly DocxComment[];
}): Promise<Buffer> {
  const content = fragmentToDoc(input.doc.getXmlFragment(RICH_TEXT_FIELD), schema).toJSON() as JSONContent;
  const comments = (input.comments ?? []).map((c, i) => ({ ...c, id: i + 1, placed: false, quote: c.quote.trim() }));
  context = { images: input.images ?? new Map(), people: input.people ?? new Map(), revision: 1, comments };
  let body: Array<Paragraph | Table>;
  try {
    body = blocks(content.content);
  } finally {
    context = idle();
  }
  // A thread whose passage is gone from the text still travels: on the title.
  const unplaced = comments.filter((c) => !c.placed);
  const title = new Paragraph({
    heading: HeadingLevel.TITLE,
    children: [
      ...unplaced.map((c) => new CommentRangeStart(c.id)),
      new TextRun(input.title),
      ...unplaced.flatMap((c) => [new CommentRangeEnd(c.id), new TextRun({ children: [new CommentReference(c.id)] })]),
    ],
  });
  const document = new Document({
    title: input.title,
    creator: 'Stint',
    comments: {
      children: comments.map((c) => ({
        id: c.id,
        author: c.messages[0]?.author ?? 'Someone',
        date: new Date(c.messages[0]?.createdAt ?? Date.now()),
        resolved: c.resolved,
        children: c.messages.map(
          (m, i) =>
            new Paragraph({
              children: [
                ...(i === 0 ? [] : [new TextRun({ text: `${m.author}: `, bold: true })]),
                new TextRun(m.body),
                ...(i === 0 && c.quote ? [new TextRun({ text: ` (on “${c.quote}”)`, italics: true, color: '5C6675' })] : []),
              ],
            }),
        ),
      })),
    },
    numbering: {
      config: [
        {
          reference: NUMBERED,
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
          })),
        },
      ],
    },
    sections: [
      {
        children: [
          title,
          new Paragraph({ children: [new TextRun({ text: input.subtitle, italics: true, color: '5C6675' })] }),
          ...(body.length > 0 ? body : [new Paragraph({ children: [] })]),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
