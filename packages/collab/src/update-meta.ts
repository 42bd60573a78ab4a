import * as Y from 'yjs';

export interface UpdateMeta {
  /** Per Yjs client in this update, where its structs end (exclusive): "saved up to" clocks. */
  to: Map<number, number>;
  /** No structs and no deletions: a sync answer from a client that had nothing new. */
  empty: boolean;
  /** The decoded structs, for the shape guard. */
  structs: Array<Y.Item | Y.GC | Y.Skip>;
}

/**
 * Reads a whole Yjs update (every struct and the delete set), throwing if it is malformed. This
 * is the server's validation of a client's update: an order of magnitude cheaper than applying
 * it, which the room defers (see Room.current).
 */
export function readUpdateMeta(update: Uint8Array): UpdateMeta {
  const { structs, ds } = Y.decodeUpdate(update);
  const to = new Map<number, number>();
  for (const struct of structs) {
    const end = struct.id.clock + struct.length;
    if ((to.get(struct.id.client) ?? 0) < end) to.set(struct.id.client, end);
  }
  return { to, empty: structs.length === 0 && ds.clients.size === 0, structs: structs as Array<Y.Item | Y.GC | Y.Skip> };
}
