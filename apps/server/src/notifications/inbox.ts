import type { Bus, BusListener } from '@stint/collab';
import { PERSON_TOPICS, type PersonTopic } from '@stint/domain';

export interface Inbox {
  /** After a commit: every open page of these people (on every process) learns what of theirs moved (their inbox unless said). */
  changed(userIds: readonly string[], topics?: readonly PersonTopic[]): void;
  /** Calls `onChange` with what moved whenever something of `userId`'s moves (everything, when the bus was down and may have missed it). */
  listen(userId: string, onChange: (topics: readonly PersonTopic[]) => void): Promise<() => void>;
  /** Open listeners in this process, for limits and metrics. */
  listeners(userId: string): number;
}

const channel = (userId: string) => `inbox:${userId}`;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The topics a bus message names; an empty or unreadable one means the inbox (what older processes send). */
function topicsOf(message: Uint8Array): readonly PersonTopic[] {
  if (message.length === 0) return ['inbox'];
  const named = decoder.decode(message).split(',');
  const known = PERSON_TOPICS.filter((t) => named.includes(t));
  return known.length > 0 ? known : ['inbox'];
}

/**
 * Each person's inbox is a bus channel carrying no content: "look again". The list itself always
 * comes from the database, so a page that missed a message (offline, the bus restarting) loses
 * nothing: it asks again when it reconnects, and every listener is told after the bus comes back.
 */
export function createInbox(bus: Bus): Inbox {
  const local = new Map<string, { listeners: Set<(topics: readonly PersonTopic[]) => void>; onBus: BusListener; ready: Promise<void> }>();
  bus.onResubscribed?.(() => {
    for (const entry of local.values()) for (const listener of entry.listeners) listener(PERSON_TOPICS);
  });
  return {
    changed(userIds, topics = ['inbox']) {
      const message = encoder.encode(topics.join(','));
      for (const id of new Set(userIds)) bus.publish(channel(id), message);
    },
    async listen(userId, onChange) {
      let entry = local.get(userId);
      if (!entry) {
        const listeners = new Set<(topics: readonly PersonTopic[]) => void>();
        const onBus: BusListener = (message) => {
          const topics = topicsOf(message);
          for (const listener of listeners) listener(topics);
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
