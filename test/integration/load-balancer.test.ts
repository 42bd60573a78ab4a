import { REDIS_TEST_URL as REDIS_URL, redisSkipReason } from '@stint/collab/testing';
import { testDatabaseTargets } from '@stint/db/testing';
import { generateSigningKey, secretKeyMultibase } from '@stint/export';
import { afterAll, describe, expect, it } from 'vitest';
import { body, connectProvider, eventually, textOf, whenSynced } from '../support/collab-clients.ts';
import { unreadSeen } from '../support/live-stream.ts';
import { ensureNginx, startNginx } from '../support/nginx.ts';
import { freshPostgresDatabase } from '../support/postgres-database.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';
import { setupWorkspace } from '../support/workspace.ts';

const postgres = (await testDatabaseTargets()).find((t) => t.dialect === 'postgres')!;
const nginx = ensureNginx();
const skipReason = postgres.skipReason ?? (await redisSkipReason(REDIS_URL)) ?? ('skip' in nginx ? nginx.skip : null);
if (skipReason) console.warn(`[load balancer] skipped: ${skipReason}.`);

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe.skipIf(skipReason !== null)('two processes behind nginx (deploy/nginx.conf), no sticky sessions', () => {
  it('co-editing, rights and notifications work through it; one process killed mid-session, its clients reconnect to the other and lose nothing acknowledged', async () => {
    const fresh = await freshPostgresDatabase(process.env.DATABASE_URL!);
    cleanups.push(fresh.drop);
    const env = { DATABASE_URL: fresh.url, REDIS_URL, TRUST_PROXY: '1', STINT_SIGNING_KEY: secretKeyMultibase(generateSigningKey()) };
    const a: StintProcess = await startStint(env);
    cleanups.push(() => a.dispose());
    const b: StintProcess = await startStint(env);
    cleanups.push(() => b.dispose());
    const lb = await startNginx(
      (nginx as { binary: string }).binary,
      [a, b].map((p) => Number(new URL(p.url).port)),
    );
    cleanups.push(() => lb.stop());

    // Everything below goes through nginx, which alternates between the two processes.
    const ws = await setupWorkspace(lb.url);
    const docName = `${ws.projectId}/deliverable`;
    const student = connectProvider(lb.url, docName, ws.student.token);
    const mentor = connectProvider(lb.url, docName, ws.mentor.token);
    const viewer = connectProvider(lb.url, docName, ws.viewer.token);
    await Promise.all([student, mentor, viewer].map((c) => whenSynced(c.provider)));
    body(student.doc).insert(0, 'student. ');
    body(mentor.doc).insert(body(mentor.doc).length, 'mentor. ');
    await eventually(() => expect(textOf(student.doc)).toBe(textOf(mentor.doc)));
    expect(textOf(mentor.doc)).toContain('student. ');
    expect(textOf(mentor.doc)).toContain('mentor. ');
    // Rights hold on whichever process a socket landed: the viewer's edit reaches nobody.
    body(viewer.doc).insert(0, 'VIEWER ');
    await new Promise((r) => setTimeout(r, 500));
    expect(textOf(mentor.doc)).not.toContain('VIEWER');

    // Told once: the employer's bell (a stream through nginx, unbuffered) and inbox hear one submission.
    const bell = unreadSeen(lb.url, ws.employer.token, 1, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    await ws.post(`/api/projects/${ws.projectId}/submit`, ws.student.token);
    expect(await bell).toContain(1);
    const inbox = (await ws.api.call('GET', '/api/me/notifications', { token: ws.employer.token })).json.notifications;
    expect(inbox.filter((n: { kind: string }) => n.kind === 'submitted')).toHaveLength(1);
    await ws.post(`/api/projects/${ws.projectId}/request-changes`, ws.employer.token, { message: 'One more pass.' });

    // Typing goes on while process A is killed: its sockets drop, y-websocket reconnects through
    // nginx (which skips the dead process), and both sides converge.
    let typing = true;
    let n = 0;
    const typist = (async () => {
      while (typing) {
        body(student.doc).insert(body(student.doc).length, `s${n++} `);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await eventually(() => expect(textOf(mentor.doc)).toContain('s20 '));
    const acknowledged = textOf(mentor.doc);
    // At least one of the three sockets is on A (nginx spreads them; reconnect the student until so).
    const socketsOn = async (p: StintProcess) => Number((await (await fetch(`${p.url}/metrics`)).text()).match(/^stint_open_sockets (\d+)$/m)?.[1]);
    for (let tries = 0; (await socketsOn(a)) === 0 && tries < 20; tries++) {
      student.provider.disconnect();
      student.provider.connect();
      await whenSynced(student.provider);
    }
    const onA = await socketsOn(a);
    expect(onA).toBeGreaterThan(0);
    let dropped = 0;
    for (const c of [student, mentor, viewer]) c.provider.on('status', ({ status }: { status: string }) => status === 'disconnected' && dropped++);
    a.child.kill('SIGKILL');
    const target = `s${n + 50} `;
    await eventually(() => expect(textOf(mentor.doc)).toContain(target), 20_000);
    expect(dropped).toBe(onA);
    typing = false;
    await typist;
    await eventually(() => expect(textOf(mentor.doc)).toBe(textOf(student.doc)), 20_000);
    expect(textOf(mentor.doc).startsWith(acknowledged)).toBe(true);

    // And it is stored: a new client, through nginx (so on B), reads it all.
    const late = connectProvider(lb.url, docName, ws.employer.token);
    await whenSynced(late.provider);
    await eventually(() => expect(textOf(late.doc)).toBe(textOf(student.doc)));
    for (const c of [student, mentor, viewer, late]) c.provider.destroy();
  }, 120_000);
});
