import { REDIS_TEST_URL, redisSkipReason } from '@stint/collab/testing';
import { testDatabaseTargets } from '@stint/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/collab-clients.ts';
import { freshPostgresDatabase } from '../support/postgres-database.ts';
import { startStint } from '../support/server-process.ts';
import { tcpProxy } from '../support/tcp-proxy.ts';

const postgres = (await testDatabaseTargets()).find((t) => t.dialect === 'postgres')!;
const sharedSkip = postgres.skipReason ?? (await redisSkipReason(REDIS_TEST_URL));
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});
const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, json: (await response.json()) as any };
};

describe('health', () => {
  it('live answers while the process does; ready checks the database, and turns 503 on SIGTERM before the listener closes', async () => {
    const server = await startStint({ SHUTDOWN_DRAIN_MS: '1500' });
    cleanups.push(() => server.dispose());
    expect(await get(`${server.url}/api/health/live`)).toEqual({ status: 200, json: { status: 'ok' } });
    expect(await get(`${server.url}/api/health/ready`)).toEqual({ status: 200, json: { status: 'ok', checks: { database: 'ok' } } });

    const exited = server.stop('SIGTERM');
    await eventually(async () => expect((await get(`${server.url}/api/health/ready`)).json.status).toBe('draining'));
    expect((await get(`${server.url}/api/health/ready`)).status).toBe(503);
    expect((await get(`${server.url}/api/health/live`)).status).toBe(200);
    expect(await exited).toBe(0);
    await expect(fetch(`${server.url}/api/health/live`)).rejects.toThrow();
  });

  it.skipIf(sharedSkip !== null)(
    'ready is 503 naming what is unreachable — Postgres, then Redis — and 200 again once it is back',
    async () => {
      const fresh = await freshPostgresDatabase(process.env.DATABASE_URL!);
      cleanups.push(fresh.drop);
      const target = new URL(fresh.url);
      const proxy = await tcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      cleanups.push(() => proxy.stop());
      target.host = `127.0.0.1:${proxy.port}`;
      const redis = new URL(REDIS_TEST_URL);
      const redisProxy = await tcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
      cleanups.push(() => redisProxy.stop());
      redis.host = `127.0.0.1:${redisProxy.port}`;
      const server = await startStint({ DATABASE_URL: target.toString(), REDIS_URL: redis.toString() });
      cleanups.push(() => server.dispose());
      const ready = { status: 200, json: { status: 'ok', checks: { database: 'ok', redis: 'ok' } } };
      expect(await get(`${server.url}/api/health/ready`)).toEqual(ready);

      // Postgres goes away (every connection cut): 503 naming it, the process stays up.
      await proxy.stop();
      const down = await get(`${server.url}/api/health/ready`);
      expect(down.status).toBe(503);
      expect(down.json).toMatchObject({ status: 'unavailable', checks: { database: expect.stringMatching(/^failed: /), redis: 'ok' } });
      expect((await get(`${server.url}/api/health/live`)).status).toBe(200);
      await proxy.start();
      await eventually(async () => expect(await get(`${server.url}/api/health/ready`)).toEqual(ready), 10_000);

      // Then Redis.
      await redisProxy.stop();
      const noRedis = await get(`${server.url}/api/health/ready`);
      expect(noRedis.status).toBe(503);
      expect(noRedis.json).toMatchObject({ status: 'unavailable', checks: { database: 'ok', redis: expect.stringMatching(/^failed: /) } });
      await redisProxy.start();
      await eventually(async () => expect(await get(`${server.url}/api/health/ready`)).toEqual(ready), 15_000);
    },
    45_000,
  );
});
