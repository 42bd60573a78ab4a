import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from './test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
beforeEach(async () => {
  t = await testApp();
});
afterEach(() => t.close());

const signup = async (name: string, accountType?: string) => {
  const res = await t.call('POST', '/api/auth/signup', {
    body: {
      email: `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@org.test`,
      password: 'long enough password',
      name,
      ...(accountType ? { accountType } : {}),
    },
  });
  return { id: res.json.user.id as string, token: res.json.token as string };
};

describe('employer profiles', () => {
  it('an employer describes the organisation; the board and the public profile show it with the open projects', async () => {
    const erin = await signup('Erin', 'employer');
    const sam = await signup('Sam');
    expect((await t.call('GET', '/api/me/organisation', { token: erin.token })).json).toEqual({ organisation: null });
    expect((await t.call('POST', '/api/me/organisation', { token: sam.token, body: { name: 'Me Inc', about: '' } })).status).toBe(403);
    for (const website of ['javascript:alert(1)', 'data:text/html,x', 'ftp://acme.example', 'not a url']) {
      expect((await t.call('POST', '/api/me/organisation', { token: erin.token, body: { name: 'Acme', about: '', website } })).status, website).toBe(400);
    }
    const org = { name: 'Acme Analytics', about: 'We help shops understand their customers.', website: 'https://acme.example' };
    expect((await t.call('POST', '/api/me/organisation', { token: erin.token, body: org })).json).toEqual({ organisation: org });

    const brief = { summary: 'Why do trials not convert?', skills: ['sql'], estimatedHours: 10, compensation: { amount: 50000, currency: 'USD' } };
    const { project: open } = await t.post('/api/projects', erin.token, { ...brief, title: 'Churn analysis' });
    await t.post(`/api/projects/${open.id}/publish`, erin.token);
    await t.post('/api/projects', erin.token, { ...brief, title: 'Still a draft' });

    const board = (await t.call('GET', '/api/projects')).json.projects;
    expect(board.find((p: { id: string }) => p.id === open.id).employer).toEqual({ id: erin.id, name: 'Erin', organisation: 'Acme Analytics' });
    const profile = (await t.call('GET', `/api/employers/${erin.id}`)).json;
    expect(profile.employer).toEqual({ id: erin.id, name: 'Erin', organisation: org });
    expect(profile.projects.map((p: { title: string }) => p.title)).toEqual(['Churn analysis']);
    expect((await t.call('GET', `/api/employers/${sam.id}`)).status).toBe(404);
    expect((await t.call('GET', `/api/projects?employer=${erin.id}`)).json.projects).toHaveLength(1);
  });
});

describe('an organisation name is one organisation’s', () => {
  it('a look-alike copy of another employer’s (homoglyphs, zero-width, case, accents, spacing) is refused; its owner may keep and edit it; parallel claims: one wins', async () => {
    const erin = await signup('Erin', 'employer');
    const mallory = await signup('Mallory', 'employer');
    const set = (who: { token: string }, name: string) => t.call('POST', '/api/me/organisation', { token: who.token, body: { name, about: '' } });
    expect((await set(erin, 'Northwind Analytics')).status).toBe(200);
    for (const copy of [
      'Northwind Analytics',
      'northwind analytics',
      'Nоrthwind Analytics',
      'North\u200Bwind Analytics',
      'Nórthwind  Analytics',
      'N0rthwind-Analytics',
    ]) {
      const refused = await set(mallory, copy);
      expect([refused.status, refused.json.error.code], JSON.stringify(copy)).toEqual([409, 'organisation_name_taken']);
    }
    expect((await set(mallory, 'Southwind Analytics')).status).toBe(200);
    // The owner may change its wording.
    expect((await set(erin, 'NorthWind analytics')).status).toBe(200);
    const [a, b] = await Promise.all([signup('Ann', 'employer'), signup('Bob', 'employer')]);
    const claims = await Promise.all([set(a, 'Fabrikam'), set(b, 'Fabrikam')]);
    expect(claims.map((c) => c.status).sort()).toEqual([200, 409]);
  });
});
