import type { Bus, BusListener } from '@stint/collab';

/**
 * "Look again at these topics of this key" over the bus: a person's inbox and applications, a
 * project's status, plan, threads… Messages carry no content — the answers always come from the
 * database — so a page that missed one (offline, the bus restarting) loses nothing: it asks again
 * when it reconnects, and every listener hears every topic once the bus is back.
 */
export interface TopicFeed<T extends string> {
  /** After a commit: every listener of these keys, on every process, learns which topics moved. */
  changed(keys: readonly string[], topics: readonly T[]): void;
  /** Calls `onChange` with what moved of `key` (everything, when the bus was down and may have missed it). */
  listen(key: string, onChange: (topics: readonly T[]) => void): Promise<() => void>;
  /** Open listeners of `key` in this process, for limits and metrics. */
  listeners(key: string): number;
}

export interface TopicFeedOptions<T extends string> {
  /** The bus channel of a key. */
  channel: (key: string) => string;
  topics: readonly T[];
  /** What a message naming no known topic means (older processes sent empty messages). */
  unnamed: readonly T[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function createTopicFeed<T extends string>(bus: Bus, { channel, topics: known, unnamed }: TopicFeedOptions<T>): TopicFeed<T> {
  const topicsOf = (message: Uint8Array): readonly T[] => {
    const named = message.length === 0 ? [] : decoder.decode(message).split(',');
    const topics = known.filter((t) => named.includes(t));
    return topics.length > 0 ? topics : unnamed;
  };
  const local = new Map<string, { listeners: Set<(topics: readonly T[]) => void>; onBus: BusListener; ready: Promise<void> }>();
  bus.onResubscribed?.(() => {
    for (const entry of local.values()) for (const listener of entry.listeners) listener(known);
  });
  return {
    changed(keys, topics) {
      if (topics.length === 0) return;
      const message = encoder.encode(topics.join(','));
      for (const key of new Set(keys)) bus.publish(channel(key), message);
    },
    async listen(key, onChange) {
      let entry = local.get(key);
      if (!entry) {
        const listeners = new Set<(topics: readonly T[]) => void>();
        const onBus: BusListener = (message) => {
          const topics = topicsOf(message);
          for (const listener of listeners) listener(topics);
        };
        entry = { listeners, onBus, ready: bus.subscribe(channel(key), onBus) };
        local.set(key, entry);
      }
      entry.listeners.add(onChange);
      await entry.ready;
      const mine = entry;
      return () => {
        mine.listeners.delete(onChange);
        if (mine.listeners.size === 0 && local.get(key) === mine) {
          local.delete(key);
          bus.unsubscribe(channel(key), mine.onBus);
        }
      };
    },
    listeners: (key) => local.get(key)?.listeners.size ?? 0,
  };
}
