import { insertPortfolioItem } from '@stint/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from './test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
beforeEach(async () => {
  t = await testApp();
});
afterEach(() => t.close());

const DAY = 86_400_000;
type Person = Awaited<ReturnType<typeof t.signup>>;
const moveClock = (to: number, people: Person[]) => t.moveClock(to, people);
const kinds = (p: Person) => t.notificationKinds(p.token);
const RATING = { skills: { sql: 4 }, wouldWorkAgain: true };
const REVIEW = (mentors: Person[] = []) => ({
  employer: { clarity: 5, responsiveness: 4, wouldWorkAgain: true, comment: 'A clear brief and quick answers.' },
  mentors: mentors.map((m) => ({ mentorId: m.id, helpfulness: 5 })),
});

/** Erin's project, worked on by Sam with Maya as mentor, submitted and completed with a rating. */
async function completed(people: { employer?: Person; student?: Person } = {}, mentor = true) {
  const { id, employer, student } = await t.projectInProgress({}, people);
  const maya = await t.signup('Maya');
  if (mentor) await t.post(`/api/projects/${id}/members`, employer.token, { email: maya.email, role: 'mentor' });
  await t.post(`/api/projects/${id}/submit`, student.token);
  await t.post(`/api/projects/${id}/complete`, employer.token, { rating: RATING });
  return { id, erin: employer, sam: student, maya, at: t.clock.now };
}

