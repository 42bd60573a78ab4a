import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { testApp } from './test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const valid = {
  title: 'Tidy the sales CSV',
  summary: 'Deduplicate 40k rows.',
  skills: ['SQL', 'python'],
  estimatedHours: 12,
  compensation: { amount: 60000, currency: 'USD' },
  dueDate: new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10),
};

const expectError = (res: { status: number; json: any }, status: number, code: string, message?: RegExp) => {
  expect(res.status, JSON.stringify(res.json)).toBe(status);
  // Bad input also says, field by field, what is wrong; nothing else ever rides along.
  const fields = code === 'invalid_input' ? { fields: expect.any(Array) } : {};
  expect(res.json).toEqual({ error: { code, message: expect.any(String), ...fields } });
  if (message) expect(res.json.error.message).toMatch(message);
};

describe('bad input never gets past the door', () => {
  it('malformed JSON is 400 invalid_json', async () => {
    const emp = await t.signup('Emp');
    expectError(await t.call('POST', '/api/projects', { token: emp.token, raw: '{"title": "x",' }), 400, 'invalid_json');
    expectError(await t.call('POST', '/api/projects', { token: emp.token, raw: '' }), 400, 'invalid_json');
    const missing = await t.call('POST', '/api/projects', { token: emp.token });
    expectError(missing, 400, 'invalid_input', /title: is required/);
    expect(missing.json.error.fields).toContainEqual({ field: 'title', message: 'Title is required.' });
  });

  it('a body that is not JSON is 415 unsupported_media_type', async () => {
    const emp = await t.signup('Emp');
    expectError(
      await t.call('POST', '/api/projects', { token: emp.token, raw: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      415,
      'unsupported_media_type',
    );
  });

  it('missing, wrong-typed and unknown fields are 400 invalid_input naming the field', async () => {
    const emp = await t.signup('Emp');
    const cases: Array<[unknown, RegExp]> = [
      [{ ...valid, title: undefined }, /title: is required/],
      [{ ...valid, estimatedHours: '12' }, /estimatedHours/],
      [{ ...valid, compensation: { amount: 1.5, currency: 'USD' } }, /compensation\.amount/],
      [{ ...valid, compensation: { amount: 100, currency: 'dollars' } }, /compensation\.currency/],
      [{ ...valid, skills: [] }, /skills/],
      [{ ...valid, dueDate: 'next week' }, /dueDate/],
      [{ ...valid, status: 'open' }, /status/],
      [[valid], /expected object/],
      [null, /expected object/],
    ];
    for (const [body, message] of cases) {
      expectError(await t.call('POST', '/api/projects', { token: emp.token, raw: JSON.stringify(body) }), 400, 'invalid_input', message);
    }
    expect((await t.call('GET', '/api/projects?mine=true', { token: emp.token })).json.projects).toEqual([]);
  });

  it('a body over 1 MiB is 413 payload_too_large', async () => {
    const emp = await t.signup('Emp');
    const huge = JSON.stringify({ ...valid, summary: 'x'.repeat(1024 * 1024 + 10) });
    expectError(await t.call('POST', '/api/projects', { token: emp.token, raw: huge }), 413, 'payload_too_large');
  });

  it('bad list filters are 400, unknown ids and routes 404', async () => {
    const emp = await t.signup('Emp');
    expectError(await t.call('GET', '/api/projects?limit=0', { token: emp.token }), 400, 'invalid_input', /limit/);
    expectError(await t.call('GET', '/api/projects?status=done', { token: emp.token }), 400, 'invalid_input', /status/);
    expectError(await t.call('GET', '/api/projects/nosuchproject', { token: emp.token }), 404, 'project_not_found');
    expectError(await t.call('POST', '/api/projects/nosuchproject/publish', { token: emp.token }), 404, 'project_not_found');
    expectError(await t.call('GET', '/api/nothing-here', { token: emp.token }), 404, 'route_not_found');
  });

  it('calls that need a user say 401 without one', async () => {
    expectError(await t.call('POST', '/api/projects', { body: valid }), 401, 'unauthenticated');
    expectError(await t.call('GET', '/api/me'), 401, 'unauthenticated');
  });
});

describe('projects', () => {
  it('normalises skills, starts as a draft, and hides drafts from others', async () => {
    const emp = await t.signup('Emp');
    const other = await t.signup('Other');
    const created = await t.call('POST', '/api/projects', { token: emp.token, body: valid });
    expect(created.status).toBe(201);
    expect(created.json.project).toMatchObject({ status: 'draft', skills: ['sql', 'python'], employer: { id: emp.id, name: 'Emp' } });
    const id = created.json.project.id;
    expectError(await t.call('GET', `/api/projects/${id}`, { token: other.token }), 404, 'project_not_found');
    expect((await t.call('GET', `/api/projects/${id}`, { token: emp.token })).json).toMatchObject({
      myRole: 'employer',
      members: [{ userId: emp.id, role: 'employer' }],
    });
    await t.call('POST', `/api/projects/${id}/publish`, { token: emp.token });
    const seen = await t.call('GET', `/api/projects/${id}`, { token: other.token });
    expect(seen.json).toMatchObject({ myRole: null, project: { status: 'open' } });
    expect((await t.call('GET', `/api/projects/${id}`)).status).toBe(200);
  });

  it("the brief of a project on the board is its offer: visitors and applicants read it on the project's page; members read it in the workspace", async () => {
    const { id, employer, student } = await t.projectInProgress();
    const open = (await t.post('/api/projects', employer.token, valid)).project.id as string;
    await t.post(`/api/projects/${open}/publish`, employer.token);
    await t.docServer.change(
      `${open}/brief`,
      (doc) => {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText('Deliver a cleaned CSV.')]);
        doc.getXmlFragment('default').insert(0, [paragraph]);
      },
      employer.id,
    );
    for (const token of [student.token, undefined]) {
      const seen = (await t.call('GET', `/api/projects/${open}`, { token })).json;
      expect(seen.abilities.readOffer).toBe(true);
      expect(seen.brief).toEqual({ text: 'Deliver a cleaned CSV.', html: '<p>Deliver a cleaned CSV.</p>' });
    }
    const own = (await t.call('GET', `/api/projects/${open}`, { token: employer.token })).json;
    expect([own.abilities.readOffer, own.brief]).toEqual([false, null]);
    // Once the work started, the brief is the members' again.
    const outsider = await t.signup('Olly');
    expect((await t.call('GET', `/api/projects/${id}`, { token: outsider.token })).status).toBe(404);
    expect((await t.call('GET', `/api/projects/${id}`, { token: student.token })).json.brief).toBeNull();
  });

  it('filters the board by status, skill, text, pay and hours', async () => {
    const emp = await t.signup('Board');
    const make = async (over: object) => {
      const res = await t.call('POST', '/api/projects', { token: emp.token, body: { ...valid, ...over } });
      await t.call('POST', `/api/projects/${res.json.project.id}/publish`, { token: emp.token });
      return res.json.project.id as string;
    };
    const a = await make({ title: 'Figma landing page zebra', skills: ['figma'], estimatedHours: 6, compensation: { amount: 20000, currency: 'EUR' } });
    const b = await make({ title: 'Zebra data pipeline', skills: ['python'], estimatedHours: 30, compensation: { amount: 90000, currency: 'EUR' } });
    const ids = async (qs: string) => (await t.call('GET', `/api/projects?${qs}`, { token: emp.token })).json.projects.map((p: { id: string }) => p.id).sort();
    expect(await ids('q=zebra')).toEqual([a, b].sort());
    expect(await ids('q=zebra&skill=Figma')).toEqual([a]);
    expect(await ids('q=zebra&minPay=50000')).toEqual([b]);
    // The pay filter in one currency: a project paid in another is not compared by its number.
    const c = await make({ title: 'Zebra dashboard', skills: ['design'], estimatedHours: 40, compensation: { amount: 900000, currency: 'JPY' } });
    expect(await ids('q=zebra&currency=EUR&minPay=50000')).toEqual([b]);
    expect(await ids('q=zebra&currency=JPY')).toEqual([c]);
    expect((await t.call('GET', '/api/projects?currency=euro', { token: emp.token })).status).toBe(400);
    expect(await ids('q=zebra&maxHours=10')).toEqual([a]);
    expect(await ids('q=zebra&status=draft')).toEqual([]);
  });

  it('adds an account holder once; invites any other address', async () => {
    const emp = await t.signup('Emp');
    const mentor = await t.signup('Mentor');
    const id = (await t.call('POST', '/api/projects', { token: emp.token, body: valid })).json.project.id;
    const added = await t.call('POST', `/api/projects/${id}/members`, { token: emp.token, body: { email: mentor.email, role: 'mentor' } });
    expect(added.status).toBe(201);
    expect(added.json.member).toEqual({ userId: mentor.id, name: 'Mentor', role: 'mentor' });
    expectError(
      await t.call('POST', `/api/projects/${id}/members`, { token: emp.token, body: { email: mentor.email, role: 'viewer' } }),
      409,
      'already_member',
    );
    // An address without an account is sent an invitation instead (invitations.routes.test.ts).
    const invited = await t.call('POST', `/api/projects/${id}/members`, { token: emp.token, body: { email: 'nobody@example.test', role: 'viewer' } });
    expect(invited.status).toBe(201);
    expect(invited.json.invitation).toMatchObject({ email: 'nobody@example.test', role: 'viewer', status: 'pending' });
    expectError(
      await t.call('POST', `/api/projects/${id}/members`, { token: emp.token, body: { email: mentor.email, role: 'student' } }),
      400,
      'invalid_input',
      /role/,
    );
  });

  it('rejects a rating that skips or invents a skill', async () => {
    const emp = await t.signup('Emp');
    const student = await t.signup('Stu');
    const id = (await t.call('POST', '/api/projects', { token: emp.token, body: valid })).json.project.id;
    await t.call('POST', `/api/projects/${id}/publish`, { token: emp.token });
    const appId = (await t.call('POST', `/api/projects/${id}/applications`, { token: student.token, body: { pitch: 'hi' } })).json.application.id;
    await t.call('POST', `/api/projects/${id}/applications/${appId}/accept`, { token: emp.token });
    await t.call('POST', `/api/projects/${id}/submit`, { token: student.token });
    expectError(
      await t.call('POST', `/api/projects/${id}/complete`, { token: emp.token, body: { rating: { skills: { sql: 5 }, wouldWorkAgain: true } } }),
      400,
      'missing_rating',
      /python/,
    );
    expectError(
      await t.call('POST', `/api/projects/${id}/complete`, {
        token: emp.token,
        body: { rating: { skills: { sql: 5, python: 4, go: 1 }, wouldWorkAgain: true } },
      }),
      400,
      'unknown_skill',
    );
    expectError(
      await t.call('POST', `/api/projects/${id}/complete`, { token: emp.token, body: { rating: { skills: { sql: 6, python: 4 }, wouldWorkAgain: true } } }),
      400,
      'invalid_input',
    );
    expect((await t.call('GET', `/api/projects/${id}`, { token: emp.token })).json.project.status).toBe('in_review');
  });
});

