import type { Bus, BusListener } from '@stint/collab';

export interface Inbox {
  /** After a commit: every open page of these people (on every process) learns their inbox moved. */
  changed(userIds: readonly string[]): void;
  /** Calls `onChange` whenever `userId`'s inbox moves (or the bus was down and may have missed it). */
  listen(userId: string, onChange: () => void): Promise<() => void>;
  /** Open listeners in this process, for limits and metrics. */
  listeners(userId: string): number;
}

const channel = (userId: string) => `inbox:${userId}`;
const EMPTY = new Uint8Array(0);

/**
 * Each person's inbox is a bus channel carrying no content: "look again". The list itself always
 * comes from the database, so a page that missed a message (offline, the bus restarting) loses
 * nothing: it asks again when it reconnects, and every listener is told after the bus comes back.
 */
export function createInbox(bus: Bus): Inbox {
  const local = new Map<string, { listeners: Set<() => void>; onBus: BusListener; ready: Promise<void> }>();
  bus.onResubscribed?.(() => {
    for (const entry of local.values()) for (const listener of entry.listeners) listener();
  });
  return {
    changed(userIds) {
      for (const id of new Set(userIds)) bus.publish(channel(id), EMPTY);
    },
    async listen(userId, onChange) {
      let entry = local.get(userId);
      if (!entry) {
        const listeners = new Set<() => void>();
        const onBus: BusListener = () => {
          for (const listener of listeners) listener();
        };
        entry = { listeners, onBus, ready: bus.subscribe(channel(userId), onBus) };
        local.set(userId, entry);
      }
      entry.listeners.add(onChange);
      await entry.ready;
      const mine = entry;
      return () => {
        mine.listeners.delete(onChange);
        if (mine.listeners.size === 0 && local.get(userId) === mine) {
          local.delete(userId);
          bus.unsubscribe(channel(userId), mine.onBus);
        }
      };
    },
    listeners: (userId) => local.get(userId)?.listeners.size ?? 0,
  };
}
