/**
 * How document servers in several processes hear each other. Each publishes what it has
 * stored (updates, with their log ids), presence changes and "rights changed" notices; each
 * passes on to its own sockets what the others published. Delivery is best effort, as Redis
 * pub/sub's is: nothing durable travels only on the bus — a server that misses an update still
 * has it in the shared store, and its clients get it on their next sync.
 */
export interface Bus {
  /**
   * Sends `message` to every subscriber of `channel`, in this process and others; resolves with
   * how many heard it (Redis: subscribed connections, the sender's own included; 0 if it failed).
   */
  publish(channel: string, message: Uint8Array): Promise<number>;
  /** Resolves once `listener` is subscribed, so nothing published after that is missed. */
  subscribe(channel: string, listener: BusListener): Promise<void>;
  unsubscribe(channel: string, listener: BusListener): void;
  /**
   * Calls `listener` whenever the bus has been down and is subscribed again: what was published
   * meanwhile is lost to this process, so its servers catch up from the store.
   */
  onResubscribed?(listener: () => void): void;
  /** Resolves when the bus's server answers (readiness checks); rejects otherwise. */
  ping?(): Promise<void>;
  close(): Promise<void>;
}

export type BusListener = (message: Uint8Array) => void;

/**
 * The default: a bus within one process. One document server alone hears only itself (and
 * ignores that); two in one process — as tests run them — hear each other as over Redis.
 */
export function createLocalBus(): Bus {
  const channels = new Map<string, Set<BusListener>>();
  return {
    async publish(channel, message) {
      const listeners = channels.get(channel);
      if (!listeners) return 0;
      // Asynchronous, like a real bus: a publisher never re-enters itself.
      queueMicrotask(() => {
        for (const listener of listeners) listener(message);
      });
      return listeners.size;
    },
    async subscribe(channel, listener) {
      let listeners = channels.get(channel);
      if (!listeners) channels.set(channel, (listeners = new Set()));
      listeners.add(listener);
    },
    unsubscribe(channel, listener) {
      const listeners = channels.get(channel);
      listeners?.delete(listener);
      if (listeners?.size === 0) channels.delete(channel);
    },
    async close() {
      channels.clear();
    },
  };
}