describe('OpenAPI', () => {
  it('documents every Auth and Projects call of API.md', async () => {
    const res = await t.call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const paths = Object.entries(res.json.paths as Record<string, object>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(paths).toEqual(
      expect.arrayContaining([
        'POST /api/auth/signup',
        'POST /api/auth/login',
        'POST /api/auth/logout',
        'GET /api/me',
        'POST /api/projects',
        'GET /api/projects',
        'GET /api/projects/{id}',
        'POST /api/projects/{id}/publish',
        'POST /api/projects/{id}/members',
        'POST /api/projects/{id}/applications',
        'GET /api/projects/{id}/applications',
        'POST /api/projects/{id}/applications/{appId}/accept',
        'POST /api/projects/{id}/submit',
        'POST /api/projects/{id}/request-changes',
        'POST /api/projects/{id}/complete',
        'POST /api/projects/{id}/cancel',
      ]),
    );
    expect(JSON.stringify(res.json.paths['/api/projects'].post)).toMatch(/estimatedHours/);
  });
});

describe('the project answer carries what this person may do (abilities), from the domain', () => {
  const detail = async (id: string, token?: string) => (await t.call('GET', `/api/projects/${id}`, token ? { token } : {})).json;

  it('after applying, the project says so: no second Apply, a Withdraw; after another is accepted, the declined applicant still sees it', async () => {
    const erin = await t.signup('Erin', 'employer');
    const [ann, bo] = [await t.signup('Ann'), await t.signup('Bo')];
    const { project } = await t.post('/api/projects', erin.token, valid);
    await t.post(`/api/projects/${project.id}/publish`, erin.token);
    expect((await detail(project.id, ann.token)).abilities).toMatchObject({ apply: true, withdraw: false, workspace: false });
    expect((await detail(project.id)).abilities.apply).toBe(false);

    const { application: annApp } = await t.post(`/api/projects/${project.id}/applications`, ann.token, { pitch: 'Me.' });
    await t.post(`/api/projects/${project.id}/applications`, bo.token, { pitch: 'Me too.' });
    const after = await detail(project.id, ann.token);
    expect(after.myApplication).toEqual({ id: annApp.id, status: 'pending' });
    expect(after.abilities).toMatchObject({ apply: false, withdraw: true });

    const apps = (await t.call('GET', `/api/projects/${project.id}/applications`, { token: erin.token })).json.applications;
    const boApp = apps.find((a: { applicant: { id: string } }) => a.applicant.id === bo.id);
    await t.post(`/api/projects/${project.id}/applications/${boApp.id}/accept`, erin.token);
    const declined = await t.call('GET', `/api/projects/${project.id}`, { token: ann.token });
    expect(declined.status).toBe(200);
    expect(declined.json.myApplication).toEqual({ id: annApp.id, status: 'declined' });
    expect(declined.json.abilities).toMatchObject({ apply: false, withdraw: false, workspace: false, moves: [] });
    // Seeing the project is not being in it: the documents stay closed to her.
    expect((await t.call('GET', `/api/projects/${project.id}/docs/brief`, { token: ann.token })).status).toBe(404);

    expect((await detail(project.id, bo.token)).abilities).toMatchObject({ workspace: true, moves: ['submit', 'step_away'], logWork: true });
    expect((await detail(project.id, erin.token)).abilities).toMatchObject({
      moves: ['cancel'],
      invite: true,
      seeApplications: true,
      decideApplications: false,
    });
  });

  it('a pending applicant cannot be invited onto the project (accepting them would then fail)', async () => {
    const erin = await t.signup('Erin', 'employer');
    const ann = await t.signup('Ann');
    const { project } = await t.post('/api/projects', erin.token, valid);
    await t.post(`/api/projects/${project.id}/publish`, erin.token);
    const { application } = await t.post(`/api/projects/${project.id}/applications`, ann.token, { pitch: 'Me.' });
    expectError(
      await t.call('POST', `/api/projects/${project.id}/members`, { token: erin.token, body: { email: ann.email, role: 'mentor' } }),
      409,
      'applicant_pending',
    );
    expect((await t.post(`/api/projects/${project.id}/applications/${application.id}/accept`, erin.token)).project.status).toBe('in_progress');
  });
});

describe('commands run on the injected clock', () => {
  it('setting check-in dates is an event at the server’s time, not the machine’s', async () => {
    const { id, employer } = await t.projectInProgress();
    const later = t.clock.now + 3 * 86_400_000;
    await t.moveClock(later, [employer]);
    const day = new Date(later + 86_400_000).toISOString().slice(0, 10);
    await t.post(`/api/projects/${id}/checkin-dates`, employer.token, { dates: [day] });
    const events = (await t.call('GET', `/api/projects/${id}/activity`, { token: employer.token })).json.events as Array<{ kind: string; at: string }>;
    expect(events.find((e) => e.kind === 'schedule_checkins')?.at).toBe(new Date(later).toISOString());
  });
});