describe('two-way blind reviews over HTTP', () => {
  it("the student can't see the employer's rating until they give theirs; then both see both, and the portfolio item may be made", async () => {
    const { id, erin, sam, maya } = await completed();
    const reviews = async (p: Person) => (await t.call('GET', `/api/projects/${id}/reviews`, { token: p.token })).json;

    const blind = await reviews(sam);
    expect([blind.revealed, blind.ofStudent.rating, blind.ofStudent.by.name, blind.byStudent]).toEqual([false, null, 'Erin', null]);
    expect(blind.mentors).toEqual([{ id: maya.id, name: 'Maya' }]);
    expect((await t.call('GET', `/api/projects/${id}/outcome`, { token: sam.token })).json.rating).toBeNull();
    const early = await t.call('POST', `/api/projects/${id}/portfolio`, { token: sam.token });
    expect([early.status, early.json.error.code]).toEqual([409, 'review_first']);
    // The employer sees their own; the mentor (not a side) sees it too.
    expect((await reviews(erin)).ofStudent.rating).toEqual(RATING);
    expect((await reviews(maya)).ofStudent.rating).toEqual(RATING);
    expect((await t.call('GET', `/api/projects/${id}/outcome`, { token: erin.token })).json.rating).toEqual(RATING);

    // Who may: 403 for the wrong side, whatever else is wrong.
    expect((await t.call('PUT', `/api/projects/${id}/reviews/by-student`, { token: erin.token, body: REVIEW([maya]) })).status).toBe(403);
    expect((await t.call('PUT', `/api/projects/${id}/reviews/of-student`, { token: sam.token, body: { rating: RATING } })).status).toBe(403);
    const stranger = await t.signup('Stranger');
    expect((await t.call('GET', `/api/projects/${id}/reviews`, { token: stranger.token })).status).toBe(404);
    // Every mentor is reviewed.
    const noMentor = await t.call('PUT', `/api/projects/${id}/reviews/by-student`, { token: sam.token, body: REVIEW() });
    expect([noMentor.status, noMentor.json.error.code]).toEqual([400, 'missing_review']);
    const bad = await t.call('PUT', `/api/projects/${id}/reviews/by-student`, {
      token: sam.token,
      body: { ...REVIEW([maya]), employer: { ...REVIEW().employer, clarity: 6 } },
    });
    expect(bad.status).toBe(400);

    // While blind, the employer changes the rating (within 10 days of completion); the item will sign it.
    const changed = { skills: { sql: 5 }, wouldWorkAgain: true };
    expect((await t.call('PUT', `/api/projects/${id}/reviews/of-student`, { token: erin.token, body: { rating: changed } })).json.ofStudent.rating).toEqual(
      changed,
    );
    const unknownSkill = await t.call('PUT', `/api/projects/${id}/reviews/of-student`, {
      token: erin.token,
      body: { rating: { skills: { go: 5 }, wouldWorkAgain: true } },
    });
    expect([unknownSkill.status, unknownSkill.json.error.code]).toEqual([400, 'unknown_skill']);

    const given = (await t.call('PUT', `/api/projects/${id}/reviews/by-student`, { token: sam.token, body: REVIEW([maya]) })).json;
    expect([given.revealed, given.ofStudent.rating]).toEqual([true, changed]);
    expect(given.byStudent).toMatchObject({
      by: { id: sam.id },
      employer: { clarity: 5, responsiveness: 4, wouldWorkAgain: true, comment: 'A clear brief and quick answers.' },
      mentors: [{ mentor: { id: maya.id, name: 'Maya' }, helpfulness: 5 }],
    });
    expect((await reviews(erin)).byStudent.employer.clarity).toBe(5);
    expect((await reviews(maya)).byStudent.mentors[0].helpfulness).toBe(5);
    expect(await kinds(erin)).toContain('review_given');
    expect(await kinds(maya)).toContain('review_given');
    expect((await t.call('GET', `/api/projects/${id}/outcome`, { token: sam.token })).json.rating).toEqual(changed);
    const activity = (await t.call('GET', `/api/projects/${id}/activity`, { token: erin.token })).json.events.map((e: { kind: string }) => e.kind);
    expect(activity).toContain('review_given');

    // Revealed: the employer's rating is sealed as it was when the student read it.
    const sealedRating = await t.call('PUT', `/api/projects/${id}/reviews/of-student`, { token: erin.token, body: { rating: RATING } });
    expect([sealedRating.status, sealedRating.json.error.code]).toEqual([409, 'review_sealed']);
    const item = await t.call('POST', `/api/projects/${id}/portfolio`, { token: sam.token });
    expect(item.status).toBe(201);
    const credential = (await t.call('GET', `/api/portfolio/${item.json.item.id}`)).json;
    expect(credential.credentialSubject.result.map((r: { value: string }) => r.value)).toEqual(['5']);
    const afterItem = await t.call('PUT', `/api/projects/${id}/reviews/of-student`, { token: erin.token, body: { rating: RATING } });
    expect(afterItem.status).toBe(409);
  });

  it('an item issued before reviews were blind (its public page shows the rating) leaves nothing hidden', async () => {
    const { id, sam } = await completed({}, false);
    expect((await t.call('GET', `/api/projects/${id}/reviews`, { token: sam.token })).json.revealed).toBe(false);
    // As such an item was stored: straight into the table, no review given.
    await insertPortfolioItem(t.database.db, { id: 'legacy-item', projectId: id, studentId: sam.id, credential: {}, status: { list: 0, index: 999 } });
    const view = (await t.call('GET', `/api/projects/${id}/reviews`, { token: sam.token })).json;
    expect([view.revealed, view.ofStudent.rating]).toEqual([true, RATING]);
    expect((await t.call('GET', `/api/projects/${id}/outcome`, { token: sam.token })).json.rating).toEqual(RATING);
  });

  it('before completion there is nothing to review (409 for the student, 403 still for anyone else)', async () => {
    const { id, employer, student } = await t.projectInProgress();
    const view = (await t.call('GET', `/api/projects/${id}/reviews`, { token: student.token })).json;
    expect([view.completedAt, view.ofStudent, view.byStudent]).toEqual([null, null, null]);
    const early = await t.call('PUT', `/api/projects/${id}/reviews/by-student`, { token: student.token, body: REVIEW() });
    expect([early.status, early.json.error.code]).toEqual([409, 'invalid_transition']);
    expect((await t.call('PUT', `/api/projects/${id}/reviews/by-student`, { token: employer.token, body: REVIEW() })).status).toBe(403);
  });
});

