import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { apiClient } from '../support/http-client.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';

let server: StintProcess | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

describe('stint start', () => {
  it('seeds the demo into an empty database and prints the URL and the demo accounts', async () => {
    server = await startStint();
    const out = server.output();
    expect(out).toMatch(/Stint is running at http:\/\/127\.0\.0\.1:\d+/);
    for (const email of ['employer@demo.stint', 'mentor@demo.stint', 'student@demo.stint']) expect(out).toContain(email);
    expect(out).toContain('demo-demo-demo');

    const api = apiClient(server.url);
    const login = async (email: string) => {
      const res = await api.call('POST', '/api/auth/login', { body: { email, password: 'demo-demo-demo' } });
      expect(res.status).toBe(200);
      return res.json.token as string;
    };
    const employer = await login('employer@demo.stint');
    const student = await login('student@demo.stint');
    const mentor = await login('mentor@demo.stint');

    const mine = (await api.call('GET', '/api/projects?mine=true', { token: employer })).json.projects as Array<{ id: string; status: string }>;
    const open = mine.find((p) => p.status === 'open')!;
    const running = mine.find((p) => p.status === 'in_progress')!;
    expect((await api.call('GET', `/api/projects/${open.id}/applications`, { token: employer })).json.applications).toHaveLength(2);
    for (const token of [employer, student, mentor]) {
      const detail = (await api.call('GET', `/api/projects/${running.id}`, { token })).json;
      expect(detail.members.map((m: { role: string }) => m.role).sort()).toEqual(['employer', 'mentor', 'student']);
    }
    // The running project's deliverable is a realistic draft: a heading, paragraphs, a list — by the student.
    const deliverable = (await api.call('GET', `/api/projects/${running.id}/docs/deliverable`, { token: mentor })).json;
    expect(deliverable.html).toMatch(/<h2>Findings memo \(draft\)<\/h2>[\s\S]*<ol>/);
    const outcome = await api.call('GET', `/api/projects/${running.id}/docs/deliverable/versions`, { token: student });
    expect(outcome.status).toBe(200);
    // Each demo account's bell has what the demo's events would have told them — in the app only.
    // The demo's projects move through the server's commands, so the finished project's acceptance
    // and submission tell people too, as they would have live.
    const kinds = async (token: string) =>
      (await api.call('GET', '/api/me/notifications', { token })).json.notifications.map((n: { kind: string }) => n.kind).sort();
    expect(await kinds(employer)).toEqual(['application_received', 'application_received', 'application_received', 'submitted']);
    expect(await kinds(mentor)).toEqual(['completed', 'invited', 'submitted']);
    expect(await kinds(student)).toEqual(['application_accepted', 'application_accepted', 'completed']);
    // The running project has a plan and hours; a finished one waits for the student's blind review.
    const plan = (await api.call('GET', `/api/projects/${running.id}/milestones`, { token: student })).json.milestones;
    expect(plan.map((m: { standing: string }) => m.standing)).toEqual(['done', 'upcoming', 'upcoming']);
    expect((await api.call('GET', `/api/projects/${running.id}/work-log`, { token: mentor })).json.totalMinutes).toBe(345);
    const finished = mine.find((p) => p.status === 'completed')!;
    const reviews = (await api.call('GET', `/api/projects/${finished.id}/reviews`, { token: student })).json;
    expect([reviews.revealed, reviews.ofStudent.rating, reviews.mentors.length]).toEqual([false, null, 1]);
    expect((await api.call('GET', `/api/projects/${finished.id}/payment`, { token: student })).json.payment.state).toBe('due');
    // Its hand-offs left versions, as the server's own moves do: the portfolio item hashes them.
    const versions = (await api.call('GET', `/api/projects/${finished.id}/docs/deliverable/versions`, { token: student })).json.versions;
    expect(versions.map((v: { label: string }) => v.label)).toEqual(['Completed', 'Submitted']);
    const completed = (await api.call('GET', `/api/projects/${finished.id}/docs/deliverable/versions/${versions[0].id}`, { token: student })).json;
    expect(completed.html).toContain('Six of eight charge per seat');
    expect((await api.call('GET', `/api/employers/${reviews.ofStudent.by.id}`)).json.employer.organisation.name).toBe('Northwind Analytics');
    expect(existsSync(join(server.dataDir, 'outbox')) ? readdirSync(join(server.dataDir, 'outbox')) : []).toEqual([]);
  });

  it('does not seed again on restart over the same data', async () => {
    const first = await startStint();
    const dataDir = first.dataDir;
    await first.stop('SIGTERM');
    server = await startStint({ DATA_DIR: dataDir });
    const api = apiClient(server.url);
    const token = (await api.call('POST', '/api/auth/login', { body: { email: 'employer@demo.stint', password: 'demo-demo-demo' } })).json.token;
    // The demo's three projects (open, in progress, completed), once.
    expect((await api.call('GET', '/api/projects?mine=true', { token })).json.projects).toHaveLength(3);
  });

  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    server = await startStint();
    const api = apiClient(server.url);
    // Signup hashes a password with argon2id: long enough to still be running when the signal lands.
    const inFlight = api.call('POST', '/api/auth/signup', { body: { email: 'late@it.test', name: 'Late', password: 'integration password' } });
    await new Promise((r) => setTimeout(r, 15));
    const exit = server.stop('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(201);
    expect(await exit).toBe(0);
    await expect(fetch(`${server.url}/api/me`)).rejects.toThrow();
  });

  it('Ctrl-C delivered twice (the terminal and a package manager passing it on) stops once and exits 0', async () => {
    const started = await startStint({ LOG_LEVEL: 'info' });
    server = started;
    const stopping = new Promise<void>((heard) => started.child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('shutting down') && heard()));
    started.child.kill('SIGINT');
    // The second arrives while the first is being handled (two at once would merge into one).
    await stopping;
    started.child.kill('SIGINT');
    expect(await started.stop('SIGINT')).toBe(0);
  });

  it('behind TRUST_PROXY=1 limits sign-ins by the forwarded client address, not the proxy', async () => {
    server = await startStint({ TRUST_PROXY: '1' });
    const api = apiClient(server.url);
    const attempt = (n: number, from: string) =>
      api.call('POST', '/api/auth/login', {
        body: { email: `nobody${n}@example.test`, password: 'wrong password' },
        headers: { 'x-forwarded-for': `198.51.100.50, ${from}` },
      });
    for (let i = 0; i < 10; i++) expect((await attempt(i, '203.0.113.7')).status).toBe(401);
    expect((await attempt(10, '203.0.113.7')).status).toBe(429);
    // Another client behind the same proxy is unaffected; the spoofable left-hand entry counts for nothing.
    expect((await attempt(11, '203.0.113.8')).status).toBe(401);
  });

  it('refuses a bad configuration with a clear message', async () => {
    await expect(startStint({ PORT: 'eighty' })).rejects.toThrow(/Bad configuration: PORT/);
    await expect(startStint({ REDIS_URL: 'localhost:6379' })).rejects.toThrow(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    await expect(startStint({ STINT_RATE_LIMITS: 'signup.perDay=1/1' })).rejects.toThrow(/STINT_RATE_LIMITS: "signup.perDay=1\/1" is not/);
    // A file where the data directory should be: the message names the path.
    const file = join(mkdtempSync(join(tmpdir(), 'stint-file-')), 'data');
    writeFileSync(file, 'not a directory');
    await expect(startStint({ DATA_DIR: file })).rejects.toThrow(new RegExp(`DATA_DIR ${file} can't be used: a file by that name is in the way`));
    // Four processes started one after another: give a loaded machine time.
  }, 90_000);
});
