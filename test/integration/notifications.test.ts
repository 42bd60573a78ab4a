import { REDIS_TEST_URL as REDIS_URL, redisSkipReason } from '@stint/collab/testing';
import { testDatabaseTargets } from '@stint/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/collab-clients.ts';
import { apiClient } from '../support/http-client.ts';
import { unreadSeen } from '../support/live-stream.ts';
import { freshPostgresDatabase } from '../support/postgres-database.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';
import { startSmtp } from '../support/smtp.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const FAST_MAIL = { MAIL_RETRY_BASE_MS: '100', MAIL_POLL_MS: '100', MAIL_LEASE_MS: '1500' };

async function smtp() {
  const server = await startSmtp();
  cleanups.push(server.close);
  return server;
}

async function stint(env: Record<string, string>, dataDir?: string) {
  const server = await startStint({ ...FAST_MAIL, ...env }, [], dataDir);
  cleanups.push(() => server.dispose());
  return server;
}

/** Five people around one project, from posting to completion, through the API of `urls` (round robin). */
async function walk(urls: string[]) {
  const api = urls.map(apiClient);
  let turn = 0;
  const next = () => api[turn++ % api.length]!;
  const tag = Math.random().toString(36).slice(2, 8);
  const people = {
    employer: await next().signup('Erin Employer', `erin-${tag}@mail.test`, 'employer'),
    mentor: await next().signup('Maya Mentor', `maya-${tag}@mail.test`, 'mentor'),
    student: await next().signup('Sam Student', `sam-${tag}@mail.test`),
    other: await next().signup('Priya Applicant', `priya-${tag}@mail.test`),
    viewer: await next().signup('Vic Viewer', `vic-${tag}@mail.test`),
  };
  const post = async (path: string, token: string, body?: unknown) => {
    const res = await next().call('POST', path, { token, body });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json;
  };
  const { project } = await post('/api/projects', people.employer.token, {
    title: `Pricing page teardown ${tag}`,
    summary: 'Review our pricing page against three competitors.',
    skills: ['research'],
    estimatedHours: 8,
    compensation: { amount: 30000, currency: 'USD' },
  });
  const id = project.id as string;
  await post(`/api/projects/${id}/publish`, people.employer.token);
  await post(`/api/projects/${id}/members`, people.employer.token, { email: people.mentor.email, role: 'mentor' });
  await post(`/api/projects/${id}/members`, people.employer.token, { email: people.viewer.email, role: 'viewer' });
  const { application } = await post(`/api/projects/${id}/applications`, people.student.token, { pitch: 'I did this for a SaaS last year.' });
  await post(`/api/projects/${id}/applications`, people.other.token, { pitch: 'Pick me.' });
  await post(`/api/projects/${id}/applications/${application.id}/accept`, people.employer.token);
  await post(`/api/projects/${id}/submit`, people.student.token);
  await post(`/api/projects/${id}/request-changes`, people.employer.token, { message: `Compare annual plans too (${tag}).` });
  await post(`/api/projects/${id}/submit`, people.student.token);
  await post(`/api/projects/${id}/complete`, people.employer.token, { rating: { skills: { research: 5 }, wouldWorkAgain: true } });
  return { id, tag, people };
}

/** Who must get which email, by address: every event kind to the people whose role makes it theirs. */
function expected(people: Awaited<ReturnType<typeof walk>>['people']) {
  const { employer, mentor, student, other, viewer } = people;
  return [
    [mentor.email, 'invited'],
    [viewer.email, 'invited'],
    [employer.email, 'application_received'],
    [employer.email, 'application_received'],
    [student.email, 'application_accepted'],
    [other.email, 'application_declined'],
    [employer.email, 'submitted'],
    [mentor.email, 'submitted'],
    [student.email, 'changes_requested'],
    [mentor.email, 'changes_requested'],
    [employer.email, 'submitted'],
    [mentor.email, 'submitted'],
    [student.email, 'completed'],
    [mentor.email, 'completed'],
  ]
    .map(([to, kind]) => `${to} ${kind}`)
    .sort();
}

