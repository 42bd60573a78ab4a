import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from './test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
beforeEach(async () => {
  t = await testApp();
});
afterEach(() => t.close());

const about = 'Third-year economics student; I like messy spreadsheets.';

describe('a profile employers read beside each application', () => {
  it('is written by its owner and read back as saved', async () => {
    const sam = await t.signup('Sam');
    expect((await t.call('GET', '/api/me/profile', { token: sam.token })).json.profile).toEqual({ about: '', skills: [], links: [] });
    const saved = await t.call('PUT', '/api/me/profile', {
      token: sam.token,
      body: { about: `  ${about}  `, skills: ['SQL', 'python'], links: ['https://github.com/sam'] },
    });
    expect(saved.status).toBe(200);
    expect(saved.json.profile).toEqual({ about, skills: ['sql', 'python'], links: ['https://github.com/sam'] });
    expect((await t.call('GET', '/api/me/profile', { token: sam.token })).json.profile).toEqual(saved.json.profile);
  });

  it('refuses links that are not web addresses, repeated skills and too many of either, saying which field', async () => {
    const sam = await t.signup('Sam');
    for (const [body, field] of [
      [{ about: '', skills: [], links: ['javascript:alert(1)'] }, 'links.0'],
      [{ about: '', skills: ['sql', 'SQL'], links: [] }, 'skills'],
      [{ about: '', skills: Array.from({ length: 13 }, (_, i) => `skill ${i}`), links: [] }, 'skills'],
      [{ about: 'x'.repeat(1001), skills: [], links: [] }, 'about'],
    ] as const) {
      const res = await t.call('PUT', '/api/me/profile', { token: sam.token, body });
      expect(res.status).toBe(400);
      expect(res.json.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect((await t.call('GET', '/api/me/profile', { token: sam.token })).json.profile.about).toBe('');
  });

  it("the employer's list of applications carries each applicant's profile and portfolio address; no one else's list does", async () => {
    const employer = await t.signup('Erin', 'employer');
    const [sam, pri] = [await t.signup('Sam'), await t.signup('Pri')];
    await t.call('PUT', '/api/me/profile', { token: sam.token, body: { about, skills: ['sql'], links: [] } });
    await t.post('/api/me/handle', sam.token, { handle: 'sam-builds' });
    const { project } = await t.post('/api/projects', employer.token, {
      title: 'Churn',
      summary: 'Why?',
      skills: ['sql'],
      estimatedHours: 5,
      compensation: { amount: 100, currency: 'USD' },
    });
    await t.post(`/api/projects/${project.id}/publish`, employer.token);
    await t.post(`/api/projects/${project.id}/applications`, sam.token, { pitch: 'Me.' });
    await t.post(`/api/projects/${project.id}/applications`, pri.token, { pitch: 'Me too.' });
    const list = (await t.call('GET', `/api/projects/${project.id}/applications`, { token: employer.token })).json.applications;
    expect(list.map((a: { applicant: unknown }) => a.applicant)).toEqual([
      { id: sam.id, name: 'Sam', profile: { about, skills: ['sql'], links: [], portfolioUrl: 'http://localhost/u/sam-builds' } },
      { id: pri.id, name: 'Pri', profile: { about: '', skills: [], links: [], portfolioUrl: null } },
    ]);
    const mine = (await t.call('GET', '/api/me/applications', { token: pri.token })).json.applications;
    expect(JSON.stringify(mine)).not.toContain(about);
  });
});
