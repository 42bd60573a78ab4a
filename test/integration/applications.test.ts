import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/http-client.ts';
import type { StintProcess } from '../support/server-process.ts';
import { startStint } from '../support/server-process.ts';

let server: StintProcess;
beforeAll(async () => {
  server = await startStint();
});
afterAll(() => server?.dispose());

describe('applications: decline with a message, withdraw, and one’s own list', () => {
  it('the employer declines with a message the applicant reads; an applicant withdraws; nobody else can do either; accepted or withdrawn ones stay so', async () => {
    const api = apiClient(server.url);
    const tag = Math.random().toString(36).slice(2, 7);
    const employer = await api.signup('Erin Employer', `e-${tag}@apps.test`);
    const priya = await api.signup('Priya Applicant', `p-${tag}@apps.test`);
    const sam = await api.signup('Sam Applicant', `s-${tag}@apps.test`);
    const call = async (method: string, path: string, token: string, body?: unknown) => api.call(method, path, { token, body });
    const { project } = (
      await call('POST', '/api/projects', employer.token, {
        title: 'Survey cleanup',
        summary: 'Tidy the survey.',
        skills: ['excel'],
        estimatedHours: 3,
        compensation: { amount: 5000, currency: 'USD' },
      })
    ).json;
    await call('POST', `/api/projects/${project.id}/publish`, employer.token);
    const priyaApp = (await call('POST', `/api/projects/${project.id}/applications`, priya.token, { pitch: 'Spreadsheets are my thing.' })).json.application;
    const samApp = (await call('POST', `/api/projects/${project.id}/applications`, sam.token, { pitch: 'I can help.' })).json.application;

    // Only the employer declines; only the applicant withdraws (others don't even see it).
    expect((await call('POST', `/api/projects/${project.id}/applications/${priyaApp.id}/decline`, sam.token, {})).status).toBe(404);
    expect((await call('POST', `/api/projects/${project.id}/applications/${priyaApp.id}/withdraw`, sam.token, {})).status).toBe(404);
    expect((await call('POST', `/api/projects/${project.id}/applications/${priyaApp.id}/withdraw`, employer.token, {})).status).toBe(404);

    const message = 'We went with someone who has done this exact cleanup before. Thank you!';
    const declined = await call('POST', `/api/projects/${project.id}/applications/${priyaApp.id}/decline`, employer.token, { message });
    expect(declined.status).toBe(200);
    expect(declined.json.application).toMatchObject({ status: 'declined', message });
    expect((await call('POST', `/api/projects/${project.id}/applications/${priyaApp.id}/decline`, employer.token, {})).json.error.code).toBe(
      'application_not_pending',
    );
    expect((await call('POST', `/api/projects/${project.id}/applications/${priyaApp.id}/withdraw`, priya.token, {})).status).toBe(409);

    const mine = (await call('GET', '/api/me/applications', priya.token)).json.applications;
    expect(mine).toEqual([
      {
        id: priyaApp.id,
        status: 'declined',
        message,
        createdAt: expect.any(String),
        project: { id: project.id, title: 'Survey cleanup', status: 'open' },
        // What the applicant may do with it now: nothing, it is decided (the answer carries it since issue 25).
        abilities: { withdraw: false },
      },
    ]);

    expect((await call('POST', `/api/projects/${project.id}/applications/${samApp.id}/withdraw`, sam.token, {})).json.application.status).toBe('withdrawn');
    // A withdrawn application can't be accepted.
    expect((await call('POST', `/api/projects/${project.id}/applications/${samApp.id}/accept`, employer.token, {})).json.error.code).toBe(
      'application_not_pending',
    );
    const list = (await call('GET', `/api/projects/${project.id}/applications`, employer.token)).json.applications;
    expect(list.map((a: { status: string }) => a.status)).toEqual(['declined', 'withdrawn']);
    // Withdrawing and declining are in the employer's timeline.
    const kinds = (await call('GET', `/api/projects/${project.id}/activity`, employer.token)).json.events.map((e: { kind: string }) => e.kind);
    expect(kinds.slice(0, 2)).toEqual(['withdraw', 'decline']);
  });
});
