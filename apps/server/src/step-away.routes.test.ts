import { DECLINED_BY_ACCEPTANCE_MESSAGE } from '@stint/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from './test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
beforeEach(async () => {
  t = await testApp();
});
afterEach(() => t.close());

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Erin's project with a plan; Sam and Priya apply, Sam is accepted (Priya declined by it); Maya mentors. */
async function underWay() {
  const [erin, sam, priya, maya] = await Promise.all(['Erin', 'Sam', 'Priya', 'Maya'].map((n) => t.signup(n)));
  const { project } = await t.post('/api/projects', erin!.token, {
    title: 'Churn analysis',
    summary: 'Why do trials not convert?',
    skills: ['sql'],
    estimatedHours: 10,
    compensation: { amount: 50000, currency: 'USD' },
  });
  const id = project.id as string;
  const base = `/api/projects/${id}/milestones`;
  const first = (await t.post(base, erin!.token, { title: 'Data pulled', dueDate: day(10) })).milestone;
  await t.post(`/api/projects/${id}/publish`, erin!.token);
  await t.post(`/api/projects/${id}/members`, erin!.token, { email: maya!.email, role: 'mentor' });
  const mine = (await t.post(`/api/projects/${id}/applications`, sam!.token, { pitch: 'Me.' })).application;
  await t.post(`/api/projects/${id}/applications`, priya!.token, { pitch: 'Me too.' });
  await t.post(`/api/projects/${id}/applications/${mine.id}/accept`, erin!.token);
  await t.post(`${base}/${first.id}/complete`, sam!.token, { note: 'Pulled.' });
  await t.post(base, erin!.token, { title: 'Slides', dueDate: day(20) });
  return { id, erin: erin!, sam: sam!, priya: priya!, maya: maya! };
}

describe('a student steps away from a project in progress', () => {
  it('only the student, only while in progress (403 before 409), with a reason', async () => {
    const { id, erin, sam, maya } = await underWay();
    const stepAway = (token: string, body: unknown = { reason: 'A family emergency.' }) => t.call('POST', `/api/projects/${id}/step-away`, { token, body });
    for (const who of [erin, maya]) expect([(await stepAway(who.token)).status, (await stepAway(who.token)).json.error.code]).toEqual([403, 'not_allowed']);
    expect((await stepAway(sam.token, { reason: '' })).status).toBe(400);
    expect((await stepAway(sam.token, {})).status).toBe(400);
    await t.post(`/api/projects/${id}/submit`, sam.token);
    const inReview = await stepAway(sam.token);
    expect([inReview.status, inReview.json.error.code]).toEqual([409, 'invalid_transition']);
    // From review the employer may still ask for changes; then the student may leave.
    await t.post(`/api/projects/${id}/request-changes`, erin.token, { message: 'More rows.' });
    expect((await stepAway(sam.token)).json.project.status).toBe('draft');
    // A mentor still gets 403 (the role never may), not 409 for the status.
    expect((await stepAway(maya.token)).status).toBe(403);
  });

  it('the student leaves; the plan, the fee and the applications wait for the next student; the employer re-opens it and accepts Priya', async () => {
    const { id, erin, sam, priya, maya } = await underWay();
    // Declined by Sam's acceptance, Priya was told why, not left with a bare "declined".
    const priyaMine = async () => (await t.call('GET', '/api/me/applications', { token: priya.token })).json.applications[0];
    expect(await priyaMine()).toMatchObject({ status: 'declined', message: DECLINED_BY_ACCEPTANCE_MESSAGE });
    const reason = 'I got a full-time offer that starts Monday.';
    const moved = (await t.post(`/api/projects/${id}/step-away`, sam.token, { reason })).project;
    expect(moved.status).toBe('draft');

    // Sam is no longer on it: the project is gone for him, his application withdrawn.
    expect((await t.call('GET', `/api/projects/${id}`, { token: sam.token })).status).toBe(404);
    const samsApps = (await t.call('GET', '/api/me/applications', { token: sam.token })).json.applications;
    expect(samsApps.map((a: { status: string }) => a.status)).toEqual(['withdrawn']);
    const detail = (await t.call('GET', `/api/projects/${id}`, { token: erin.token })).json;
    expect(detail.members.map((m: { role: string }) => m.role).sort()).toEqual(['employer', 'mentor']);

    // Erin and Maya are told why; the timeline says so.
    const told = async (token: string) => (await t.call('GET', '/api/me/notifications', { token })).json.notifications as Array<{ kind: string; text: string }>;
    for (const who of [erin, maya]) expect((await told(who.token)).find((n) => n.kind === 'stepped_away')?.text).toContain(reason);
    const events = (await t.call('GET', `/api/projects/${id}/activity`, { token: erin.token })).json.events;
    expect(events[0]).toMatchObject({ kind: 'step_away', from: 'in_progress', to: 'draft', message: reason, actor: { id: sam.id } });

    // The plan: the unagreed proposal is gone, the milestone marked done but not accepted is open again.
    const plan = (await t.call('GET', `/api/projects/${id}/milestones`, { token: erin.token })).json.milestones;
    expect(plan.map((m: { title: string; state: string }) => [m.title, m.state])).toEqual([['Data pulled', 'open']]);
    // No fee falls due; the documents keep a version from when he left.
    expect((await t.call('GET', `/api/projects/${id}/payment`, { token: erin.token })).json.payment.state).toBe('cancelled');
    const versions = (await t.call('GET', `/api/projects/${id}/docs/deliverable/versions`, { token: erin.token })).json.versions;
    expect(versions.map((v: { label: string }) => v.label)).toContain('When the student stepped away');

    // Priya, declined when Sam was accepted, is pending again; Erin re-opens the project and accepts her.
    const apps = (await t.call('GET', `/api/projects/${id}/applications`, { token: erin.token })).json.applications;
    const priyas = apps.find((a: { applicant: { id: string } }) => a.applicant.id === priya.id);
    expect(priyas.status).toBe('pending');
    expect((await priyaMine()).message).toBeUndefined();
    expect((await t.post(`/api/projects/${id}/publish`, erin.token)).project.status).toBe('open');
    expect((await t.post(`/api/projects/${id}/applications/${priyas.id}/accept`, erin.token)).project.status).toBe('in_progress');
    expect((await t.call('GET', `/api/projects/${id}/payment`, { token: priya.token })).json.payment).toMatchObject({ state: 'agreed', amount: 50000 });
    const now = (await t.call('GET', `/api/projects/${id}`, { token: priya.token })).json;
    expect(now.myRole).toBe('student');
    expect((await t.call('GET', `/api/projects/${id}`, { token: sam.token })).status).toBe(404);
  });
});
