import { describe, expect, it } from 'vitest';
import { body, connectProvider, eventually, RawClient, whenSynced } from '../support/collab-clients.ts';
import { openLiveStream, projectTopicsHeard } from '../support/live-stream.ts';
import { setupWorkspace } from '../support/workspace.ts';
import { useWorkspaceServer } from '../support/workspace-server.ts';

const fixture = useWorkspaceServer();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

describe("a project's live topics", () => {
  it('every member’s open page hears each status change at once; p50/p99 over 50 changes measured', async () => {
    const { ws } = fixture;
    const mentor = await openLiveStream(fixture.server.url, ws.mentor.token, { project: ws.projectId });
    expect(mentor.status).toBe(200);
    await mentor.next((e) => e.event === 'unread', 3000, 0);
    const latencies: number[] = [];
    for (let i = 0; i < 50; i++) {
      const heard = mentor.next((e) => e.event === 'project' && Boolean(e.data.topics?.includes('status')), 1000).then(() => performance.now());
      const started = performance.now();
      const [path, token, body] = i % 2 === 0 ? ['submit', ws.student.token, undefined] : ['request-changes', ws.employer.token, { message: `round ${i}` }];
      const answer = await ws.api.call('POST', `/api/projects/${ws.projectId}/${path}`, { token, body });
      expect(answer.status).toBe(200);
      latencies.push((await heard) - started);
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `[live] status change → open page: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms over ${latencies.length}`,
    );
    expect(projectTopicsHeard(mentor).filter((t) => t === 'versions').length).toBeGreaterThanOrEqual(50);
    mentor.close();
  });

  it('comments, versions, members and applications name their topics, and only for the project the page shows', async () => {
    const { ws } = fixture;
    const viewer = await openLiveStream(fixture.server.url, ws.viewer.token, { project: ws.projectId });
    const elsewhere = await setupWorkspace(fixture.server.url);
    const other = await openLiveStream(fixture.server.url, elsewhere.employer.token, { project: elsewhere.projectId });
    await Promise.all([viewer, other].map((s) => s.next((e) => e.event === 'unread', 3000, 0)));
    await ws.post(`/api/projects/${ws.projectId}/docs/brief/versions`, ws.employer.token, { label: 'By hand' });
    const heard = await viewer.next((e) => e.event === 'project');
    expect(heard.data).toEqual({ projectId: ws.projectId, topics: ['versions'], watching: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(projectTopicsHeard(other)).toEqual([]);
    viewer.close();
    other.close();
  });

  it('a student who steps away loses their open documents and the project’s topics at once, and the employer’s page hears it', async () => {
    const ws = await setupWorkspace(fixture.server.url);
    const deliverable = new RawClient(fixture.server.url, `${ws.projectId}/deliverable`, { token: ws.student.token });
    await deliverable.opened;
    const employer = await openLiveStream(fixture.server.url, ws.employer.token, { project: ws.projectId });
    const student = await openLiveStream(fixture.server.url, ws.student.token, { project: ws.projectId });
    await Promise.all([employer, student].map((s) => s.next((e) => e.event === 'unread', 3000, 0)));
    const employerHeard = employer.next((e) => e.event === 'project' && Boolean(e.data.topics?.includes('members')));
    const studentHeard = student.next((e) => e.event === 'project');
    // Their own application moved (withdrawn): their dashboard hears it on the same stream.
    const ownHeard = student.next((e) => e.event === 'changed' && Boolean(e.data.topics?.includes('applications')));
    await ws.post(`/api/projects/${ws.projectId}/step-away`, ws.student.token, { reason: 'Moving abroad.' });
    expect(await deliverable.closed).toBe(4403);
    // Not a member any more: even the brief, which a draft's student could read, is closed to them.
    const brief = new RawClient(fixture.server.url, `${ws.projectId}/brief`, { token: ws.student.token });
    expect(await brief.closed).toBe(4403);
    expect((await employerHeard).data.topics).toEqual(expect.arrayContaining(['members', 'applications']));
    // The project is open again: the student's page hears of it only what anyone may (its status and members).
    expect((await studentHeard).data.topics).toEqual(expect.arrayContaining(['members']));
    expect((await studentHeard).data.topics).not.toContain('applications');
    await ownHeard;
    const told = student.events.length;
    await ws.post(`/api/projects/${ws.projectId}/docs/brief/versions`, ws.employer.token, { label: 'After' });
    await employer.next((e) => e.event === 'project' && Boolean(e.data.topics?.includes('versions')));
    expect(student.events.slice(told).filter((e) => e.event === 'project')).toEqual([]);
    employer.close();
    student.close();
  });

  it('members hear every topic; someone who may only see the open project hears its status and members; a stranger to a draft is refused', async () => {
    const { ws } = fixture;
    const outsider = await openLiveStream(fixture.server.url, ws.outsider.token, { project: ws.projectId });
    expect([outsider.status, outsider.error?.error.code]).toEqual([404, 'project_not_found']);
    const nowhere = await openLiveStream(fixture.server.url, ws.outsider.token, { project: 'no-such-project' });
    expect(nowhere.status).toBe(404);
    const { project } = await ws.post('/api/projects', ws.employer.token, {
      title: 'Open to all',
      summary: 'Anyone may read it.',
      skills: ['writing'],
      estimatedHours: 4,
      compensation: { amount: 10000, currency: 'USD' },
    });
    await ws.post(`/api/projects/${project.id}/publish`, ws.employer.token);
    const visitor = await openLiveStream(fixture.server.url, ws.outsider.token, { project: project.id });
    expect(visitor.status).toBe(200);
    const employer = await openLiveStream(fixture.server.url, ws.employer.token, { project: project.id });
    await Promise.all([visitor, employer].map((s) => s.next((e) => e.event === 'unread', 3000, 0)));
    await ws.post(`/api/projects/${project.id}/docs/brief/versions`, ws.employer.token, { label: 'Members only' });
    await employer.next((e) => e.event === 'project' && Boolean(e.data.topics?.includes('versions')));
    const before = visitor.events.length;
    const cancelled = await ws.api.call('POST', `/api/projects/${project.id}/cancel`, { token: ws.employer.token });
    expect(cancelled.status).toBe(200);
    // A cancelled project is its members' only: the visitor's page is told once, then hears no more of it.
    const told = await visitor.next((e) => e.event === 'project', 3000, before);
    expect(told.data).toMatchObject({ projectId: project.id, watching: false });
    expect(told.data.topics).toContain('status');
    expect(projectTopicsHeard(visitor).every((t) => t === 'status' || t === 'members')).toBe(true);
    visitor.close();
    employer.close();
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