describe('email through the durable outbox, against a real SMTP server', () => {
  it('every event kind reaches the right people and no one else, once each; the request-changes message is in the student’s email', async () => {
    const mail = await smtp();
    const server = await stint({ SMTP_URL: mail.url });
    const { people, tag } = await walk([server.url]);
    const want = expected(people);
    await eventually(() => expect(mail.received.length).toBe(want.length), 15_000);
    await new Promise((r) => setTimeout(r, 500)); // nothing more arrives
    expect(mail.received.map((m) => `${m.to} ${m.kind}`).sort()).toEqual(want);
    expect(new Set(mail.received.map((m) => m.messageId)).size).toBe(want.length);
    const changes = mail.received.find((m) => m.to === people.student.email && m.kind === 'changes_requested')!;
    expect(changes.subject).toBe(`Erin Employer requested changes on “Pricing page teardown ${tag}”.`);
    expect(changes.text).toContain(`Compare annual plans too (${tag}).`);
    expect(changes.html).toContain(`Compare annual plans too (${tag}).`);
    expect(changes.text).toMatch(/\/projects\/\w+#event-\d+/);
    // Every email says how to stop it, one click.
    expect(JSON.stringify(changes.headers.get('list'))).toMatch(/List-Unsubscribe=One-Click/);
    // The same events are in each person's inbox.
    const inbox = await apiClient(server.url).call('GET', '/api/me/notifications', { token: people.student.token });
    expect(inbox.json.notifications.map((n: { kind: string }) => n.kind)).toEqual(['completed', 'changes_requested', 'application_accepted']);
    expect(inbox.json.notifications[1].message).toBe(`Compare annual plans too (${tag}).`);
    expect(inbox.json.unread).toBe(3);

    // The link in the email stops that kind of email, without signing in; a forged one does nothing.
    const url = new URL(/Stop these emails: (\S+)/.exec(changes.text)?.[1] ?? '');
    const forged = await fetch(`${server.url}/api/unsubscribe?u=${url.searchParams.get('u')}&k=changes_requested&t=forged`);
    expect(forged.status).toBe(400);
    const channel = async () =>
      (await apiClient(server.url).call('GET', '/api/me/notification-prefs', { token: people.student.token })).json.prefs.find(
        (p: { kind: string }) => p.kind === 'changes_requested',
      ).channel;
    // Opening the link (as a mail scanner does) only asks: nothing changes until the button is pressed.
    expect(url.searchParams.get('e')).toMatch(/^\d+$/);
    const page = await fetch(`${server.url}${url.pathname}${url.search}`);
    expect(page.status).toBe(200);
    const asked = await page.text();
    expect(asked).toContain('Stop these emails?');
    expect(asked).toMatch(/<form method="post" action="\/api\/unsubscribe\?[^"]+"><button type="submit">Stop these emails<\/button><\/form>/);
    expect(await channel()).toBe('email');
    // The button, as the browser sends it.
    const pressed = await fetch(`${server.url}${url.pathname}${url.search}`, {
      method: 'POST',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    });
    expect(pressed.status).toBe(200);
    expect(await pressed.text()).toContain('You will no longer get emails for: changes are requested.');
    expect(await channel()).toBe('in_app');
    // The expiry is signed: moving it forward breaks the link.
    const stretched = new URL(url);
    stretched.searchParams.set('e', String(Number(url.searchParams.get('e')) + 86_400));
    expect((await fetch(`${server.url}${stretched.pathname}${stretched.search}`)).status).toBe(400);
    // One-click, as a mail client posts it (a form body, not JSON).
    const oneClick = await fetch(`${server.url}${url.pathname}${url.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(204);
  });

  it('an SMTP server that refuses for a while, then accepts: every email is delivered exactly once; a permanent refusal is recorded as failed', async () => {
    const mail = await smtp();
    mail.state.mode = 'refuse';
    const server = await stint({ SMTP_URL: mail.url, METRICS_TOKEN: 'metrics-token-for-tests' });
    const { people } = await walk([server.url]);
    await eventually(() => expect(mail.state.attempts).toBeGreaterThan(20), 15_000);
    expect(mail.received).toEqual([]);
    mail.state.mode = 'accept';
    const want = expected(people);
    await eventually(() => expect(mail.received.length).toBe(want.length), 20_000);
    await new Promise((r) => setTimeout(r, 800));
    expect(mail.received.map((m) => `${m.to} ${m.kind}`).sort()).toEqual(want);

    // A mailbox that does not exist (550): given up at once, and said so in the log.
    mail.state.mode = 'reject';
    const api = apiClient(server.url);
    const guest = await api.signup('Gus Guest', `gus-${Date.now()}@mail.test`);
    const { project } = (
      await api.call('POST', '/api/projects', {
        token: people.employer.token,
        body: { title: 'Another', summary: 'More.', skills: ['x'], estimatedHours: 2, compensation: { amount: 100, currency: 'USD' } },
      })
    ).json;
    await api.call('POST', `/api/projects/${project.id}/members`, { token: people.employer.token, body: { email: guest.email, role: 'viewer' } });
    await eventually(() => expect(server.output()).toMatch(/email failed for good/), 10_000);

    // And the operators' metric says so (behind the metrics token).
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-for-tests' } })).text();
    expect(metrics).toMatch(/^stint_emails_failed_total 1$/m);
    expect(metrics).toMatch(/^stint_emails_sent_total 14$/m);
    expect(metrics).toMatch(/^stint_outbox_emails\{status="failed"\} 1$/m);
    expect(metrics).toMatch(/^stint_outbox_emails\{status="pending"\} 0$/m);
    expect(metrics).toMatch(/^process_cpu_seconds_total /m);
  });

  it('the server killed between the event’s commit and the send: after a restart the email goes out, once', async () => {
    const mail = await smtp();
    mail.state.mode = 'hang';
    const first = await stint({ SMTP_URL: mail.url });
    const api = apiClient(first.url);
    const employer = await api.signup('Erin Employer', `erin-k${Date.now()}@mail.test`, 'employer');
    const mentor = await api.signup('Maya Mentor', `maya-k${Date.now()}@mail.test`, 'mentor');
    const { project } = (
      await api.call('POST', '/api/projects', {
        token: employer.token,
        body: { title: 'Killed mid-send', summary: 'x', skills: ['x'], estimatedHours: 2, compensation: { amount: 100, currency: 'USD' } },
      })
    ).json;
    expect(
      (await api.call('POST', `/api/projects/${project.id}/members`, { token: employer.token, body: { email: mentor.email, role: 'mentor' } })).status,
    ).toBe(201);
    // The worker has the email on the wire, the SMTP server holds its answer: kill the process.
    await eventually(() => expect(mail.state.attempts).toBe(1), 10_000);
    await first.stop('SIGKILL');
    expect(mail.received).toEqual([]);
    mail.state.mode = 'accept';
    const second = await stint({ SMTP_URL: mail.url }, first.dataDir);
    await eventually(() => expect(mail.received.map((m) => `${m.to} ${m.kind}`)).toEqual([`${mentor.email} invited`]), 15_000);
    await new Promise((r) => setTimeout(r, 2000)); // past another lease: still once
    expect(mail.received).toHaveLength(1);
    await second.stop();
  });
});

const postgres = (await testDatabaseTargets()).find((t) => t.dialect === 'postgres')!;
const severalSkip = postgres.skipReason ?? (await redisSkipReason(REDIS_URL));
if (severalSkip) console.warn(`[notifications, two processes] skipped: ${severalSkip}.`);

describe.skipIf(severalSkip !== null)('two server processes on one Postgres', () => {
  it('a bell open on one process hears what happened on the other', async () => {
    const fresh = await freshPostgresDatabase(process.env.DATABASE_URL!);
    cleanups.push(fresh.drop);
    const env = { DATABASE_URL: fresh.url, REDIS_URL };
    const a = await stint(env);
    const b = await stint(env);
    const api = apiClient(a.url);
    const employer = await api.signup('Erin Employer', `erin-sse${Date.now()}@mail.test`, 'employer');
    const mentor = await api.signup('Maya Mentor', `maya-sse${Date.now()}@mail.test`, 'mentor');
    const { project } = (
      await api.call('POST', '/api/projects', {
        token: employer.token,
        body: { title: 'Across processes', summary: 'x', skills: ['x'], estimatedHours: 2, compensation: { amount: 100, currency: 'USD' } },
      })
    ).json;
    // The mentor's bell is open on B; the employer adds her through A.
    const heard = unreadSeen(b.url, mentor.token, 1, 10_000);
    await new Promise((r) => setTimeout(r, 500)); // the stream is open and has said 0
    const added = Date.now();
    expect(
      (await api.call('POST', `/api/projects/${project.id}/members`, { token: employer.token, body: { email: mentor.email, role: 'mentor' } })).status,
    ).toBe(201);
    expect(await heard).toEqual([0, 1]);
    console.log(`[inbox across processes] heard on B ${Date.now() - added} ms after the invitation answered on A`);
  });

  it('both send from one outbox, and each email goes out exactly once', async () => {
    const mail = await smtp();
    const fresh = await freshPostgresDatabase(process.env.DATABASE_URL!);
    cleanups.push(fresh.drop);
    const env = { SMTP_URL: mail.url, DATABASE_URL: fresh.url, REDIS_URL };
    const a: StintProcess = await stint(env);
    const b: StintProcess = await stint(env);
    const walks = await Promise.all([walk([a.url, b.url]), walk([b.url, a.url]), walk([a.url, b.url])]);
    const want = walks.flatMap((w) => expected(w.people)).sort();
    await eventually(() => expect(mail.received.length).toBe(want.length), 20_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(mail.received.map((m) => `${m.to} ${m.kind}`).sort()).toEqual(want);
    expect(new Set(mail.received.map((m) => m.messageId)).size).toBe(want.length);
  });
});