describe('reviews on an injected clock', () => {
  it('revealed 14 days after completion without the student’s, who is told once (not again after a restart); reviews are closed then', async () => {
    const { id, erin, sam, at } = await completed({}, false);
    // The fee is recorded, so the only reminder due is the review's.
    await t.post(`/api/projects/${id}/payment/paid`, erin.token, { reference: 'TX' });
    await moveClock(at + 14 * DAY - 60_000, [erin, sam]);
    expect(await t.runReminders()).toBe(0);
    expect((await t.call('GET', `/api/projects/${id}/reviews`, { token: sam.token })).json).toMatchObject({ revealed: false, ofStudent: { rating: null } });
    await moveClock(at + 14 * DAY + 60_000, [erin, sam]);
    const seen = (await t.call('GET', `/api/projects/${id}/reviews`, { token: sam.token })).json;
    expect([seen.revealed, seen.ofStudent.rating, seen.byStudent]).toEqual([true, RATING, null]);
    expect(await t.runReminders()).toBe(1);
    await t.restart();
    expect(await t.runReminders()).toBe(0);
    expect((await kinds(sam)).filter((k) => k === 'review_revealed')).toHaveLength(1);
    const late = await t.call('PUT', `/api/projects/${id}/reviews/by-student`, { token: sam.token, body: REVIEW() });
    expect([late.status, late.json.error.code]).toEqual([409, 'review_closed']);
    expect((await t.call('POST', `/api/projects/${id}/portfolio`, { token: sam.token })).status).toBe(201);
  });

  it('the employer changes their rating for 10 days while blind; once the student reviews (revealed) both are sealed; a student who reviewed is not reminded', async () => {
    const { id, erin, sam, maya, at } = await completed();
    await moveClock(at + 2 * DAY, [erin, sam]);
    // Before the reveal the employer may still change the rating.
    expect((await t.call('PUT', `/api/projects/${id}/reviews/of-student`, { token: erin.token, body: { rating: RATING } })).status).toBe(200);
    await t.call('PUT', `/api/projects/${id}/reviews/by-student`, { token: sam.token, body: REVIEW([maya]) });
    // Revealed: neither changes theirs after reading the other's (the employer set 1 after reading a 1/5).
    const edit = { ...REVIEW([maya]), employer: { clarity: 3, responsiveness: 3, wouldWorkAgain: false } };
    const samAfter = await t.call('PUT', `/api/projects/${id}/reviews/by-student`, { token: sam.token, body: edit });
    expect([samAfter.status, samAfter.json.error.code]).toEqual([409, 'review_sealed']);
    const erinAfter = await t.call('PUT', `/api/projects/${id}/reviews/of-student`, { token: erin.token, body: { rating: RATING } });
    expect([erinAfter.status, erinAfter.json.error.code]).toEqual([409, 'review_sealed']);
    const seen = (await t.call('GET', `/api/projects/${id}/reviews`, { token: erin.token })).json;
    expect([seen.revealed, seen.abilities]).toEqual([true, { editRating: false, review: false }]);
    expect((await t.call('GET', `/api/projects/${id}/reviews`, { token: sam.token })).json.abilities).toEqual({ editRating: false, review: false });
    await t.post(`/api/projects/${id}/payment/paid`, erin.token, { reference: 'TX' });
    await moveClock(at + 15 * DAY, [erin, sam]);
    expect(await t.runReminders()).toBe(0);
    expect(await kinds(sam)).not.toContain('review_revealed');
  });

  it('without the student’s review the employer’s rating freezes 10 days after completion', async () => {
    const { id, erin, sam, at } = await completed();
    await moveClock(at + 9 * DAY, [erin, sam]);
    expect((await t.call('PUT', `/api/projects/${id}/reviews/of-student`, { token: erin.token, body: { rating: RATING } })).status).toBe(200);
    await moveClock(at + 10 * DAY, [erin, sam]);
    const late = await t.call('PUT', `/api/projects/${id}/reviews/of-student`, { token: erin.token, body: { rating: RATING } });
    expect([late.status, late.json.error.code]).toEqual([409, 'review_frozen']);
  });
});

describe("an employer's profile", () => {
  it("shows students' averages from the third review on, and nothing before", async () => {
    const erin = await t.signup('Erin', 'employer');
    const profile = async () => (await t.call('GET', `/api/employers/${erin.id}`)).json.reviews;
    expect(await profile()).toEqual({ count: 0, clarity: null, responsiveness: null, wouldWorkAgain: null });
    const scores = [
      [5, 4, true],
      [4, 4, true],
      [3, 5, false],
    ] as const;
    for (const [i, [clarity, responsiveness, wouldWorkAgain]] of scores.entries()) {
      const { id, sam } = await completed({ employer: erin }, false);
      await t.call('PUT', `/api/projects/${id}/reviews/by-student`, {
        token: sam.token,
        body: { employer: { clarity, responsiveness, wouldWorkAgain }, mentors: [] },
      });
      if (i === 1) expect(await profile()).toEqual({ count: 2, clarity: null, responsiveness: null, wouldWorkAgain: null });
    }
    expect(await profile()).toEqual({ count: 3, clarity: 4, responsiveness: 4.3, wouldWorkAgain: 0.67 });
  });
});
