import * as Y from 'yjs';
import { RICH_TEXT_FIELD } from './documents.ts';

/** The comments document holds one Y.Map of threads keyed by id; only the server writes it. */
export const THREADS_FIELD = 'threads';

import type { CommentableKind, ThreadSchema } from '@stint/domain';
import type { z } from 'zod';

export type { CommentableKind } from '@stint/domain';

export type CommentMessage = Thread['messages'][number];

/** A comment thread: the domain's schema is its one definition. */
export type Thread = z.infer<typeof ThreadSchema>;

export function encodeAnchor(position: Y.RelativePosition): string {
  let binary = '';
  for (const byte of Y.encodeRelativePosition(position)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Throws on anything that is not base64 of an encoded relative position. */
export function decodeAnchor(anchor: string): Y.RelativePosition {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(anchor)) throw new Error('not base64');
  const bytes = Uint8Array.from(atob(anchor), (c) => c.charCodeAt(0));
  return Y.decodeRelativePosition(bytes);
}

/**
 * Where an anchor points now, as the type it lives in and an index there — or null when it
 * points into no part of this document's rich-text fragment (another document, garbage).
 */
export function resolveAnchor(doc: Y.Doc, anchor: string): { type: Y.AbstractType<unknown>; index: number } | null {
  // Define the fragment first: resolving a root-named position would otherwise create an untyped
  // root that getXmlFragment then replaces, and the identity check below would fail.
  const root = doc.getXmlFragment(RICH_TEXT_FIELD);
  let absolute: Y.AbsolutePosition | null;
  try {
    // Yjs throws when the position names a client or clock this document never had.
    absolute = Y.createAbsolutePositionFromRelativePosition(decodeAnchor(anchor), doc);
  } catch {
    return null;
  }
  if (!absolute) return null;
  for (let type: Y.AbstractType<unknown> | null = absolute.type; type; type = (type._item?.parent as Y.AbstractType<unknown> | undefined) ?? null) {
    if (type === root) return absolute;
  }
  return null;
}

function threadsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(THREADS_FIELD);
}

function messageMap(m: CommentMessage): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('id', m.id);
  map.set('authorId', m.author.id);
  map.set('authorName', m.author.name);
  map.set('body', m.body);
  map.set('createdAt', m.createdAt);
  return map;
}

export function writeThread(doc: Y.Doc, thread: Thread): void {
  const map = new Y.Map<unknown>();
  const messages = new Y.Array<Y.Map<unknown>>();
  map.set('id', thread.id);
  map.set('doc', thread.doc);
  map.set('from', thread.anchor.from);
  map.set('to', thread.anchor.to);
  map.set('quote', thread.quote);
  map.set('resolved', thread.resolved);
  map.set('messages', messages);
  messages.push(thread.messages.map(messageMap));
  threadsOf(doc).set(thread.id, map);
}

export function appendMessage(doc: Y.Doc, threadId: string, message: CommentMessage): boolean {
  const thread = threadsOf(doc).get(threadId);
  const messages = thread?.get('messages');
  if (!(messages instanceof Y.Array)) return false;
  messages.push([messageMap(message)]);
  return true;
}

export function setResolved(doc: Y.Doc, threadId: string, resolved: boolean): boolean {
  const thread = threadsOf(doc).get(threadId);
  if (!thread) return false;
  thread.set('resolved', resolved);
  return true;
}

function readThread(map: Y.Map<unknown>): Thread | null {
  const messages = map.get('messages');
  if (!(messages instanceof Y.Array)) return null;
  return {
    id: String(map.get('id')),
    doc: String(map.get('doc')) as CommentableKind,
    anchor: { from: String(map.get('from')), to: String(map.get('to')) },
    quote: String(map.get('quote') ?? ''),
    resolved: map.get('resolved') === true,
    messages: (messages.toArray() as Y.Map<unknown>[]).map((m) => ({
      id: String(m.get('id')),
      author: { id: String(m.get('authorId')), name: String(m.get('authorName')) },
      body: String(m.get('body')),
      createdAt: String(m.get('createdAt')),
    })),
  };
}

/** Threads in the order they were started: the order every list of them is shown in. */
export const byStart = (a: Thread, b: Thread) => a.messages[0]!.createdAt.localeCompare(b.messages[0]!.createdAt);

export function readThreads(doc: Y.Doc, kind?: CommentableKind): Thread[] {
  const out: Thread[] = [];
  threadsOf(doc).forEach((map) => {
    const thread = readThread(map);
    if (thread && (!kind || thread.doc === kind)) out.push(thread);
  });
  return out.sort(byStart);
}

export function readThreadById(doc: Y.Doc, id: string): Thread | null {
  const map = threadsOf(doc).get(id);
  return map ? readThread(map) : null;
}
