/** `<projectId>/<kind>`, the document name on the wire and in the document server. */
export function splitName(docName: string): { projectId: string; kind: string } {
  const slash = docName.indexOf('/');
  if (slash <= 0 || slash === docName.length - 1) throw new Error(`Bad document name: ${docName}`);
  return { projectId: docName.slice(0, slash), kind: docName.slice(slash + 1) };
}

/** One update for the log, as the document server hands it over. */
export interface DocumentEntry {
  docName: string;
  update: Uint8Array;
  authorId: string | null;
  /** Yjs client ids first seen in this update: recorded as written by authorId. */
  clients?: number[];
  /** Writes to make in the same transaction (see `alongside` in documents.ts). */
  alongside?: { write(transaction: unknown): Promise<void> } | null;
}

export function authorRows(entries: readonly DocumentEntry[]) {
  return entries.flatMap((e) => {
    if (!e.authorId || !e.clients?.length) return [];
    const { projectId, kind } = splitName(e.docName);
    return e.clients.map((client) => ({ project_id: projectId, kind, client_id: client, author_id: e.authorId! }));
  });
}

/** The highest id folded into a snapshot, kept for people reading the table. */
export const highestId = (ids: readonly number[]) => ids.reduce((max, id) => Math.max(max, id), 0);
