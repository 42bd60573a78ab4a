import { getSchema, type JSONContent } from '@tiptap/core';
import { generateHTML } from '@tiptap/html/server';
import { CHECKIN_STATUS_LABELS, CHECKINS_FIELD, readThreads, RICH_TEXT_FIELD, stintExtensions, type CheckinStatus, type Thread } from '@stint/editor';
import { UnreachableCaseError, type DocKind } from '@stint/domain';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { toMarkdown } from './markdown.ts';
import { escapeHtml, sanitize } from './sanitize.ts';

export interface Rendering {
  text: string;
  html: string;
  markdown: string;
}

const extensions = stintExtensions();
const schema = getSchema(extensions);

/** A rich-text fragment as sanitized HTML and plain text (blocks on their own lines). */
export function renderFragment(fragment: Y.XmlFragment): Rendering {
  const node = yXmlFragmentToProseMirrorRootNode(fragment, schema);
  const text = node.textBetween(0, node.content.size, '\n', ' ').trim();
  const json = node.toJSON() as JSONContent;
  const html = node.content.size > 0 ? sanitize(generateHTML(json, extensions)) : '';
  return { text, html, markdown: toMarkdown(json) };
}

function renderCheckins(entries: Y.Array<Y.Map<unknown>>): Rendering {
  const items = entries
    .toArray()
    .map((entry) => ({
      date: String(entry.get('date') ?? ''),
      status: String(entry.get('status') ?? 'on_track') as CheckinStatus,
      author: String(entry.get('authorName') ?? ''),
      body: entry.get('body') instanceof Y.XmlFragment ? renderFragment(entry.get('body') as Y.XmlFragment) : { text: '', html: '', markdown: '' },
    }))
    .sort((a, b) => a.date.localeCompare(b.date));
  const label = (s: CheckinStatus) => CHECKIN_STATUS_LABELS[s] ?? 'On track';
  return {
    text: items.map((i) => `${i.date} · ${label(i.status)} · ${i.author}\n${i.body.text}`.trim()).join('\n\n'),
    html: items
      .map(
        (i) =>
          `<section class="checkin" data-status="${escapeHtml(i.status)}"><h3>${escapeHtml(i.date)} · ${escapeHtml(label(i.status))} · ${escapeHtml(i.author)}</h3>${i.body.html}</section>`,
      )
      .join(''),
    markdown: items.map((i) => `### ${i.date} · ${label(i.status)} · ${i.author}\n\n${i.body.markdown}`.trim()).join('\n\n'),
  };
}

/** Comment threads as a plain list: where, whether resolved, who said what. */
export function renderThreadList(threads: Thread[]): Rendering {
  const head = (t: (typeof threads)[number]) => `On the ${t.doc}, “${t.quote}”${t.resolved ? ' (resolved)' : ''}`;
  return {
    text: threads.map((t) => [head(t), ...t.messages.map((m) => `${m.author.name}: ${m.body}`)].join('\n')).join('\n\n'),
    html: threads
      .map((t) => `<section class="thread"><h3>${escapeHtml(head(t))}</h3>${t.messages.map((m) => `<p><strong>${escapeHtml(m.author.name)}</strong>: ${escapeHtml(m.body)}</p>`).join('')}</section>`)
      .join(''),
    markdown: threads.map((t) => [`### ${head(t)}`, ...t.messages.map((m) => `- **${m.author.name}**: ${m.body}`)].join('\n')).join('\n\n'),
  };
}

/** The server's rendering of one workspace document, from its Yjs state. */
export function renderDocument(kind: DocKind, doc: Y.Doc): Rendering {
  switch (kind) {
    case 'brief':
    case 'deliverable':
    case 'feedback':
      return renderFragment(doc.getXmlFragment(RICH_TEXT_FIELD));
    case 'checkins':
      return renderCheckins(doc.getArray<Y.Map<unknown>>(CHECKINS_FIELD));
    case 'comments':
      // Only this document's threads: those on the feedback are kept elsewhere (threadsDocName),
      // and the comments route renders both, filtered by what the reader may read.
      return renderThreadList(readThreads(doc));
    default:
      throw new UnreachableCaseError(kind);
  }
}
