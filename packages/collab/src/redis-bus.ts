import type { Bus, BusListener } from './bus.ts';

export interface RedisBusOptions {
  onError?: (error: unknown) => void;
  /**
   * The Redis client name of both connections (CLIENT LIST shows it); `stint-bus-<pid>` unless
   * given, so an operator (or a test) can tell which process holds which connection.
   */
  name?: string;
}

/**
 * The bus over Redis pub/sub, for several server processes on one store. Subscribing needs a
 * connection of its own (a subscribed Redis connection can do nothing else), so there are two.
 * ioredis reconnects and re-subscribes by itself; what is published while a connection is down
 * is lost, which the Bus contract allows (everything that matters is in the store).
 */
export async function createRedisBus(url: string, options: RedisBusOptions = {}): Promise<Bus> {
  // ioredis loads only for a process that has Redis to talk to.
  // Its module.exports is the client class: Node also names it Redis, a bundle only hands it over
  // as the default.
  const ioredis = await import('ioredis');
  const Redis = (ioredis.Redis ?? ioredis.default) as typeof ioredis.Redis;
  const onError = options.onError ?? (() => {});
  const connectionName = options.name ?? `stint-bus-${process.pid}`;
  const publisher = new Redis(url, { maxRetriesPerRequest: 1, connectionName });
  const subscriber = new Redis(url, { connectionName });
  const listeners = new Map<string, Set<BusListener>>();
  publisher.on('error', onError);
  subscriber.on('error', onError);
  const resubscribed = new Set<() => void>();
  let connectedBefore = false;
  // 'ready' comes after every (re)connect, once ioredis has re-subscribed our channels.
  subscriber.on('ready', () => {
    if (connectedBefore) for (const listener of resubscribed) listener();
    connectedBefore = true;
  });
  subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
    const message8 = new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
    for (const listener of listeners.get(channel.toString()) ?? []) listener(message8);
  });

  return {
    async publish(channel, message) {
      try {
        return await publisher.publish(channel, Buffer.from(message.buffer, message.byteOffset, message.byteLength));
      } catch (error) {
        onError(error);
        return 0;
      }
    },
    async subscribe(channel, listener) {
      const existing = listeners.get(channel);
      if (existing) {
        existing.add(listener);
        return;
      }
      listeners.set(channel, new Set([listener]));
      await subscriber.subscribe(channel);
    },
    unsubscribe(channel, listener) {
      const set = listeners.get(channel);
      if (!set?.delete(listener) || set.size > 0) return;
      listeners.delete(channel);
      subscriber.unsubscribe(channel).catch(onError);
    },
    onResubscribed(listener) {
      resubscribed.add(listener);
    },
    async ping() {
      // Both connections: publishing needs one, hearing the others the other.
      if (subscriber.status !== 'ready') throw new Error(`the subscriber connection is ${subscriber.status}`);
      await publisher.ping();
    },
    async close() {
      listeners.clear();
      resubscribed.clear();
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}
