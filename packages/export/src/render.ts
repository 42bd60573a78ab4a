import { type DocKind, UnreachableCaseError } from '@stint/domain';
import { CHECKIN_STATUS_LABELS, CHECKINS_FIELD, type CheckinStatus, RICH_TEXT_FIELD, readThreads, stintExtensions, type Thread } from '@stint/editor';
import { getSchema, type JSONContent } from '@tiptap/core';
import { renderToHTMLString } from '@tiptap/static-renderer/pm/html-string';
import * as Y from 'yjs';
import { markdownHeading, escapeMarkdown as md, toMarkdown } from './markdown.ts';
import { escapeHtml, sanitize } from './sanitize.ts';
import { fragmentToDoc, type OnSkip } from './yjs-to-prosemirror.ts';

export interface Rendering {
  text: string;
  html: string;
  markdown: string;
}

const extensions = stintExtensions();
const schema = getSchema(extensions);

export interface RenderOptions {
  /** Told what a stored document held that the schema can't (it is left out, never thrown on). */
  onSkip?: OnSkip;
  /**
   * Who wrote what Yjs client id's content: check-in authors come from the server's update log,
   * never from the document (a writer can put any name there).
   */
  authorOf?: (clientId: number) => string | null;
}

/** A rich-text fragment as sanitized HTML and plain text (blocks on their own lines). */
export function renderFragment(fragment: Y.XmlFragment, options: RenderOptions = {}): Rendering {
  const node = fragmentToDoc(fragment, schema, options.onSkip);
  // Leaves read as a space, but a mention as the person's name and a file as its name.
  const leaf = (n: typeof node): string => {
    if (n.type.name === 'mention') return `@${String(n.attrs.label ?? n.attrs.id ?? '')}`;
    if (n.type.name === 'attachment') return `[${String(n.attrs.name ?? 'file')}]`;
    if (n.type.name === 'image' && n.attrs.alt) return `[${String(n.attrs.alt)}]`;
    return ' ';
  };
  const text = node.textBetween(0, node.content.size, '\n', leaf).trim();
  const json = node.toJSON() as JSONContent;
  const html = node.content.size > 0 ? sanitize(renderToHTMLString({ extensions, content: json })) : '';
  return { text, html, markdown: toMarkdown(json) };
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Who created a check-in: the author of the Yjs client that made its entry. */
export function checkinAuthor(entry: Y.Map<unknown>, authorOf: RenderOptions['authorOf']): string {
  const client = entry._item?.id.client;
  return (client !== undefined && authorOf?.(client)) || 'Unknown';
}

function renderCheckins(entries: Y.Array<unknown>, options: RenderOptions): Rendering {
  const items = entries
    .toArray()
    .filter((entry): entry is Y.Map<unknown> => entry instanceof Y.Map)
    .map((entry) => ({
      date: text(entry.get('date')),
      status: (Object.hasOwn(CHECKIN_STATUS_LABELS, text(entry.get('status'))) ? text(entry.get('status')) : 'on_track') as CheckinStatus,
      author: checkinAuthor(entry, options.authorOf),
      body: entry.get('body') instanceof Y.XmlFragment ? renderFragment(entry.get('body') as Y.XmlFragment, options) : { text: '', html: '', markdown: '' },
    }))
    .sort((a, b) => a.date.localeCompare(b.date));
  const label = (s: CheckinStatus) => CHECKIN_STATUS_LABELS[s];
  return {
    text: items.map((i) => `${i.date} · ${label(i.status)} · ${i.author}\n${i.body.text}`.trim()).join('\n\n'),
    html: items
      .map(
        (i) =>
          `<section class="checkin" data-status="${escapeHtml(i.status)}"><h3>${escapeHtml(i.date)} · ${escapeHtml(label(i.status))} · ${escapeHtml(i.author)}</h3>${i.body.html}</section>`,
      )
      .join(''),
    markdown: items.map((i) => `${markdownHeading(3, `${i.date} · ${label(i.status)} · ${i.author}`)}\n\n${i.body.markdown}`.trim()).join('\n\n'),
  };
}

/** Comment threads as a plain list: where, whether resolved, who said what. */
export function renderThreadList(threads: Thread[]): Rendering {
  const head = (t: (typeof threads)[number]) => `On the ${t.doc}, “${t.quote}”${t.resolved ? ' (resolved)' : ''}`;
  return {
    text: threads.map((t) => [head(t), ...t.messages.map((m) => `${m.author.name}: ${m.body}`)].join('\n')).join('\n\n'),
    html: threads
      .map(
        (t) =>
          `<section class="thread"><h3>${escapeHtml(head(t))}</h3>${t.messages.map((m) => `<p><strong>${escapeHtml(m.author.name)}</strong>: ${escapeHtml(m.body)}</p>`).join('')}</section>`,
      )
      .join(''),
    markdown: threads.map((t) => [markdownHeading(3, head(t)), ...t.messages.map((m) => `- **${md(m.author.name)}**: ${md(m.body)}`)].join('\n')).join('\n\n'),
  };
}

/** The server's rendering of one workspace document, from its Yjs state. */
export function renderDocument(kind: DocKind, doc: Y.Doc, options: RenderOptions = {}): Rendering {
  switch (kind) {
    case 'brief':
    case 'deliverable':
    case 'feedback':
      return renderFragment(doc.getXmlFragment(RICH_TEXT_FIELD), options);
    case 'checkins':
      return renderCheckins(doc.getArray<unknown>(CHECKINS_FIELD), options);
    case 'comments':
      // Only this document's threads: those on the feedback are kept elsewhere (threadsDocName),
      // and the comments route renders both, filtered by what the reader may read.
      return renderThreadList(readThreads(doc));
    default:
      throw new UnreachableCaseError(kind);
  }
}
