import * as Y from 'yjs';

export interface UpdateMeta {
  /** Per Yjs client, where this update's structs start and end (exclusive). */
  from: Map<number, number>;
  to: Map<number, number>;
  /** No structs and no deletions: a sync answer from a client that had nothing new. */
  empty: boolean;
}

/**
 * Reads a whole Yjs update (every struct and the delete set), throwing if it is malformed. This
 * is the server's validation of a client's update: an order of magnitude cheaper than applying
 * it, which the room defers (see Room.materialize).
 */
export function readUpdateMeta(update: Uint8Array): UpdateMeta {
  const { structs, ds } = Y.decodeUpdate(update);
  const from = new Map<number, number>();
  const to = new Map<number, number>();
  for (const struct of structs) {
    const { client, clock } = struct.id;
    const start = from.get(client);
    if (start === undefined || clock < start) from.set(client, clock);
    const end = clock + struct.length;
    if ((to.get(client) ?? 0) < end) to.set(client, end);
  }
  return { from, to, empty: structs.length === 0 && ds.clients.size === 0 };
}
