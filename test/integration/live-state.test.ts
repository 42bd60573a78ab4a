import { LIVE_FIELD, liveChannelName } from '@stint/domain';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { body, connectProvider, eventually, RawClient, syncFrame, whenSynced } from '../support/collab-clients.ts';
import { setupWorkspace } from '../support/workspace.ts';
import { useWorkspaceServer } from '../support/workspace-server.ts';

const fixture = useWorkspaceServer();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

describe("a project's live channel", () => {
  it('every member’s open page hears each status change at once; p50/p99 over 50 changes measured', async () => {
    const { ws } = fixture;
    const mentor = connectProvider(fixture.server.url, liveChannelName(ws.projectId), ws.mentor.token);
    await whenSynced(mentor.provider);
    const counters = mentor.doc.getMap<number>(LIVE_FIELD);
    const latencies: number[] = [];
    for (let i = 0; i < 50; i++) {
      const before = counters.get('status') ?? 0;
      const heard = new Promise<number>((resolve) => {
        const check = () => {
          if ((counters.get('status') ?? 0) > before) {
            counters.unobserve(check);
            resolve(performance.now());
          }
        };
        counters.observe(check);
      });
      const started = performance.now();
      const [path, token, body] = i % 2 === 0 ? ['submit', ws.student.token, undefined] : ['request-changes', ws.employer.token, { message: `round ${i}` }];
      const answer = await ws.api.call('POST', `/api/projects/${ws.projectId}/${path}`, { token, body });
      expect(answer.status).toBe(200);
      const at = await Promise.race([heard, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('not heard within 1 s')), 1000))]);
      latencies.push(at - started);
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `[live] status change → open page: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms over ${latencies.length}`,
    );
    expect(counters.get('versions')).toBeGreaterThanOrEqual(50);
    mentor.provider.destroy();
  });

  it('comments, versions, members and applications bump their topics', async () => {
    const { ws } = fixture;
    const viewer = connectProvider(fixture.server.url, liveChannelName(ws.projectId), ws.viewer.token);
    await whenSynced(viewer.provider);
    const counters = viewer.doc.getMap<number>(LIVE_FIELD);
    const versions = counters.get('versions') ?? 0;
    await ws.post(`/api/projects/${ws.projectId}/docs/brief/versions`, ws.employer.token, { label: 'By hand' });
    await eventually(() => expect(counters.get('versions')).toBe(versions + 1), 2000);
    viewer.provider.destroy();
  });

  it('a student who steps away loses their open documents at once, and the employer’s page hears it', async () => {
    const ws = await setupWorkspace(fixture.server.url);
    const deliverable = new RawClient(fixture.server.url, `${ws.projectId}/deliverable`, { token: ws.student.token });
    await deliverable.opened;
    const employer = connectProvider(fixture.server.url, liveChannelName(ws.projectId), ws.employer.token);
    await whenSynced(employer.provider);
    const counters = employer.doc.getMap<number>(LIVE_FIELD);
    const [members, applications] = [counters.get('members') ?? 0, counters.get('applications') ?? 0];
    await ws.post(`/api/projects/${ws.projectId}/step-away`, ws.student.token, { reason: 'Moving abroad.' });
    expect(await deliverable.closed).toBe(4403);
    // Not a member any more: even the brief, which a draft's student could read, is closed to them.
    const brief = new RawClient(fixture.server.url, `${ws.projectId}/brief`, { token: ws.student.token });
    expect(await brief.closed).toBe(4403);
    await eventually(() => expect([counters.get('members'), counters.get('applications')]).toEqual([members + 1, applications + 1]), 2000);
    employer.provider.destroy();
  });

  it('is for members only, and read-only for them', async () => {
    const { ws } = fixture;
    const outsider = new RawClient(fixture.server.url, liveChannelName(ws.projectId), { token: ws.outsider.token });
    expect(await outsider.closed).toBe(4403);
    const member = new RawClient(fixture.server.url, liveChannelName(ws.projectId), { token: ws.employer.token });
    await member.opened;
    const forged = new Y.Doc();
    forged.getMap(LIVE_FIELD).set('status', 1_000_000);
    member.send(syncFrame(2, Y.encodeStateAsUpdate(forged)));
    expect(await member.closed).toBe(4409);
    const reader = connectProvider(fixture.server.url, liveChannelName(ws.projectId), ws.viewer.token);
    await whenSynced(reader.provider);
    expect(reader.doc.getMap<number>(LIVE_FIELD).get('status') ?? 0).toBeLessThan(1_000_000);
    reader.provider.destroy();
  });
});

