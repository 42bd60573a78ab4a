import type { DocServer } from '@stint/collab';
import { type DocKind, threadsDocName, threadsDocNames } from '@stint/domain';
import { byStart, type CommentableKind, readThreadById, readThreads, type Thread } from '@stint/editor';

/** The threads on `kind` (or on every document), from wherever they are kept, oldest first. */
export async function readAllThreads(docServer: DocServer, projectId: string, canRead: (kind: DocKind) => boolean, kind?: CommentableKind): Promise<Thread[]> {
  const names = kind ? [threadsDocName(projectId, kind)] : threadsDocNames(projectId);
  const lists = await Promise.all(names.map((name) => docServer.read(name, (doc) => readThreads(doc, kind))));
  return lists
    .flat()
    .filter((t) => canRead(t.doc))
    .sort(byStart);
}

/** One thread by id, with the document it is kept in. */
export async function findThread(docServer: DocServer, projectId: string, threadId: string): Promise<{ thread: Thread; docName: string } | null> {
  for (const docName of threadsDocNames(projectId)) {
    const thread = await docServer.read(docName, (doc) => readThreadById(doc, threadId));
    if (thread) return { thread, docName };
  }
  return null;
}
