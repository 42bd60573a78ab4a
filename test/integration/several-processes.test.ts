import { REDIS_TEST_URL as REDIS_URL, redisCommand, redisSkipReason } from '@stint/collab/testing';
import { testDatabaseTargets } from '@stint/db/testing';
import * as decoding from 'lib0/decoding';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { body, connectProvider, eventually, RawClient, syncFrame, textOf, whenSynced, writeMarker } from '../support/collab-clients.ts';
import { apiClient } from '../support/http-client.ts';
import { openLiveStream } from '../support/live-stream.ts';
import { startTwoProcesses } from '../support/two-processes.ts';
import { setupWorkspace } from '../support/workspace.ts';

const postgres = (await testDatabaseTargets()).find((t) => t.dialect === 'postgres')!;

const skipReason = postgres.skipReason ?? (await redisSkipReason(REDIS_URL));
if (skipReason) console.warn(`[several processes] skipped: ${skipReason}.`);

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe.skipIf(skipReason !== null)('several server processes on one Postgres and one Redis', () => {
  it('clients on different processes co-edit one document live, see each other, lose rights everywhere at once, and share one sign-in limit', async () => {
    const { a, b } = await startTwoProcesses(REDIS_URL, cleanups);

    const ws = await setupWorkspace(a.url);
    const docName = `${ws.projectId}/deliverable`;
    const student = connectProvider(a.url, docName, ws.student.token);
    const mentor = connectProvider(b.url, docName, ws.mentor.token);
    await Promise.all([whenSynced(student.provider), whenSynced(mentor.provider)]);

    // Edits typed on either process reach the other live.
    body(student.doc).insert(0, 'from A. ');
    await eventually(() => expect(textOf(mentor.doc)).toBe('from A. '));
    body(mentor.doc).insert(body(mentor.doc).length, 'from B.');
    await eventually(() => expect(textOf(student.doc)).toBe('from A. from B.'));
    for (let i = 0; i < 30; i++) {
      body(student.doc).insert(0, 'a');
      body(mentor.doc).insert(body(mentor.doc).length, 'b');
    }
    await eventually(() => {
      expect(textOf(student.doc)).toBe(textOf(mentor.doc));
      expect(body(student.doc).length).toBe(15 + 60);
    });

    // Presence crosses processes too.
    student.provider.awareness.setLocalStateField('cursor', { at: 3 });
    await eventually(() =>
      expect([...mentor.provider.awareness.getStates().values()].some((s) => (s as { cursor?: { at: number } }).cursor?.at === 3)).toBe(true),
    );

    // Redis drops every subscriber connection: the processes reconnect, re-subscribe and catch
    // up from the store, and edits cross again.
    // Only these two servers' connections: other test files' servers may be using Redis at the
    // same time (on two vitest workers), and killing theirs would break their tests instead.
    const clients = await redisCommand(REDIS_URL, 'CLIENT LIST TYPE pubsub');
    const names = new Set([a, b].map((p) => `stint-bus-${p.child.pid}`));
    const ours = [...clients.matchAll(/^id=(\d+) .*\bname=(\S+)/gm)].filter((m) => names.has(m[2]!)).map((m) => m[1]);
    expect(ours).toHaveLength(2);
    for (const id of ours) expect(await redisCommand(REDIS_URL, `CLIENT KILL ID ${id}`)).toBe(':1');
    body(student.doc).insert(0, 'again ');
    await eventually(() => expect(textOf(mentor.doc)).toMatch(/^again /));
    await new Promise((r) => setTimeout(r, 300));
    body(mentor.doc).insert(0, 'and back ');
    await eventually(() => expect(textOf(student.doc)).toMatch(/^and back again /));

    // The project's topics cross processes: a page on B hears a change made on A.
    const page = await openLiveStream(b.url, ws.viewer.token, { project: ws.projectId });
    await page.next((e) => e.event === 'unread', 3000, 0);
    const heard = page.next((e) => e.event === 'project' && Boolean(e.data.topics?.includes('versions')));
    expect(
      (await apiClient(a.url).call('POST', `/api/projects/${ws.projectId}/docs/brief/versions`, { token: ws.employer.token, body: { label: 'On A' } })).status,
    ).toBe(201);
    await heard;
    page.close();

    // Authorship crosses processes: B's room was open before the mentor wrote on A, and still
    // knows whose client id it is (the bus says who wrote each update).
    const checkins = `${ws.projectId}/checkins`;
    const watcherOnB = connectProvider(b.url, checkins, ws.student.token);
    await whenSynced(watcherOnB.provider);
    const mentorOnA = connectProvider(a.url, checkins, ws.mentor.token);
    await whenSynced(mentorOnA.provider);
    writeMarker(mentorOnA.doc, 'checkins', 'MENTOR-ON-A');
    await eventually(() => expect(JSON.stringify(watcherOnB.doc.getArray('entries').toJSON())).toContain('MENTOR-ON-A'));
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(watcherOnB.doc));
    forged.clientID = mentorOnA.doc.clientID;
    const before = Y.encodeStateVector(forged);
    writeMarker(forged, 'checkins', 'FORGED-ON-B');
    const forger = new RawClient(b.url, checkins, { token: ws.student.token });
    await forger.opened;
    forger.send(syncFrame(2, Y.encodeStateAsUpdate(forged, before)));
    expect(await Promise.race([forger.closed, new Promise((r) => setTimeout(() => r('still open'), 3000))])).toBe(4410);
    await new Promise((r) => setTimeout(r, 300));
    expect(JSON.stringify(mentorOnA.doc.getArray('entries').toJSON())).not.toContain('FORGED-ON-B');
    for (const c of [watcherOnB, mentorOnA]) c.provider.destroy();

    // Cancelling through A leaves the student only read rights: the socket on B is downgraded,
    // its write goes nowhere, and the socket is closed at once: that copy holds a refused edit.
    const onB = connectProvider(b.url, docName, ws.student.token);
    await whenSynced(onB.provider);
    const closes: number[] = [];
    onB.provider.on('connection-close', (event: { code: number } | null) => void (event && closes.push(event.code)));
    const cancelled = await ws.api.call('POST', `/api/projects/${ws.projectId}/cancel`, { token: ws.employer.token });
    expect(cancelled.status, JSON.stringify(cancelled.json)).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    for (let i = 0; i < 5; i++) {
      body(onB.doc).insert(0, 'X');
      await new Promise((r) => setTimeout(r, 50));
    }
    await eventually(() => expect(closes).toContain(4409));
    expect(textOf(mentor.doc)).not.toContain('X');

    // Whatever process a fresh reader asks, the stored document is the converged one.
    for (const server of [a, b]) {
      const reader = connectProvider(server.url, docName, ws.viewer.token);
      await whenSynced(reader.provider);
      expect(textOf(reader.doc)).toBe(textOf(student.doc));
      reader.provider.destroy();
    }
    for (const c of [student, mentor, onB]) c.provider.destroy();

    // Each process timed what it heard from the other: the operator's bus-lag histogram moved.
    for (const server of [a, b]) {
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      const heard = Number(metrics.match(/^stint_bus_lag_seconds_count (\d+)$/m)?.[1]);
      expect(heard).toBeGreaterThan(0);
      // One host, one clock: everything arrived within a second.
      expect(Number(metrics.match(/^stint_bus_lag_seconds_bucket\{le="1"\} (\d+)$/m)?.[1])).toBe(heard);
    }

    // A logout handled by A closes that session's socket on B at once.
    const session = (await apiClient(a.url).call('POST', '/api/auth/login', { body: { email: ws.viewer.email, password: 'integration password' } })).json
      .token as string;
    const onB2 = new RawClient(b.url, docName, { token: session });
    await onB2.opened;
    // …and its live stream on B, and on A too; another session of the same person keeps theirs.
    const streams = await Promise.all([b, a].map((p) => openLiveStream(p.url, session, { project: ws.projectId })));
    const other = await openLiveStream(b.url, ws.viewer.token, { project: ws.projectId });
    await Promise.all([...streams, other].map((s) => s.next((e) => e.event === 'unread', 3000, 0)));
    expect((await apiClient(a.url).call('POST', '/api/auth/logout', { token: session })).status).toBe(204);
    expect(await Promise.race([onB2.closed, new Promise((r) => setTimeout(() => r('still open'), 3000))])).toBe(4401);
    for (const stream of streams)
      expect(await Promise.race([stream.ended.then(() => 'ended'), new Promise((r) => setTimeout(() => r('still open'), 3000))])).toBe('ended');
    // Sign-out everywhere, from A, ends the other session's stream on B.
    expect(await Promise.race([other.ended.then(() => 'ended'), new Promise((r) => setTimeout(() => r('still open'), 300))])).toBe('still open');
    expect((await apiClient(a.url).call('POST', '/api/auth/logout-all', { token: ws.viewer.token })).status).toBe(204);
    expect(await Promise.race([other.ended.then(() => 'ended'), new Promise((r) => setTimeout(() => r('still open'), 3000))])).toBe('ended');

    // Failed sign-ins are counted once for all processes: ten on A, and B refuses the eleventh.
    const email = ws.student.email;
    for (let i = 0; i < 10; i++) {
      const failed = await apiClient(a.url).call('POST', '/api/auth/login', { body: { email, password: `wrong ${i}` } });
      expect(failed.status).toBe(401);
    }
    const refused = await apiClient(b.url).call('POST', '/api/auth/login', { body: { email, password: 'integration password' } });
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe('rate_limited');
  });
  it('a hand-off on A holds the writers on B: the Completed version holds every update B acknowledged as saved', async () => {
    const { a, b } = await startTwoProcesses(REDIS_URL, cleanups);
    const ws = await setupWorkspace(a.url);
    expect((await ws.api.call('POST', `/api/projects/${ws.projectId}/submit`, { token: ws.student.token })).status).toBe(200);

    // The mentor types into the feedback on B, asking for "saved up to" acknowledgements.
    const feedback = `${ws.projectId}/feedback`;
    const writer = new RawClient(b.url, feedback, { token: ws.mentor.token, acks: '1' });
    await writer.opened;
    const doc = new Y.Doc();
    writer.send(syncFrame(0, Y.encodeStateVector(doc)));
    const [, state] = await eventually(() => {
      const answer = writer.syncMessages().find(([kind]) => kind === 1);
      expect(answer).toBeDefined();
      return answer!;
    });
    Y.applyUpdate(doc, state);
    const typed: Array<{ word: string; clock: number }> = [];
    let writing = true;
    const burst = (async () => {
      for (let i = 0; writing && writer.isOpen; i++) {
        const before = Y.encodeStateVector(doc);
        body(doc).insert(body(doc).length, `b${i} `);
        writer.send(syncFrame(2, Y.encodeStateAsUpdate(doc, before)));
        typed.push({ word: `b${i}`, clock: Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID)! });
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    await eventually(() => expect(typed.length).toBeGreaterThan(20));

    // The employer completes on A meanwhile, while the bus is slow (Redis holds every publish for
    // 250 ms: what a busy Redis or a network hiccup does; nothing on the bus is promised in time).
    expect(await redisCommand(REDIS_URL, 'CLIENT PAUSE 250 WRITE')).toBe('+OK');
    const startedAt = performance.now();
    const complete = await ws.api.call('POST', `/api/projects/${ws.projectId}/complete`, {
      token: ws.employer.token,
      body: { rating: { skills: { writing: 5 }, wouldWorkAgain: true } },
    });
    const tookMs = performance.now() - startedAt;
    expect(complete.status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    writing = false;
    await burst;
    writer.close();

    // What B told the mentor was saved: the highest clock of theirs in any "saved up to".
    const acked = Math.max(
      0,
      ...writer.received
        .filter((frame) => frame[0] === 100)
        .map((frame) => {
          const decoder = decoding.createDecoder(frame);
          decoding.readVarUint(decoder);
          return Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(doc.clientID) ?? 0;
        }),
    );
    const saved = typed.filter((t) => t.clock <= acked).map((t) => t.word);
    expect(saved.length).toBeGreaterThan(20);
    const versions = await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/feedback/versions`, { token: ws.employer.token });
    const completed = versions.json.versions.find((v: { label: string }) => v.label === 'Completed');
    const version = await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/feedback/versions/${completed.id}`, { token: ws.employer.token });
    const inVersion = new Set((version.json.text as string).split(/\s+/));
    console.log(
      `[hand-off across processes] typed ${typed.length}, acknowledged ${saved.length}, in the Completed version ${inVersion.size}, complete took ${tookMs.toFixed(0)} ms`,
    );
    expect(saved.filter((word) => !inVersion.has(word))).toEqual([]);
    // And the frozen document is that version: nothing was stored after it.
    const final = await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/feedback`, { token: ws.employer.token });
    expect(final.json.text).toBe(version.json.text);
  });
});
