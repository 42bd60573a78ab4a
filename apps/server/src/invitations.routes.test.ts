import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from './test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-invitations-'));
  t = await testApp({ mailDir: dir });
});
afterEach(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const expectError = (res: { status: number; json: any }, status: number, code: string) => {
  expect(res.json?.error?.code, JSON.stringify(res.json)).toBe(code);
  expect(res.status).toBe(status);
};

/** The invitation link of the last email sent to `to` (the real mailer writes each as an .eml file). */
const read = new Set<string>();
async function linkSentTo(to: string): Promise<string> {
  await t.runOutbox();
  const fresh = readdirSync(dir).filter((f) => !read.has(f));
  for (const f of fresh) read.add(f);
  const mails = fresh.map((f) => readFileSync(join(dir, f), 'utf8')).filter((m) => m.includes(`To: ${to}`));
  expect(mails).toHaveLength(1);
  const text = (mails[0] ?? '').replace(/=\r?\n/g, '');
  const link = /(https?:\/\/[^\s"<]+\/invite\/[a-z2-9]{24}\.[a-z2-9]{24})/.exec(text)?.[1];
  if (!link) throw new Error(`no invitation link in the mail to ${to}: ${mails.length} mails`);
  return link;
}
const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);
const signupWith = (email: string, invitation: string) =>
  t.call('POST', '/api/auth/signup', { body: { email, password: 'long enough password', name: 'Nora Newcomer', accountType: 'mentor', invitation } });

async function draft() {
  const employer = await t.signup('Erin', 'employer');
  const { project } = await t.post('/api/projects', employer.token, {
    title: 'Onboarding survey',
    summary: 'Design a short survey.',
    skills: ['research'],
    estimatedHours: 8,
    compensation: { amount: 30000, currency: 'EUR' },
  });
  return { employer, id: project.id as string };
}

describe('invitations by email', () => {
  it('an address without an account gets a link under the public origin; signing up from it joins the project in the invited role', async () => {
    const { employer, id } = await draft();
    const sent = await t.call('POST', `/api/projects/${id}/members`, {
      token: employer.token,
      body: { email: 'Nora@Example.test', role: 'mentor' },
      // A request's Host never decides where a link points.
      headers: { host: 'evil.example' },
    });
    expect(sent.status).toBe(201);
    expect(sent.json.invitation).toMatchObject({ email: 'nora@example.test', role: 'mentor', invitedBy: 'Erin', status: 'pending' });
    const listed = await t.call('GET', `/api/projects/${id}/invitations`, { token: employer.token });
    expect(listed.json.invitations.map((i: { email: string }) => i.email)).toEqual(['nora@example.test']);

    const link = await linkSentTo('nora@example.test');
    // The test app's origin (PUBLIC_URL unset): never the request's Host.
    expect(link.startsWith('http://localhost/invite/')).toBe(true);
    const preview = await t.call('GET', `/api/invitations/${tokenOf(link)}`);
    expect(preview.json.invitation).toMatchObject({ project: { id, title: 'Onboarding survey' }, role: 'mentor', invitedBy: 'Erin', status: 'pending' });

    const joined = await signupWith('nora@example.test', tokenOf(link));
    expect(joined.status).toBe(201);
    const seen = await t.call('GET', `/api/projects/${id}`, { token: joined.json.token });
    expect(seen.json.myRole).toBe('mentor');
    expect((await t.call('GET', `/api/projects/${id}/invitations`, { token: employer.token })).json.invitations).toEqual([]);
    expect((await t.call('GET', `/api/invitations/${tokenOf(link)}`)).json.invitation.status).toBe('accepted');
    // The link works once: a second sign-up from it makes no account.
    expectError(await signupWith('someone-else@example.test', tokenOf(link)), 409, 'invitation_used');
    expectError(
      await t.call('POST', '/api/auth/login', { body: { email: 'someone-else@example.test', password: 'long enough password' } }),
      401,
      'invalid_credentials',
    );
  });

  it('a link that is not whole, or whose secret is wrong, opens nothing', async () => {
    const { employer, id } = await draft();
    await t.post(`/api/projects/${id}/members`, employer.token, { email: 'x@example.test', role: 'viewer' });
    const token = tokenOf(await linkSentTo('x@example.test'));
    const forged = `${token.split('.')[0]}.${'a'.repeat(24)}`;
    for (const bad of [forged, token.slice(0, -1), 'nonsense']) {
      expectError(await t.call('GET', `/api/invitations/${bad}`), 404, 'invitation_not_found');
      expectError(await signupWith('forger@example.test', bad), 404, 'invitation_not_found');
    }
    expectError(
      await t.call('POST', '/api/auth/login', { body: { email: 'forger@example.test', password: 'long enough password' } }),
      401,
      'invalid_credentials',
    );
  });

  it('withdrawn, replaced and expired invitations stop working, and no account is made from them', async () => {
    const { employer, id } = await draft();
    const first = await t.post(`/api/projects/${id}/members`, employer.token, { email: 'w@example.test', role: 'mentor' });
    const firstLink = tokenOf(await linkSentTo('w@example.test'));
    expect((await t.call('DELETE', `/api/projects/${id}/invitations/${first.invitation.id}`, { token: employer.token })).status).toBe(204);
    expectError(await t.call('DELETE', `/api/projects/${id}/invitations/${first.invitation.id}`, { token: employer.token }), 404, 'invitation_not_found');
    expectError(await signupWith('w@example.test', firstLink), 404, 'invitation_revoked');

    // Sending again replaces the open link.
    await t.post(`/api/projects/${id}/members`, employer.token, { email: 'v@example.test', role: 'mentor' });
    const older = tokenOf(await linkSentTo('v@example.test'));
    await t.post(`/api/projects/${id}/members`, employer.token, { email: 'v@example.test', role: 'viewer' });
    const newer = tokenOf(await linkSentTo('v@example.test'));
    expect(newer).not.toBe(older);
    expect((await t.call('GET', `/api/projects/${id}/invitations`, { token: employer.token })).json.invitations).toMatchObject([
      { email: 'v@example.test', role: 'viewer' },
    ]);
    expectError(await signupWith('v@example.test', older), 404, 'invitation_revoked');

    // Fourteen days later the link has expired; it is listed as such until withdrawn.
    await t.moveClock(t.clock.now + 15 * 86_400_000, [employer]);
    expect((await t.call('GET', `/api/projects/${id}/invitations`, { token: employer.token })).json.invitations[0].status).toBe('expired');
    expectError(await signupWith('v@example.test', newer), 409, 'invitation_expired');
    // No account was made by any of the refused sign-ups: the address can still sign up.
    expect((await t.call('POST', '/api/auth/signup', { body: { email: 'v@example.test', password: 'long enough password', name: 'V' } })).status).toBe(201);
  });

  it('only the employer invites, lists and withdraws; the link is used once even by racing acceptances', async () => {
    const { employer, id } = await draft();
    const other = await t.signup('Olga');
    expectError(
      await t.call('POST', `/api/projects/${id}/members`, { token: other.token, body: { email: 'r@example.test', role: 'mentor' } }),
      404,
      'project_not_found',
    );
    await t.post(`/api/projects/${id}/members`, employer.token, { email: 'r@example.test', role: 'mentor' });
    const token = tokenOf(await linkSentTo('r@example.test'));
    const mentor = await signupWith('r@example.test', token);
    expect(mentor.status).toBe(201);
    expectError(await t.call('GET', `/api/projects/${id}/invitations`, { token: mentor.json.token }), 403, 'not_allowed');

    await t.post(`/api/projects/${id}/members`, employer.token, { email: 'race@example.test', role: 'viewer' });
    const raced = tokenOf(await linkSentTo('race@example.test'));
    const racers = await Promise.all(['Ann', 'Ben', 'Cat'].map((name) => t.signup(name)));
    const answers = await Promise.all(racers.map((r) => t.call('POST', `/api/invitations/${raced}/accept`, { token: r.token, body: {} })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const members = (await t.call('GET', `/api/projects/${id}`, { token: employer.token })).json.members as Array<{ role: string }>;
    expect(members.filter((m) => m.role === 'viewer')).toHaveLength(1);
  });

  it('someone signed in accepts with the account they have; a finished project takes no one', async () => {
    const { employer, id } = await draft();
    const existing = await t.signup('Kim');
    await t.post(`/api/projects/${id}/members`, employer.token, { email: 'kim-at-work@example.test', role: 'viewer' });
    const token = tokenOf(await linkSentTo('kim-at-work@example.test'));
    const accepted = await t.call('POST', `/api/invitations/${token}/accept`, { token: existing.token, body: {} });
    expect(accepted.status).toBe(200);
    expect(accepted.json).toEqual({ projectId: id, member: { userId: existing.id, name: 'Kim', role: 'viewer' } });

    await t.post(`/api/projects/${id}/members`, employer.token, { email: 'late@example.test', role: 'mentor' });
    const late = tokenOf(await linkSentTo('late@example.test'));
    await t.post(`/api/projects/${id}/cancel`, employer.token);
    expectError(await signupWith('late@example.test', late), 409, 'invalid_transition');
  });
});
