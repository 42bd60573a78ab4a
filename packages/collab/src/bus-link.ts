import type { Bus, BusListener } from './bus.ts';
import { type BusMessage, decodeBusMessage, encodeBusMessage, type HeardBusMessage, ORIGIN_BYTES, sameOrigin } from './bus-messages.ts';
import type { Room } from './room.ts';
import type { Fence } from './types.ts';

const RIGHTS_CHANNEL = 'stint:rights';
const channel = (docName: string) => `stint:doc:${docName}`;
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** One document server's side of the bus: its rooms' channels and the rights channel. */
export interface BusLink {
  /**
   * Passes on to `room` what the other servers publish for its document. Resolves once subscribed — or after `waitMs`: a bus that is down must not keep
   * documents closed; the room then hears the others once the bus is back.
   */
  attach(room: Room): Promise<void>;
  detach(room: Room): void;
  /** Tells the other servers a stored update of `docName` (log row `id`) and who wrote it. */
  publishUpdate(docName: string, update: Uint8Array, id: number, authorId: string | null): void;
  /** Tells the other servers a presence change of this server's sockets on `docName`. */
  publishAwareness(docName: string, update: Uint8Array): void;
  /** Tells the other servers a client fenced off in `docName`. */
  publishFence(docName: string, fence: Fence): void;
  /** Tells the other servers that rights under `prefix` may have changed. */
  publishRights(prefix: string): void;
  /** Tells the other servers that rights of every connection of `principal` may have changed. */
  publishPrincipal(principal: string): void;
  /**
   * Asks every other server to hold `prefix` (see DocServer.hold) and resolves once each that
   * heard it has answered that it holds with everything it accepted stored — or after `waitMs`,
   * a server that cannot answer must not block a hand-off for ever (it is logged).
   */
  holdEverywhere(prefix: string): Promise<{ release: () => void }>;
  close(): void;
}

export interface BusLinkOptions {
  waitMs: number;
  onError: (error: unknown, context: string) => void;
  /** Another server says rights under `prefix` may have changed. */
  onRights: (prefix: string) => void;
  /** Another server says rights of `principal`'s connections may have changed. */
  onPrincipal: (principal: string) => void;
  /** The bus was down and is back: what was published meanwhile never arrived. */
  onResubscribed: () => void;
  /** Another server's message arrived `ms` after it was published (by the two clocks). */
  onHeard?: (ms: number) => void;
  /** Another server holds `prefix` for a hand-off: hold it here too; resolves (with how to let go) once everything accepted is stored. */
  onHold: (prefix: string) => Promise<() => void>;
  /** A hold whose holder never said release (it died) lets go after this long. */
  holdLeaseMs: number;
}