describe('the activity timeline', () => {
  it('newest first, with who and the request-changes message; paginated; applications only for the employer; members only', async () => {
    const { ws } = fixture;
    const page = async (token: string, query = '') => ws.api.call('GET', `/api/projects/${ws.projectId}/activity${query}`, { token });
    const first = await page(ws.student.token);
    expect(first.status).toBe(200);
    const latest = first.json.events[0];
    expect(latest.kind).toMatch(/submit|request_changes/);
    const request = first.json.events.find((e: { kind: string }) => e.kind === 'request_changes');
    expect(request).toMatchObject({
      actor: { id: ws.employer.id, name: 'Erin Employer' },
      from: 'in_review',
      to: 'in_progress',
      message: expect.stringMatching(/^round \d+$/),
    });
    expect(first.json.events.some((e: { kind: string }) => e.kind === 'apply')).toBe(false);
    expect((await page(ws.employer.token, '?limit=200')).status).toBe(400);
    const all = (await page(ws.employer.token, '?limit=100')).json.events;
    expect(all.some((e: { kind: string }) => e.kind === 'apply')).toBe(true);
    // Pages follow each other without gaps or repeats.
    const one = await page(ws.employer.token, '?limit=1');
    const two = await page(ws.employer.token, `?limit=1&before=${one.json.next}`);
    expect(two.json.events[0].id).toBeLessThan(one.json.events[0].id);
    expect([one.json.events[0].id, two.json.events[0].id]).toEqual(all.slice(0, 2).map((e: { id: number }) => e.id));
    expect((await page(ws.outsider.token)).status).toBe(404);
  });
});

describe('the activity in exports', () => {
  it('the JSON export carries the timeline, oldest first, with the request-changes messages', async () => {
    const { ws } = fixture;
    const exported = await ws.api.call('GET', `/api/projects/${ws.projectId}/export?format=json`, { token: ws.student.token });
    expect(exported.status).toBe(200);
    const activity = exported.json.activity as Array<{ kind: string; message?: string }>;
    expect(activity[0]!.kind).toBe('create');
    expect(activity.some((e) => e.kind === 'request_changes' && /^round \d+$/.test(e.message ?? ''))).toBe(true);
    expect(activity.some((e) => e.kind === 'apply')).toBe(false);
  });
});

describe('edits made without the right are never stored, whatever the client does later', () => {
  it('the unmodified y-websocket client types after a downgrade, reconnects once its right is back, and its late text never reaches the document', async () => {
    const { ws } = fixture;
    // The project is in progress after the rounds above (each ended with a request for changes).
    const docName = `${ws.projectId}/deliverable`;
    const mentor = connectProvider(fixture.server.url, docName, ws.mentor.token);
    await whenSynced(mentor.provider);
    body(mentor.doc).insert(0, 'BEFORE ');
    await eventually(async () =>
      expect((await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/deliverable`, { token: ws.employer.token })).json.text).toContain('BEFORE'),
    );
    expect((await ws.api.call('POST', `/api/projects/${ws.projectId}/submit`, { token: ws.student.token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    // Typed while read-only: refused, and the socket closed at once with 4409, which tells the
    // client its copy can't be merged (the stock client stops reconnecting on it).
    const closes: number[] = [];
    mentor.provider.on('connection-close', (event: { code: number } | null) => void (event && closes.push(event.code)));
    for (let i = 0; i < 5; i++) {
      body(mentor.doc).insert(body(mentor.doc).length, ` LATE-EDIT-${i}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await eventually(() => expect(closes).toEqual([4409]));
    expect((await ws.api.call('POST', `/api/projects/${ws.projectId}/request-changes`, { token: ws.employer.token, body: { message: 'more' } })).status).toBe(
      200,
    );
    // The page is reloaded (a new connection, now with the right to write), which offers its whole state.
    mentor.provider.disconnect();
    mentor.provider.connect();
    await new Promise((r) => setTimeout(r, 1500));
    const stored = (await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/deliverable`, { token: ws.employer.token })).json.text as string;
    expect(stored).toContain('BEFORE');
    expect(stored).not.toContain('LATE-EDIT');
    mentor.provider.destroy();
    // A fresh copy writes as usual.
    const fresh = connectProvider(fixture.server.url, docName, ws.mentor.token);
    await whenSynced(fresh.provider);
    body(fresh.doc).insert(0, 'AFTER ');
    await eventually(async () =>
      expect((await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/deliverable`, { token: ws.employer.token })).json.text).toContain('AFTER'),
    );
    expect((await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/deliverable`, { token: ws.employer.token })).json.text).not.toContain('LATE-EDIT');
    fresh.provider.destroy();
  });
});
