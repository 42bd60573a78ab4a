import { RICH_TEXT_FIELD } from '@stint/editor';
import * as Y from 'yjs';

/** Surviving (not deleted) characters of a document's rich text, per Yjs client id. */
export function charactersByClient(doc: Y.Doc): Map<number, number> {
  const counts = new Map<number, number>();
  const visit = (type: { _start: Y.Item | null }) => {
    for (let item = type._start; item; item = item.right) {
      if (item.deleted) continue;
      if (item.content instanceof Y.ContentString) {
        counts.set(item.id.client, (counts.get(item.id.client) ?? 0) + item.content.getLength());
      } else if (item.content instanceof Y.ContentType) {
        visit(item.content.type);
      }
    }
  };
  visit(doc.getXmlFragment(RICH_TEXT_FIELD));
  return counts;
}

/** Shares (0..1) of the surviving text by author, given who wrote under each client id. */
export function contributionShares(doc: Y.Doc, authorOf: Map<number, string>): Map<string, number> {
  const byAuthor = new Map<string, number>();
  let total = 0;
  for (const [client, chars] of charactersByClient(doc)) {
    const author = authorOf.get(client);
    if (!author) continue;
    byAuthor.set(author, (byAuthor.get(author) ?? 0) + chars);
    total += chars;
  }
  return new Map([...byAuthor].map(([author, chars]) => [author, total === 0 ? 0 : chars / total]));
}