export function createBusLink(bus: Bus, options: BusLinkOptions): BusLink {
  const origin = crypto.getRandomValues(new Uint8Array(ORIGIN_BYTES));
  const listeners = new Map<Room, BusListener>();
  const publish = (name: string, message: BusMessage) => bus.publish(name, encodeBusMessage(message));

  /** Reads one bus message; what this server published itself, or can't read, is dropped. */
  function fromBus(bytes: Uint8Array): HeardBusMessage | null {
    try {
      const message = decodeBusMessage(bytes);
      if (sameOrigin(message.origin, origin)) return null;
      // Clocks of two hosts differ a little: a message can't arrive before it was sent.
      if (message.sentAt !== null) options.onHeard?.(Math.max(0, Date.now() - message.sentAt));
      return message;
    } catch (error) {
      options.onError(error, 'reading a bus message');
      return null;
    }
  }

  function waitFor(subscribing: Promise<void>, docName: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        options.onError(new Error(`the bus did not subscribe within ${options.waitMs} ms`), `opening ${docName}`);
        resolve();
      }, options.waitMs);
    });
    const settled = subscribing.catch((error: unknown) => options.onError(error, `subscribing to ${docName}`));
    return Promise.race([settled, late]).finally(() => clearTimeout(timer));
  }

  /** Holds asked by other servers, by token: how to let go, and the lease that lets go anyway. */
  const heldHere = new Map<string, { release: () => void; lease: NodeJS.Timeout }>();
  /** Releases heard before their hold was in place here (the holder gave up waiting). */
  const releasedEarly = new Set<string>();
  /** This server's holds waiting for answers, by token. */
  const answersFor = new Map<string, (responder: string) => void>();

  function holdHere(token: string, prefix: string): void {
    options
      .onHold(prefix)
      .then((release) => {
        if (releasedEarly.delete(token)) return release();
        const lease = setTimeout(() => {
          heldHere.delete(token);
          options.onError(new Error(`hold ${token} of ${prefix} was never released`), 'holding for another server');
          release();
        }, options.holdLeaseMs);
        lease.unref();
        heldHere.set(token, { release, lease });
        publish(RIGHTS_CHANNEL, { type: 'held', origin, token });
      })
      .catch((error: unknown) => options.onError(error, `holding ${prefix} for another server`));
  }

  function letGo(token: string): void {
    const held = heldHere.get(token);
    if (!held) {
      releasedEarly.add(token);
      return;
    }
    heldHere.delete(token);
    clearTimeout(held.lease);
    held.release();
  }

  const onRightsMessage: BusListener = (bytes) => {
    const message = fromBus(bytes);
    if (message?.type === 'rights') options.onRights(message.prefix);
    else if (message?.type === 'principal') options.onPrincipal(message.principal);
    else if (message?.type === 'hold') holdHere(message.token, message.prefix);
    else if (message?.type === 'held') answersFor.get(message.token)?.(hex(message.origin));
    else if (message?.type === 'release') letGo(message.token);
  };
  bus.subscribe(RIGHTS_CHANNEL, onRightsMessage).catch((error: unknown) => options.onError(error, 'subscribing to rights changes'));
  bus.onResubscribed?.(options.onResubscribed);

  return {
    attach(room) {
      const name = channel(room.docName);
      const listener: BusListener = (bytes) => {
        const message = fromBus(bytes);
        if (message?.type === 'update') room.receiveRemote(message.update, message.id, message.authorId ?? null);
        else if (message?.type === 'awareness') room.receiveRemoteAwareness(message.update);
        else if (message?.type === 'fence') room.fence({ client: message.client, fromClock: message.fromClock, userId: message.userId }, false);
      };
      listeners.set(room, listener);
      return waitFor(bus.subscribe(name, listener), room.docName);
    },
    detach(room) {
      const listener = listeners.get(room);
      if (!listener) return;
      listeners.delete(room);
      bus.unsubscribe(channel(room.docName), listener);
    },
    publishUpdate(docName, update, id, authorId) {
      publish(channel(docName), { type: 'update', origin, id, update, authorId });
    },
    publishAwareness(docName, update) {
      publish(channel(docName), { type: 'awareness', origin, update });
    },
    publishFence(docName, fence) {
      publish(channel(docName), { type: 'fence', origin, ...fence });
    },
    publishRights(prefix) {
      publish(RIGHTS_CHANNEL, { type: 'rights', origin, prefix });
    },
    publishPrincipal(principal) {
      publish(RIGHTS_CHANNEL, { type: 'principal', origin, principal });
    },
    async holdEverywhere(prefix) {
      const token = hex(crypto.getRandomValues(new Uint8Array(12)));
      const answered = new Set<string>();
      let expected = Number.POSITIVE_INFINITY;
      let done: () => void = () => {};
      const allAnswered = new Promise<void>((resolve) => {
        done = resolve;
      });
      answersFor.set(token, (responder) => {
        answered.add(responder);
        if (answered.size >= expected) done();
      });
      // Everyone subscribed to the rights channel heard it, this server's own subscription included.
      expected = Math.max(0, (await publish(RIGHTS_CHANNEL, { type: 'hold', origin, token, prefix })) - 1);
      if (answered.size >= expected) done();
      const late = setTimeout(() => {
        options.onError(new Error(`${answered.size} of ${expected} servers answered within ${options.waitMs} ms`), `holding ${prefix}`);
        done();
      }, options.waitMs);
      await allAnswered;
      clearTimeout(late);
      answersFor.delete(token);
      return { release: () => void publish(RIGHTS_CHANNEL, { type: 'release', origin, token }) };
    },
    close() {
      for (const token of [...heldHere.keys()]) letGo(token);
      for (const room of [...listeners.keys()]) this.detach(room);
      bus.unsubscribe(RIGHTS_CHANNEL, onRightsMessage);
    },
  };
}
