import type { DocServer } from '@stint/collab';
import { type StintDatabase, userNames } from '@stint/db';
import type { DocKind } from '@stint/domain';
import type { Rendering, RenderOptions } from '@stint/export';
import type { Logger } from 'pino';
import * as Y from 'yjs';

/** The renderers (ProseMirror to HTML, the sanitizer) load on the first rendering, not at start-up. */
const renderers = () => import('@stint/export');

export interface Renderer {
  /** A document's current rendering, from a copy of its live state. */
  current(projectId: string, kind: DocKind): Promise<Rendering>;
  /** A stored state (a version) of a document, rendered. */
  state(projectId: string, kind: DocKind, state: Uint8Array): Promise<Rendering>;
  /** The current state and its HTML, read at one moment (what a version records). */
  snapshot(projectId: string, kind: DocKind): Promise<{ state: Uint8Array; html: string }>;
  /** Who wrote under each Yjs client id of a document: check-in authors come from here. */
  authors(projectId: string, kind: DocKind): Promise<Map<number, { id: string; name: string }>>;
}

/**
 * Renders documents with what the renderers can't know themselves: who wrote what (from the
 * update log, never from document content) and a log line for anything a stored document held
 * that the schema can't (left out of the rendering, never thrown on).
 */
export function createRenderer(deps: {
  database: StintDatabase;
  docServer: DocServer;
  documentAuthors: (docName: string) => Promise<Map<number, string>>;
  logger: Logger;
}): Renderer {
  async function authors(projectId: string, kind: DocKind) {
    const byClient = await deps.documentAuthors(`${projectId}/${kind}`);
    const names = await userNames(deps.database.db, [...byClient.values()]);
    const out = new Map<number, { id: string; name: string }>();
    for (const [client, id] of byClient) out.set(client, { id, name: names.get(id) ?? 'Unknown' });
    return out;
  }

  async function options(projectId: string, kind: DocKind): Promise<{ options: RenderOptions; done: () => void }> {
    const byClient = kind === 'checkins' ? await authors(projectId, kind) : new Map<number, { id: string; name: string }>();
    const skipped = new Set<string>();
    return {
      options: { authorOf: (client) => byClient.get(client)?.name ?? null, onSkip: (what) => skipped.add(what) },
      done: () => {
        if (skipped.size > 0) deps.logger.warn({ doc: `${projectId}/${kind}`, skipped: [...skipped] }, 'rendering left out what the schema cannot hold');
      },
    };
  }

  return {
    async current(projectId, kind) {
      const { options: opts, done } = await options(projectId, kind);
      const { renderDocument } = await renderers();
      const rendering = await deps.docServer.read(`${projectId}/${kind}`, (doc) => renderDocument(kind, doc, opts));
      done();
      return rendering;
    },
    async state(projectId, kind, state) {
      const { options: opts, done } = await options(projectId, kind);
      const { renderDocument } = await renderers();
      const doc = new Y.Doc();
      try {
        Y.applyUpdate(doc, state);
        return renderDocument(kind, doc, opts);
      } finally {
        doc.destroy();
        done();
      }
    },
    async snapshot(projectId, kind) {
      const { options: opts, done } = await options(projectId, kind);
      const { renderDocument } = await renderers();
      const snapshot = await deps.docServer.read(`${projectId}/${kind}`, (doc) => ({
        state: Y.encodeStateAsUpdate(doc),
        html: renderDocument(kind, doc, opts).html,
      }));
      done();
      return snapshot;
    },
    authors,
  };
}
