import { afterAll, describe, expect, it } from 'vitest';
import { eventually, sleep } from '../test/fixtures.ts';
import { type Bus, createLocalBus } from './bus.ts';
import { createRedisBus } from './redis-bus.ts';
import { REDIS_TEST_URL as REDIS_URL, redisSkipReason } from './testing.ts';

/** Two ends of one bus, as two processes see it. */
interface Implementation {
  name: string;
  skipReason: string | null;
  pair(): Promise<[Bus, Bus]>;
}

const redisSkip = await redisSkipReason();
if (redisSkip) console.warn(`[bus] Redis half skipped: ${redisSkip}.`);

const opened: Bus[] = [];
afterAll(async () => {
  for (const bus of opened) await bus.close();
});
const keep = (bus: Bus) => (opened.push(bus), bus);

const implementations: Implementation[] = [
  {
    name: 'in-process',
    skipReason: null,
    pair: async () => {
      const bus = keep(createLocalBus());
      return [bus, bus];
    },
  },
  {
    name: 'Redis',
    skipReason: redisSkip,
    pair: async () => [
      keep(await createRedisBus(REDIS_URL, { name: 'stint-bus-contract' })),
      keep(await createRedisBus(REDIS_URL, { name: 'stint-bus-contract' })),
    ],
  },
];

const channelName = () => `stint:test:${Math.random().toString(36).slice(2)}`;

for (const implementation of implementations) {
  describe.skipIf(implementation.skipReason !== null)(`Bus contract (${implementation.name})`, () => {
    it('delivers what one end publishes, byte for byte and in order, to every listener subscribed on the other', async () => {
      const [a, b] = await implementation.pair();
      const channel = channelName();
      const first: number[][] = [];
      const second: number[][] = [];
      await b.subscribe(channel, (m) => first.push(Array.from(m)));
      await b.subscribe(channel, (m) => second.push(Array.from(m)));
      const messages = [[0], [1, 2, 3], Array.from({ length: 300 }, (_, i) => i % 256), []];
      for (const m of messages) a.publish(channel, new Uint8Array(m));
      await eventually(() => expect(first).toEqual(messages));
      expect(second).toEqual(messages);
    });

    it('keeps channels apart and stops delivering to a listener once unsubscribed', async () => {
      const [a, b] = await implementation.pair();
      const [one, two] = [channelName(), channelName()];
      const heard: string[] = [];
      const onOne = (m: Uint8Array) => heard.push(`one:${m[0]}`);
      await b.subscribe(one, onOne);
      await b.subscribe(two, (m) => heard.push(`two:${m[0]}`));
      a.publish(one, new Uint8Array([1]));
      a.publish(two, new Uint8Array([2]));
      await eventually(() => expect([...heard].sort()).toEqual(['one:1', 'two:2']));
      b.unsubscribe(one, onOne);
      a.publish(one, new Uint8Array([3]));
      a.publish(two, new Uint8Array([4]));
      await eventually(() => expect(heard).toContain('two:4'));
      await sleep(50);
      expect(heard).not.toContain('one:3');
    });

    it('publishing says how many subscriptions heard it: what a hold counts its answers against', async () => {
      const [a, b] = await implementation.pair();
      const channel = channelName();
      expect(await a.publish(channel, new Uint8Array([1]))).toBe(0);
      await b.subscribe(channel, () => {});
      expect(await a.publish(channel, new Uint8Array([2]))).toBe(1);
      if (a !== b) {
        await a.subscribe(channel, () => {});
        expect(await a.publish(channel, new Uint8Array([3]))).toBe(2);
      }
    });

    it('publishing never calls a listener synchronously, so a publisher is never re-entered', async () => {
      const [a, b] = await implementation.pair();
      const channel = channelName();
      let calls = 0;
      await b.subscribe(channel, () => calls++);
      a.publish(channel, new Uint8Array([9]));
      expect(calls).toBe(0);
      await eventually(() => expect(calls).toBe(1));
    });
  });
}
