// `@stint/collab/testing`: what tests of the Redis bus need, here and in test/integration.
import { connect } from 'node:net';

export const REDIS_TEST_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Sends one inline command to Redis and resolves with its first reply line. */
export function redisCommand(url: string, command: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port || 6379), hostname);
    socket.setTimeout(3000, () => (socket.destroy(), reject(new Error('Redis did not answer'))));
    socket.once('error', reject);
    socket.once('connect', () => socket.write(`${command}\r\n`));
    socket.once('data', (data) => (socket.end(), resolve(data.toString().trim())));
  });
}

/** Null when Redis answers a PING; otherwise why not. Under CI=true a missing Redis fails the run. */
export async function redisSkipReason(url = REDIS_TEST_URL): Promise<string | null> {
  const reason = await redisCommand(url, 'PING').then(
    (reply) => (reply === '+PONG' ? null : `Redis answered ${reply}`),
    (error: Error) => `Redis is unreachable (${error.message})`,
  );
  if (reason && process.env.CI === 'true') throw new Error(`Redis is required under CI=true, but ${reason}.`);
  return reason;
}
