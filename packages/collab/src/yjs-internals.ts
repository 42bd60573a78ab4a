import type * as Y from 'yjs';

/*
 * The places Stint reads Yjs below its public API: for the shape guard's index of a stored
 * document, which item holds a shared type and every struct of every client; for the suggestion
 * check, whether an update is waiting on something the document lacks. Kept here alone,
 * with a test (yjs-internals.test.ts) that fails if an upgrade of yjs moves them.
 */

/** The item that holds `type` in its parent; null for a root type. */
// biome-ignore lint/suspicious/noExplicitAny: any shared type (Yjs types its event handlers per type)
export function itemHolding(type: Y.AbstractType<any>): Y.Item | null {
  return type._item;
}

/** Every struct (items and garbage-collected runs) of the document, by Yjs client, in clock order. */
export function structsByClient(doc: Y.Doc): ReadonlyMap<number, ReadonlyArray<Y.Item | Y.GC>> {
  return doc.store.clients;
}

/** Whether applying updates left structs or deletions waiting for something the document lacks. */
export function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}
