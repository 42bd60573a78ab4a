import { join } from 'node:path';
import { createDatabase, listEvents, type StintDatabase } from '@stint/db';
import { testDatabaseTargets } from '@stint/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiAnswer, apiClient } from '../support/http-client.ts';
import { freshPostgresDatabase } from '../support/postgres-database.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';

const targets = await testDatabaseTargets();

function expectError(res: ApiAnswer, status: number, code: string) {
  expect(res.status, `${JSON.stringify(res.json)}`).toBe(status);
  const fields = code === 'invalid_input' ? { fields: expect.any(Array) } : {};
  expect(res.json).toEqual({ error: { code, message: expect.stringMatching(/\w+ \w+/), ...fields } });
}

for (const target of targets) {
  describe.skipIf(target.skipReason !== null)(`the whole lifecycle over HTTP against a real server process (${target.dialect})`, () => {
    let server: StintProcess;
    let dropPostgres: (() => Promise<void>) | undefined;
    let databaseUrl: string | undefined;

    beforeAll(async () => {
      if (target.dialect === 'postgres') {
        const fresh = await freshPostgresDatabase(process.env.DATABASE_URL!);
        databaseUrl = fresh.url;
        dropPostgres = fresh.drop;
      }
      server = await startStint(databaseUrl ? { DATABASE_URL: databaseUrl } : {});
    });
    afterAll(async () => {
      await server?.dispose();
      await dropPostgres?.();
    });

    const openStorage = (): StintDatabase =>
      databaseUrl ? createDatabase({ dialect: 'postgres', url: databaseUrl }) : createDatabase({ dialect: 'sqlite', file: join(server.dataDir, 'stint.db') });

    it('create, publish, apply twice, invite, accept, submit, request changes, resubmit, complete — wrong roles 403, wrong states 409', async () => {
      const api = apiClient(server.url);
      const { call } = api;
      const employer = await api.signup('Erin Employer', 'erin@it.test');
      const mentor = await api.signup('Maya Mentor', 'maya@it.test');
      const sam = await api.signup('Sam Student', 'sam@it.test');
      const kim = await api.signup('Kim Student', 'kim@it.test');
      const post = (path: string, who: { token: string }, body?: unknown) => call('POST', path, { token: who.token, body });

      // Create: a draft nobody else can see.
      const created = await post('/api/projects', employer, {
        title: 'Clean up the sales CSV',
        summary: 'Deduplicate 40k rows and explain the steps.',
        skills: ['sql', 'python'],
        estimatedHours: 12,
        compensation: { amount: 60000, currency: 'USD' },
        dueDate: new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10),
      });
      expect(created.status).toBe(201);
      const id = created.json.project.id as string;
      const p = `/api/projects/${id}`;
      expect(created.json.project).toMatchObject({ status: 'draft', employer: { id: employer.id } });
      expectError(await call('GET', p, { token: sam.token }), 404, 'project_not_found');
      expectError(await post(`${p}/applications`, sam, { pitch: 'early' }), 404, 'project_not_found');

      // Publish: only the employer, only from draft.
      expect((await post(`${p}/publish`, employer)).json.project.status).toBe('open');
      expectError(await post(`${p}/publish`, employer), 409, 'invalid_transition');
      expectError(await post(`${p}/publish`, sam), 403, 'not_allowed');
      expect((await call('GET', '/api/projects?status=open', { token: kim.token })).json.projects.map((x: { id: string }) => x.id)).toContain(id);

      // Two applications; duplicates and members are refused.
      const samApp = await post(`${p}/applications`, sam, { pitch: 'I clean data for fun.' });
      expect(samApp.status).toBe(201);
      expect(samApp.json.application).toEqual({ id: expect.any(String), status: 'pending' });
      const kimApp = await post(`${p}/applications`, kim, { pitch: 'SQL every day.' });
      expect(kimApp.status).toBe(201);
      expectError(await post(`${p}/applications`, sam, { pitch: 'again' }), 409, 'already_applied');
      expectError(await post(`${p}/applications`, employer, { pitch: 'me' }), 403, 'not_allowed');
      expectError(await post(`${p}/applications`, kim, { pitch: '' }), 400, 'invalid_input');

      // Invite the mentor: only the employer.
      expectError(await post(`${p}/members`, sam, { email: mentor.email, role: 'mentor' }), 403, 'not_allowed');
      const invited = await post(`${p}/members`, employer, { email: mentor.email, role: 'mentor' });
      expect(invited.status).toBe(201);
      expectError(await post(`${p}/members`, mentor, { email: kim.email, role: 'viewer' }), 403, 'not_allowed');

      // Applications are the employer's to read and decide.
      expectError(await call('GET', `${p}/applications`, { token: mentor.token }), 403, 'not_allowed');
      expectError(await call('GET', `${p}/applications`, { token: sam.token }), 403, 'not_allowed');
      expect((await call('GET', `${p}/applications`, { token: employer.token })).json.applications).toHaveLength(2);

      // Nothing but accepting moves an open project.
      expectError(await post(`${p}/submit`, employer), 403, 'not_allowed');
      expectError(await post(`${p}/submit`, sam), 403, 'not_allowed');
      expectError(await post(`${p}/request-changes`, employer, { message: 'x' }), 409, 'invalid_transition');
      const rating = { skills: { sql: 5, python: 4 }, wouldWorkAgain: true };
      expectError(await post(`${p}/complete`, employer, { rating }), 409, 'invalid_transition');
      expectError(await post(`${p}/complete`, mentor, { rating }), 403, 'not_allowed');

      // Accept Sam: Kim is declined, Sam becomes the student.
      expectError(await post(`${p}/applications/${samApp.json.application.id}/accept`, mentor), 403, 'not_allowed');
      expectError(await post(`${p}/applications/nosuchapp/accept`, employer), 404, 'application_not_found');
      const accepted = await post(`${p}/applications/${samApp.json.application.id}/accept`, employer);
      expect(accepted.json.project.status).toBe('in_progress');
      expectError(await post(`${p}/applications/${kimApp.json.application.id}/accept`, employer), 409, 'invalid_transition');
      const apps = (await call('GET', `${p}/applications`, { token: employer.token })).json.applications;
      expect(Object.fromEntries(apps.map((a: { applicant: { name: string }; status: string }) => [a.applicant.name, a.status]))).toEqual({
        'Sam Student': 'accepted',
        'Kim Student': 'declined',
      });
      const detail = (await call('GET', p, { token: sam.token })).json;
      expect(detail.myRole).toBe('student');
      expect(detail.members.map((m: { role: string }) => m.role).sort()).toEqual(['employer', 'mentor', 'student']);
      // Kim, declined, still sees the project she applied to and how her application ended (it was
      // a 404, which is what her dashboard's link showed her), but none of its workspace.
      const kimView = (await call('GET', p, { token: kim.token })).json;
      expect([kimView.myRole, kimView.myApplication.status, kimView.abilities.workspace]).toEqual([null, 'declined', false]);
      expectError(await call('GET', `${p}/docs/brief`, { token: kim.token }), 404, 'project_not_found');

      // Submit: only the student, only while in progress.
      expectError(await post(`${p}/submit`, mentor), 403, 'not_allowed');
      expectError(await post(`${p}/submit`, employer), 403, 'not_allowed');
      expectError(await post(`${p}/complete`, employer, { rating }), 409, 'invalid_transition');
      expect((await post(`${p}/submit`, sam)).json.project.status).toBe('in_review');
      expectError(await post(`${p}/submit`, sam), 409, 'invalid_transition');

      // Request changes, then resubmit.
      expectError(await post(`${p}/request-changes`, sam, { message: 'no' }), 403, 'not_allowed');
      expectError(await post(`${p}/request-changes`, mentor, { message: 'no' }), 403, 'not_allowed');
      expectError(await post(`${p}/request-changes`, employer, {}), 400, 'invalid_input');
      expect((await post(`${p}/request-changes`, employer, { message: 'Please add the dedup notebook.' })).json.project.status).toBe('in_progress');
      expectError(await post(`${p}/request-changes`, employer, { message: 'again' }), 409, 'invalid_transition');
      expect((await post(`${p}/submit`, sam)).json.project.status).toBe('in_review');

      // Complete with a rating; afterwards nothing moves.
      expectError(await post(`${p}/complete`, sam, { rating }), 403, 'not_allowed');
      expect((await post(`${p}/complete`, employer, { rating })).json.project.status).toBe('completed');
      expectError(await post(`${p}/cancel`, employer), 409, 'invalid_transition');
      expectError(await post(`${p}/cancel`, sam), 403, 'not_allowed');
      expectError(await post(`${p}/complete`, employer, { rating }), 409, 'invalid_transition');
      expectError(await post(`${p}/members`, employer, { email: kim.email, role: 'viewer' }), 409, 'invalid_transition');

      // The event log holds exactly the moves that happened, with who, message and rating.
      const storage = openStorage();
      try {
        const events = await listEvents(storage.db, id);
        expect(events.map((e) => e.action)).toEqual([
          'create',
          'publish',
          'apply',
          'apply',
          'invite',
          'accept',
          'submit',
          'request_changes',
          'submit',
          'complete',
        ]);
        const byAction = (a: string) => events.filter((e) => e.action === a);
        expect(byAction('request_changes')[0]).toMatchObject({
          actorId: employer.id,
          from: 'in_review',
          to: 'in_progress',
          payload: { message: 'Please add the dedup notebook.' },
        });
        expect(byAction('complete')[0]).toMatchObject({ actorId: employer.id, to: 'completed', payload: { rating } });
        expect(byAction('submit').every((e) => e.actorId === sam.id)).toBe(true);
      } finally {
        await storage.close();
      }
    });

    it('the employer may cancel before completion, from any state', async () => {
      const api = apiClient(server.url);
      const employer = await api.signup('Cancel Employer', 'cancel@it.test');
      const base = { title: 'Short one', summary: 'S', skills: ['x'], estimatedHours: 2, compensation: { amount: 500, currency: 'EUR' } };
      const draft = (await api.call('POST', '/api/projects', { token: employer.token, body: base })).json.project.id;
      expect((await api.call('POST', `/api/projects/${draft}/cancel`, { token: employer.token })).json.project.status).toBe('cancelled');
      expectError(await api.call('POST', `/api/projects/${draft}/publish`, { token: employer.token }), 409, 'invalid_transition');
    });

    it('answers with the error shape for malformed JSON, oversize bodies, unknown ids and bad tokens', async () => {
      const api = apiClient(server.url);
      const user = await api.signup('Edge Case', 'edge@it.test');
      expectError(await api.call('POST', '/api/projects', { token: user.token, raw: '{"title":' }), 400, 'invalid_json');
      expectError(
        await api.call('POST', '/api/projects', { token: user.token, raw: JSON.stringify({ summary: 'x'.repeat(2 * 1024 * 1024) }) }),
        413,
        'payload_too_large',
      );
      expectError(await api.call('GET', '/api/projects/unknownid', { token: user.token }), 404, 'project_not_found');
      expectError(await api.call('GET', '/api/me', { token: `${user.token.split('.')[0]}.${'z'.repeat(24)}` }), 401, 'unauthenticated');
      expectError(await api.call('GET', '/api/me', { token: 'not-a-token' }), 401, 'unauthenticated');
      // A logged-out token is dead on the server, not just forgotten by the client.
      expect((await api.call('POST', '/api/auth/logout', { token: user.token })).status).toBe(204);
      expectError(await api.call('GET', '/api/me', { token: user.token }), 401, 'unauthenticated');
      // The server is still fine.
      expect((await api.call('GET', '/api/openapi.json')).status).toBe(200);
    });
  });
}
