import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from './test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

type Pref = { kind: string; group: string; concernsYou: boolean };
const prefs = async (token: string) => (await t.call('GET', '/api/me/notification-prefs', { token })).json.prefs as Pref[];
const concerning = (list: Pref[]) =>
  list
    .filter((p) => p.concernsYou)
    .map((p) => p.kind)
    .sort();

describe('notification settings, each person their own', () => {
  it('lists every kind with its group, and says which can reach this person: by account type, then by the roles they hold', async () => {
    const { id, employer, student } = await t.projectInProgress({}, { employer: await t.signup('Erin', 'employer') });
    const employerKinds = concerning(await prefs(employer.token));
    const studentKinds = concerning(await prefs(student.token));
    expect(employerKinds).toContain('application_received');
    expect(employerKinds).not.toContain('review_revealed');
    expect(studentKinds).toContain('review_revealed');
    expect(studentKinds).not.toContain('application_received');
    // Kinds that name someone or concern their work reach anyone.
    for (const kind of ['mentioned', 'invited', 'comment']) {
      expect(employerKinds).toContain(kind);
      expect(studentKinds).toContain(kind);
    }
    // Every kind is still listed (and can be set), grouped.
    const all = await prefs(student.token);
    expect(all.length).toBe(27);
    expect(new Set(all.map((p) => p.group))).toEqual(new Set(['applying', 'work', 'milestones', 'reminders', 'outcome']));

    // A student account invited as a mentor hears what mentors hear from then on.
    const helper = await t.signup('Hal');
    expect(concerning(await prefs(helper.token))).not.toContain('milestone_submitted');
    await t.post(`/api/projects/${id}/members`, employer.token, { email: helper.email, role: 'mentor' });
    expect(concerning(await prefs(helper.token))).toContain('milestone_submitted');
  });
});
