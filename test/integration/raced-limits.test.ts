import { REDIS_TEST_URL as REDIS_URL, redisSkipReason } from '@stint/collab/testing';
import { testDatabaseTargets } from '@stint/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { postGenerated } from '../support/generated-upload.ts';
import { apiClient } from '../support/http-client.ts';
import { freshPostgresDatabase } from '../support/postgres-database.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';
import { setupWorkspace } from '../support/workspace.ts';

/**
 * A limit checked in one step and recorded in another lets a burst of parallel requests through
 * before the first is recorded. Each limit here reserves before it works, in one atomic step.
 */
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const project = { title: 'Burst', summary: 'Posted in a burst.', skills: ['x'], estimatedHours: 1, compensation: { amount: 100, currency: 'USD' } };
const tally = (statuses: number[]) => {
  const counts: Record<number, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
};

/** 60 sign-ins at once for one email from one address, 59 wrong and the right one last. */
async function loginBurst(urls: string[], email: string, password: string) {
  const attempts = Array.from({ length: 60 }, (_, i) => (i === 59 ? password : `wrong ${i}`));
  return tally(
    await Promise.all(
      attempts.map((p, i) =>
        apiClient(urls[i % urls.length]!)
          .call('POST', '/api/auth/login', { body: { email, password: p } })
          .then((r) => r.status),
      ),
    ),
  );
}

describe('limits hold under a burst of parallel requests (SQLite)', () => {
  let server: StintProcess;
  it('sign-ins: at most the 10 failures the window allows are tried; the rest are refused before the password is checked', async () => {
    server = await startStint({ STINT_RATE_LIMITS: 'createProject.perUser=5/3600', PROJECT_FILE_QUOTA_BYTES: String(2_000_000) });
    cleanups.push(() => server.dispose());
    const ws = await setupWorkspace(server.url);
    const counts = await loginBurst([server.url], ws.viewer.email, 'integration password');
    console.log(`[limits] 60 parallel sign-ins: ${JSON.stringify(counts)}`);
    expect((counts[401] ?? 0) + (counts[200] ?? 0)).toBeLessThanOrEqual(10);
    expect(counts[429]).toBeGreaterThanOrEqual(50);
  });

  it('project creation: 20 at once against 5 an hour creates 5', async () => {
    const ws = await setupWorkspace(server.url);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => ws.api.call('POST', '/api/projects', { token: ws.mentor.token, body: project }).then((r) => r.status)),
    );
    const counts = tally(statuses);
    console.log(`[limits] 20 parallel project creations (5/hour): ${JSON.stringify(counts)}`);
    expect(counts[201]).toBe(5);
    expect(counts[429]).toBe(15);
  });

  it('uploads: 9 files of 900 kB at once into a 2 MB quota store at most 2 MB', async () => {
    const ws = await setupWorkspace(server.url);
    const url = new URL(`/api/projects/${ws.projectId}/files`, server.url);
    const results = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        postGenerated(url, 900_000, { headers: { authorization: `Bearer ${ws.student.token}`, 'x-file-name': `part-${i}.csv` }, declareLength: i % 2 === 0 }),
      ),
    );
    const counts = tally(results.map((r) => r.status));
    console.log(`[limits] 9 parallel 900 kB uploads into 2 MB: ${JSON.stringify(counts)}`);
    expect(counts[201]).toBe(2);
    expect(counts[413]).toBe(7);
    expect(results.filter((r) => r.status === 413).every((r) => r.body.includes('project_quota_exceeded'))).toBe(true);
    // Refused uploads left nothing counted against the quota: a file that fits still goes in after a delete… and one that doesn't, doesn't.
    const after = await postGenerated(url, 100_000, {
      headers: { authorization: `Bearer ${ws.student.token}`, 'x-file-name': 'small.csv' },
      declareLength: true,
    });
    expect(after.status).toBe(201);
  });
});

const postgres = (await testDatabaseTargets()).find((t) => t.dialect === 'postgres')!;
const skipReason = postgres.skipReason ?? (await redisSkipReason(REDIS_URL));

describe.skipIf(skipReason !== null)('limits hold under a burst over two processes (Postgres + Redis)', () => {
  it('30 project creations at once, half on each process, against 5 an hour create 5; 60 sign-ins try at most 10', async () => {
    const fresh = await freshPostgresDatabase(process.env.DATABASE_URL!);
    cleanups.push(fresh.drop);
    const env = { DATABASE_URL: fresh.url, REDIS_URL, STINT_RATE_LIMITS: 'createProject.perUser=5/3600' };
    const a = await startStint(env);
    cleanups.push(() => a.dispose());
    const b = await startStint(env);
    cleanups.push(() => b.dispose());
    const ws = await setupWorkspace(a.url);
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        apiClient(i % 2 ? b.url : a.url)
          .call('POST', '/api/projects', { token: ws.mentor.token, body: project })
          .then((r) => r.status),
      ),
    );
    const counts = tally(statuses);
    console.log(`[limits] 30 parallel project creations over 2 processes (5/hour): ${JSON.stringify(counts)}`);
    expect(counts[201]).toBe(5);
    const logins = await loginBurst([a.url, b.url], ws.viewer.email, 'integration password');
    console.log(`[limits] 60 parallel sign-ins over 2 processes: ${JSON.stringify(logins)}`);
    expect((logins[401] ?? 0) + (logins[200] ?? 0)).toBeLessThanOrEqual(10);
  });
});
