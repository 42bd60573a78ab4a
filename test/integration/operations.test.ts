import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REDIS_TEST_URL, redisSkipReason } from '@stint/collab/testing';
import { testDatabaseTargets } from '@stint/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { stintCli } from '../support/cli.ts';
import { body, connectProvider, eventually, RawClient, textOf, whenSynced } from '../support/collab-clients.ts';
import { freshPostgresDatabase } from '../support/postgres-database.ts';
import { startStint } from '../support/server-process.ts';
import { tcpProxy } from '../support/tcp-proxy.ts';
import { setupWorkspace } from '../support/workspace.ts';

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

/** Prometheus text format, parsed strictly: every sample line is `name{labels} value`; HELP and TYPE for each family. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  const typed = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = line.match(/^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/);
    if (meta) {
      if (meta[1] === 'TYPE') typed.add(meta[2]!);
      continue;
    }
    const sample = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/);
    if (!sample) throw new Error(`not Prometheus text: ${line}`);
    const family = sample[1]!.replace(/_(bucket|sum|count|total)$/, '');
    if (!typed.has(sample[1]!) && !typed.has(family) && !typed.has(sample[1]!.replace(/_(bucket|sum|count)$/, ''))) throw new Error(`no TYPE for ${sample[1]}`);
    samples.set(`${sample[1]}${sample[2] ?? ''}`, Number(sample[3]));
  }
  return samples;
}

describe('metrics', () => {
  it('without METRICS_TOKEN, /metrics answers only a direct request from this machine: never through a proxy', async () => {
    const server = await startStint();
    cleanups.push(() => server.dispose());
    const direct = await fetch(`${server.url}/metrics`);
    expect(direct.status).toBe(200);
    expect(await direct.text()).toMatch(/^stint_open_sockets \d+$/m);
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const proxied = await fetch(`${server.url}/metrics`, { headers: { [header]: header === 'forwarded' ? 'for=203.0.113.9' : '203.0.113.9' } });
      expect(proxied.status, header).toBe(404);
    }
  });

  it('GET /metrics is Prometheus text; the documented series move when people type', async () => {
    const server = await startStint({ METRICS_TOKEN: 'scrape-me-please-0123' });
    cleanups.push(() => server.dispose());
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const scrape = async () =>
      parsePrometheus(await (await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer scrape-me-please-0123' } })).text());
    const before = await scrape();

    const ws = await setupWorkspace(server.url);
    const docName = `${ws.projectId}/deliverable`;
    const student = connectProvider(server.url, docName, ws.student.token);
    const mentor = connectProvider(server.url, docName, ws.mentor.token);
    await Promise.all([whenSynced(student.provider), whenSynced(mentor.provider)]);
    for (const word of ['one ', 'two ', 'three ']) body(student.doc).insert(body(student.doc).length, word);
    await eventually(() => expect(textOf(mentor.doc)).toBe('one two three '));

    const after = await scrape();
    const grew = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(after.get('stint_open_sockets')).toBe(2);
    expect(after.get('stint_loaded_documents')).toBeGreaterThanOrEqual(1);
    expect(grew('stint_updates_received_total')).toBeGreaterThanOrEqual(3);
    expect(grew('stint_updates_stored_total')).toBeGreaterThanOrEqual(3);
    expect(grew('stint_updates_relayed_total')).toBeGreaterThanOrEqual(3);
    expect(grew('stint_commit_batch_updates_count')).toBeGreaterThanOrEqual(1);
    expect(grew('stint_commit_seconds_count')).toBe(grew('stint_commit_batch_updates_count'));
    expect(after.get('stint_socket_queued_bytes')).toBeGreaterThanOrEqual(0);
    expect(grew('stint_http_requests_total{method="POST",route="/api/projects/:id/applications",status="201"}')).toBe(1);
    expect(grew('stint_http_request_duration_seconds_count{method="POST",route="/api/auth/signup"}')).toBe(5);
    expect(after.has('process_resident_memory_bytes')).toBe(true);
    for (const name of ['stint_outbox_emails{status="pending"}', 'stint_compactions_total', 'stint_emails_failed_total'])
      expect(after.has(name), name).toBe(true);

    // A refused write is counted by its reason: the viewer types into the deliverable.
    const viewer = connectProvider(server.url, docName, ws.viewer.token);
    await whenSynced(viewer.provider);
    body(viewer.doc).insert(0, 'not mine');
    await eventually(async () => expect((await scrape()).get('stint_refused_writes_total{reason="refused_edits"}')).toBe(1));
    for (const c of [student, mentor, viewer]) c.provider.destroy();
  }, 30_000);
});

describe('backup and restore', () => {
  it('stint backup while people type, stint restore into an empty DATA_DIR: every update acknowledged before the backup is there, with the issuer key', async () => {
    const server = await startStint();
    cleanups.push(() => server.dispose());
    const ws = await setupWorkspace(server.url);
    const docName = `${ws.projectId}/deliverable`;
    const student = connectProvider(server.url, docName, ws.student.token);
    const mentor = connectProvider(server.url, docName, ws.mentor.token);
    await Promise.all([whenSynced(student.provider), whenSynced(mentor.provider)]);
    let typing = true;
    let n = 0;
    const typist = (async () => {
      while (typing) {
        body(student.doc).insert(body(student.doc).length, `w${n++} `);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await eventually(() => expect(textOf(mentor.doc).length).toBeGreaterThan(300));
    // What the mentor sees was stored before it was relayed: acknowledged.
    const acknowledged = textOf(mentor.doc);
    const dir = mkdtempSync(join(tmpdir(), 'stint-backup-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'stint.backup');
    const made = await stintCli(['backup', file], { DATA_DIR: server.dataDir });
    const typedDuringBackup = n;
    typing = false;
    await typist;
    expect(made.out).toMatch(/^Backed up .* signing key inside it/);
    expect(made.code).toBe(0);
    expect(typedDuringBackup).toBeGreaterThan(acknowledged.split(' ').length - 1);
    expect((await stintCli(['backup', file], { DATA_DIR: server.dataDir })).code).toBe(1);

    const elsewhere = join(dir, 'restored');
    const restored = await stintCli(['restore', file], { DATA_DIR: elsewhere });
    expect(restored.out).toContain('Restored');
    expect(restored.code).toBe(0);
    expect((await stintCli(['restore', file], { DATA_DIR: elsewhere })).out).toMatch(/restore into an empty DATA_DIR/);

    const copy = await startStint({}, [], elsewhere);
    cleanups.push(() => copy.stop().then(() => undefined));
    // The same people (sessions included), the same document up to at least what was acknowledged.
    const reader = connectProvider(copy.url, docName, ws.employer.token);
    await whenSynced(reader.provider);
    expect(textOf(reader.doc).startsWith(acknowledged)).toBe(true);
    expect((await get(`${copy.url}/api/issuer`)).json.id).toBe((await get(`${server.url}/api/issuer`)).json.id);
    for (const c of [student, mentor, reader]) c.provider.destroy();
  }, 60_000);
});

describe.skipIf(postgres.skipReason !== null)('backup and restore on Postgres', () => {
  it('stint backup runs pg_dump with the keys beside it; stint restore fills an empty database and DATA_DIR', async () => {
    const source = await freshPostgresDatabase(process.env.DATABASE_URL!);
    const target = await freshPostgresDatabase(process.env.DATABASE_URL!);
    cleanups.push(source.drop, target.drop);
    const server = await startStint({ DATABASE_URL: source.url });
    cleanups.push(() => server.dispose());
    const ws = await setupWorkspace(server.url);
    const docName = `${ws.projectId}/deliverable`;
    const student = connectProvider(server.url, docName, ws.student.token);
    await whenSynced(student.provider);
    body(student.doc).insert(0, 'kept in the dump');
    const dir = mkdtempSync(join(tmpdir(), 'stint-pg-backup-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    await eventually(async () =>
      expect(
        (
          await (
            await fetch(`${server.url}/api/projects/${ws.projectId}/docs/deliverable`, { headers: { authorization: `Bearer ${ws.student.token}` } })
          ).json()
        ).text,
      ).toContain('kept'),
    );
    const file = join(dir, 'stint.dump');
    const made = await stintCli(['backup', file], { DATA_DIR: server.dataDir, DATABASE_URL: source.url });
    expect(made.out).toContain('signing-key.json');
    expect(made.code).toBe(0);
    const elsewhere = join(dir, 'restored');
    const restored = await stintCli(['restore', file], { DATA_DIR: elsewhere, DATABASE_URL: target.url });
    expect(restored.code).toBe(0);
    // Not into a database that has tables.
    expect((await stintCli(['restore', file], { DATA_DIR: join(dir, 'third'), DATABASE_URL: target.url })).out).toMatch(/not empty/);
    const copy = await startStint({ DATABASE_URL: target.url }, [], elsewhere);
    cleanups.push(() => copy.stop().then(() => undefined));
    const reader = connectProvider(copy.url, docName, ws.employer.token);
    await whenSynced(reader.provider);
    expect(textOf(reader.doc)).toBe('kept in the dump');
    expect((await get(`${copy.url}/api/issuer`)).json.id).toBe((await get(`${server.url}/api/issuer`)).json.id);
    for (const c of [student, reader]) c.provider.destroy();
  }, 60_000);
});

describe('socket limits', () => {
  it('a document full of sockets says so (4508), a person past their socket cap is told (4429), a silent socket is dropped', async () => {
    const server = await startStint({ MAX_SOCKETS_PER_DOCUMENT: '3', MAX_SOCKETS_PER_USER: '4', SOCKET_HEARTBEAT_MS: '300' });
    cleanups.push(() => server.dispose());
    const ws = await setupWorkspace(server.url);
    const docName = `${ws.projectId}/brief`;
    const open = (token: string, answerPings = true) => new RawClient(server.url, docName, { token }, {}, answerPings);
    const first = [open(ws.employer.token), open(ws.mentor.token), open(ws.student.token)];
    await Promise.all(first.map((c) => c.opened));
    await eventually(() => expect(first.every((c) => c.received.length > 0)).toBe(true));
    const fourth = open(ws.viewer.token);
    expect(await fourth.closed).toBe(4508);
    expect(fourth.closeReason).toMatch(/^This document is full: 3 people have it open/);

    // The employer's own cap: 4 sockets across documents, the fifth refused.
    const more = ['deliverable', 'checkins', 'feedback'].map((kind) => new RawClient(server.url, `${ws.projectId}/${kind}`, { token: ws.employer.token }));
    await Promise.all(more.map((c) => c.opened));
    const fifth = new RawClient(server.url, `${ws.projectId}/comments`, { token: ws.employer.token });
    expect(await fifth.closed).toBe(4429);

    // A client that stops answering pings is cut within two beats; the others, answering, stay.
    for (const c of more) c.close();
    first[2]!.close();
    await first[2]!.closed;
    await new Promise((r) => setTimeout(r, 100));
    const silent = open(ws.student.token, false);
    await silent.opened;
    expect(await silent.closed).toBe(1006);
    expect(first[0]!.isOpen && first[1]!.isOpen).toBe(true);
    for (const c of first) c.close();
  }, 30_000);
});
