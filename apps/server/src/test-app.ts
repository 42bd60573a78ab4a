import { openSqliteTestDatabase } from '@stint/db/testing';
import { generateSigningKey } from '@stint/export';
import pino from 'pino';
import type { AccessEvent } from './access/authorize.ts';
import { assembleApp } from './assemble.ts';
import { makeIssuer } from './issuer.ts';
import { createMailer } from './notifications/mailer.ts';
import type { FileLimits } from './routes/files.ts';

export const ORIGIN = 'http://stint.test';

/**
 * The real app over a real (in-memory SQLite) database, for `app.request()` route tests. The
 * clock is the test's to move, so session expiry is checked without waiting ten days.
 */
export async function testApp(options: { mailDir?: string; fileLimits?: FileLimits; onAccessDecision?: (event: AccessEvent) => void } = {}) {
  const { database, drop } = await openSqliteTestDatabase();
  const clock = { now: Date.now() };
  let ip = '10.0.0.1';
  const issuer = makeIssuer({ current: generateSigningKey(), retired: [] }, undefined);
  const assemble = () =>
    assembleApp(database, {
      now: () => clock.now,
      issuer,
      logger: pino({ level: 'silent' }),
      clientIp: () => ip,
      fileLimits: options.fileLimits,
      onAccessDecision: options.onAccessDecision,
      // With a directory, emails are written there as .eml files by the real mailer.
      mail: options.mailDir
        ? { mailer: createMailer({ from: 'Stint <no-reply@stint.test>', outboxDir: options.mailDir, messageIdDomain: 'stint.test', timeoutMs: 1000 }) }
        : undefined,
    });
  let { app, docServer, reminders, outbox } = assemble();

  async function call(
    method: string,
    path: string,
    options: { body?: unknown; raw?: string | Uint8Array; token?: string; cookie?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined || typeof options.raw === 'string') headers['content-type'] ??= 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.cookie) headers.cookie = `stint_session=${options.cookie}`;
    // As an HTTP client does for a body it holds whole (uploads reserve quota by it).
    if (options.raw !== undefined)
      headers['content-length'] ??= String(typeof options.raw === 'string' ? Buffer.byteLength(options.raw) : options.raw.byteLength);
    const response = await app.request(`${ORIGIN}${path}`, {
      method,
      headers,
      body: (options.raw as BodyInit | undefined) ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as any) : null;
    return { status: response.status, json, headers: response.headers };
  }

  /** A POST that must succeed: its JSON, or an error saying what came back instead. */
  async function post(path: string, token: string, body: unknown = {}) {
    const res = await call('POST', path, { token, body });
    if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json;
  }

  type Person = Awaited<ReturnType<typeof signup>>;
  /** A project in progress: Erin posted it, Sam applied and was accepted (or the people given). */
  async function projectInProgress(over: { dueDate?: string; title?: string } = {}, people: { employer?: Person; student?: Person } = {}) {
    const employer = people.employer ?? (await signup('Erin'));
    const student = people.student ?? (await signup('Sam'));
    const { project } = await post('/api/projects', employer.token, {
      title: 'Churn analysis',
      summary: 'Why do trials not convert?',
      skills: ['sql'],
      estimatedHours: 10,
      compensation: { amount: 50000, currency: 'USD' },
      ...over,
    });
    await post(`/api/projects/${project.id}/publish`, employer.token);
    const { application } = await post(`/api/projects/${project.id}/applications`, student.token, { pitch: 'Me.' });
    await post(`/api/projects/${project.id}/applications/${application.id}/accept`, employer.token);
    return { id: project.id as string, employer, student };
  }

  async function signup(name: string, accountType?: 'employer' | 'student') {
    const email = `${name.toLowerCase().replace(/\W/g, '')}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    const res = await call('POST', '/api/auth/signup', { body: { email, password: 'long enough password', name, ...(accountType ? { accountType } : {}) } });
    if (res.status !== 201) throw new Error(`signup failed: ${JSON.stringify(res.json)}`);
    return { ...res.json.user, token: res.json.token as string } as { id: string; email: string; name: string; token: string };
  }

  /**
   * Moves the clock to `to`, at most five days at a time, each person using Stint at every step
   * (a session ends after 10 idle days); an ended session fails the test.
   */
  async function moveClock(to: number, people: ReadonlyArray<{ token: string }>) {
    while (clock.now !== to) {
      clock.now = to > clock.now ? Math.min(to, clock.now + 5 * 86_400_000) : to;
      for (const p of people) {
        const me = await call('GET', '/api/me', { token: p.token });
        if (me.status !== 200) throw new Error(`a session ended while the clock moved: GET /api/me answered ${me.status}`);
      }
    }
  }

  /** The kinds of the notifications in a person's inbox, newest first. */
  const notificationKinds = async (token: string) =>
    ((await call('GET', '/api/me/notifications', { token })).json.notifications as Array<{ kind: string }>).map((n) => n.kind);

  /** The student gives their review (of the employer and every mentor), which reveals the employer's rating to them. */
  async function reviewAsStudent(projectId: string, token: string) {
    const { mentors } = (await call('GET', `/api/projects/${projectId}/reviews`, { token })).json as { mentors: Array<{ id: string }> };
    const body = { employer: { clarity: 4, responsiveness: 4, wouldWorkAgain: true }, mentors: mentors.map((m) => ({ mentorId: m.id, helpfulness: 4 })) };
    const res = await call('PUT', `/api/projects/${projectId}/reviews/by-student`, { token, body });
    if (res.status !== 200) throw new Error(`review failed: ${JSON.stringify(res.json)}`);
  }

  return {
    get app() {
      return app;
    },
    /** The running app's document server, for server-side writes a test starts from. */
    get docServer() {
      return docServer;
    },
    /** The reminders of the running app: fire what is due at the test's clock. */
    runReminders: () => reminders.runOnce(),
    /** One pass of the outbox worker (reminders, digests, sending), when the app has mail. */
    runOutbox: () => outbox?.runOnce(),
    /** As after a restart: a new app over the same database (nothing kept in memory). */
    async restart() {
      await docServer.close();
      ({ app, docServer, reminders, outbox } = assemble());
    },
    database,
    clock,
    call,
    post,
    projectInProgress,
    moveClock,
    notificationKinds,
    reviewAsStudent,
    signup,
    setIp: (next: string) => void (ip = next),
    close: async () => {
      await docServer.close();
      await drop();
    },
  };
}
