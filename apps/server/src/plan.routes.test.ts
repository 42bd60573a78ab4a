import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from './test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
beforeEach(async () => {
  t = await testApp();
});
afterEach(() => t.close());

const DAY = 86_400_000;
const dayAt = (now: number, offset: number) => new Date(now + offset * DAY).toISOString().slice(0, 10);
const moveClock = (to: number, people: Array<{ token: string }>) => t.moveClock(to, people);
const kinds = (token: string) => t.notificationKinds(token);

/** Erin drafts a project with two milestones, publishes it and accepts Sam; Mia watches as the mentor. */
async function planned() {
  const signup = async (name: string, accountType?: string) => {
    const res = await t.call('POST', '/api/auth/signup', {
      body: {
        email: `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`,
        password: 'long enough password',
        name,
        ...(accountType ? { accountType } : {}),
      },
    });
    return { id: res.json.user.id as string, token: res.json.token as string };
  };
  const erin = await signup('Erin', 'employer');
  const sam = await signup('Sam');
  const stranger = await signup('Stranger');
  const now = t.clock.now;
  const { project } = await t.post('/api/projects', erin.token, {
    title: 'Churn analysis',
    summary: 'Why do trials not convert?',
    skills: ['sql'],
    estimatedHours: 10,
    compensation: { amount: 50000, currency: 'USD' },
    dueDate: dayAt(now, 30),
  });
  const id = project.id as string;
  const one = (await t.post(`/api/projects/${id}/milestones`, erin.token, { title: 'Data pulled', dueDate: dayAt(now, 10) })).milestone;
  const two = (await t.post(`/api/projects/${id}/milestones`, erin.token, { title: 'Report drafted', dueDate: dayAt(now, 20) })).milestone;
  await t.post(`/api/projects/${id}/publish`, erin.token);
  const { application } = await t.post(`/api/projects/${id}/applications`, sam.token, { pitch: 'Me.' });
  await t.post(`/api/projects/${id}/applications/${application.id}/accept`, erin.token);
  return { id, erin, sam, stranger, one: one.id as string, two: two.id as string, now };
}

describe('milestones over HTTP', () => {
  it('the plan from the draft, a proposal agreed, one milestone reopened then accepted; 403 before 409 throughout', async () => {
    const { id, erin, sam, stranger, one } = await planned();
    const base = `/api/projects/${id}/milestones`;
    const list = async (token: string) => (await t.call('GET', base, { token })).json;

    const planView = await list(sam.token);
    expect(planView.milestones.map((m: { title: string; state: string; standing: string }) => [m.title, m.state, m.standing])).toEqual([
      ['Data pulled', 'open', 'upcoming'],
      ['Report drafted', 'open', 'upcoming'],
    ]);
    expect((await t.call('GET', base, { token: stranger.token })).status).toBe(404);
    // Signed out, the plan of a project on the board is there to read; of one at work, not.
    const onBoard = (
      await t.post('/api/projects', erin.token, {
        title: 'Open one',
        summary: 'On the board.',
        skills: ['sql'],
        estimatedHours: 5,
        compensation: { amount: 1000, currency: 'USD' },
      })
    ).project;
    await t.post(`/api/projects/${onBoard.id}/publish`, erin.token);
    expect((await t.call('GET', `/api/projects/${onBoard.id}/milestones`)).status).toBe(200);
    expect((await t.call('GET', base)).status).toBe(404);

    // The student may never add one (403), whatever the status; the employer now only proposes.
    expect((await t.call('POST', base, { token: sam.token, body: { title: 'Mine', dueDate: dayAt(t.clock.now, 5) } })).json.error.code).toBe('not_allowed');
    const proposed = (await t.post(base, erin.token, { title: 'Slides', dueDate: dayAt(t.clock.now, 25) })).milestone;
    expect(proposed.state).toBe('proposed');
    const proposal = ((await t.call('GET', '/api/me/notifications', { token: sam.token })).json.notifications as Array<{ kind: string; text: string }>).find(
      (n) => n.kind === 'milestone_proposed',
    );
    // The words name the milestone (they said “undefined” while the notifier left the event's words out).
    expect(proposal?.text).toBe('Erin proposed a milestone on “Churn analysis”: “Slides”. Agree to it from the project page.');
    // An agreed milestone is no longer the employer's to change alone.
    const edit = await t.call('PATCH', `${base}/${one}`, { token: erin.token, body: { title: 'Changed' } });
    expect([edit.status, edit.json.error.code]).toEqual([409, 'invalid_milestone_state']);
    expect((await t.call('POST', `${base}/${proposed.id}/agree`, { token: erin.token })).status).toBe(403);
    expect((await t.post(`${base}/${proposed.id}/agree`, sam.token)).milestone.state).toBe('open');

    // Done with a check-in; the employer reopens it saying what is missing; done again; accepted.
    expect((await t.call('POST', `${base}/${one}/complete`, { token: erin.token, body: { note: 'x' } })).status).toBe(403);
    expect((await t.call('POST', `${base}/${one}/complete`, { token: sam.token, body: {} })).status).toBe(400);
    const submitted = (await t.post(`${base}/${one}/complete`, sam.token, { note: 'Pulled 40k rows from the warehouse.' })).milestone;
    expect([submitted.state, submitted.standing, submitted.submission.note]).toEqual(['submitted', 'awaiting_review', 'Pulled 40k rows from the warehouse.']);
    expect(await kinds(erin.token)).toContain('milestone_submitted');
    expect((await t.call('POST', `${base}/${one}/accept`, { token: sam.token })).status).toBe(403);
    const reopened = (await t.post(`${base}/${one}/reopen`, erin.token, { note: 'Include March.' })).milestone;
    expect([reopened.state, reopened.review.accepted, reopened.review.note]).toEqual(['open', false, 'Include March.']);
    expect(await kinds(sam.token)).toContain('milestone_reopened');
    await t.post(`${base}/${one}/complete`, sam.token, { note: 'March included.' });
    const accepted = (await t.post(`${base}/${one}/accept`, erin.token)).milestone;
    expect([accepted.state, accepted.standing, accepted.review.accepted, accepted.review.by.name]).toEqual(['done', 'done', true, 'Erin']);
    const again = await t.call('POST', `${base}/${one}/accept`, { token: erin.token });
    expect([again.status, again.json.error.code]).toEqual([409, 'invalid_milestone_state']);

    // Every change is on the project's timeline.
    const activity = (await t.call('GET', `/api/projects/${id}/activity`, { token: erin.token })).json.events.map((e: { kind: string }) => e.kind);
    expect(activity).toEqual(expect.arrayContaining(['milestone_add', 'milestone_agree', 'milestone_complete', 'milestone_reopen', 'milestone_accept']));

    // Once the project is completed nothing moves (409, the role being right).
    await t.post(`/api/projects/${id}/submit`, sam.token);
    expect((await t.post(`/api/projects/${id}/complete`, erin.token, { rating: { skills: { sql: 5 }, wouldWorkAgain: true } })).project.status).toBe(
      'completed',
    );
    const late = await t.call('POST', base, { token: erin.token, body: { title: 'Late', dueDate: dayAt(t.clock.now, 3) } });
    expect([late.status, late.json.error.code]).toEqual([409, 'invalid_transition']);
    // A finished project's milestones that were never done are closed with it, not "upcoming".
    const standings = (await list(erin.token)).milestones.map((m: { title: string; standing: string }) => [m.title, m.standing]);
    expect(standings).toEqual([
      ['Data pulled', 'done'],
      ['Report drafted', 'closed'],
      ['Slides', 'closed'],
    ]);
  });

  it('a milestone is due between today and the project’s due date, whether it is added or edited', async () => {
    const { id, erin, now } = await planned();
    const base = `/api/projects/${id}/milestones`;
    const proposed = (await t.post(base, erin.token, { title: 'Slides', dueDate: dayAt(now, 25) })).milestone;
    for (const [dueDate, why] of [
      [dayAt(now, 31), 'after the project’s due date'],
      [dayAt(now, -1), 'in the past'],
    ] as const) {
      const added = await t.call('POST', base, { token: erin.token, body: { title: 'Late', dueDate } });
      const edited = await t.call('PATCH', `${base}/${proposed.id}`, { token: erin.token, body: { dueDate } });
      expect([added.status, added.json.error.code], `add ${why}`).toEqual([400, 'invalid_request']);
      expect([edited.status, edited.json.error.code], `edit ${why}`).toEqual([400, 'invalid_request']);
      expect(edited.json.error.message).toBe(added.json.error.message);
    }
    expect((await t.call('PATCH', `${base}/${proposed.id}`, { token: erin.token, body: { dueDate: dayAt(now, 30) } })).status).toBe(200);
  });

  it('on the injected clock: due soon, then overdue; more time asked too late is refused, in time granted, and the date moves', async () => {
    const { id, erin, sam, two, now } = await planned();
    const base = `/api/projects/${id}/milestones`;
    const standing = async () => (await t.call('GET', base, { token: sam.token })).json.milestones.find((m: { id: string }) => m.id === two);

    await moveClock(now + 18 * DAY, [erin, sam]);
    expect((await standing()).standing).toBe('due_soon');
    // One day before the due date, with two days' notice required: too late.
    await moveClock(now + 19 * DAY, [erin, sam]);
    const tooLate = await t.call('POST', `${base}/${two}/extensions`, { token: sam.token, body: { dueDate: dayAt(now, 27), reason: 'The data came late.' } });
    expect([tooLate.status, tooLate.json.error.code]).toEqual([409, 'extension_too_late']);
    await moveClock(now + 21 * DAY, [erin, sam]);
    expect((await standing()).standing).toBe('overdue');

    // In time (back on the clock): asked once, a second is refused, the employer grants it.
    await moveClock(now + 15 * DAY, [erin, sam]);
    expect((await t.call('POST', `${base}/${two}/extensions`, { token: erin.token, body: { dueDate: dayAt(now, 27), reason: 'x' } })).status).toBe(403);
    const asked = (await t.post(`${base}/${two}/extensions`, sam.token, { dueDate: dayAt(now, 27), reason: 'The data came late.' })).milestone;
    expect(asked.extensions).toMatchObject([{ fromDate: dayAt(now, 20), requestedDate: dayAt(now, 27), state: 'pending' }]);
    const second = await t.call('POST', `${base}/${two}/extensions`, { token: sam.token, body: { dueDate: dayAt(now, 28), reason: 'More.' } });
    expect([second.status, second.json.error.code]).toEqual([409, 'extension_pending']);
    expect(await kinds(erin.token)).toContain('extension_requested');
    const extensionId = asked.extensions[0].id;
    expect((await t.call('POST', `${base}/${two}/extensions/${extensionId}/decide`, { token: sam.token, body: { grant: true } })).status).toBe(403);
    const granted = (await t.post(`${base}/${two}/extensions/${extensionId}/decide`, erin.token, { grant: true, note: 'Sure.' })).milestone;
    expect([granted.dueDate, granted.extensions[0].state, granted.extensions[0].decisionNote]).toEqual([dayAt(now, 27), 'granted', 'Sure.']);
    expect(await kinds(sam.token)).toContain('extension_granted');
    const twice = await t.call('POST', `${base}/${two}/extensions/${extensionId}/decide`, { token: erin.token, body: { grant: false } });
    expect([twice.status, twice.json.error.code]).toEqual([409, 'extension_decided']);
    // What was overdue on the old date is upcoming on the new one.
    await moveClock(now + 21 * DAY, [erin, sam]);
    expect((await standing()).standing).toBe('upcoming');
  });
});

describe('the work log over HTTP', () => {
  it('the student logs, everyone on the project reads the total against the estimate; entries freeze after 48 hours', async () => {
    const { id, erin, sam, stranger, now } = await planned();
    const base = `/api/projects/${id}/work-log`;
    const today = dayAt(now, 0);
    const first = (await t.post(base, sam.token, { date: today, minutes: 90, description: 'Pulled the data' })).entry;
    expect(first.editableUntil).not.toBeNull();
    await t.post(base, sam.token, { date: dayAt(now, -1), minutes: 90, description: 'Read the brief and the schema' });
    expect((await t.call('POST', base, { token: erin.token, body: { date: today, minutes: 30, description: 'x' } })).status).toBe(403);
    expect((await t.call('POST', base, { token: sam.token, body: { date: dayAt(now, 1), minutes: 30, description: 'Tomorrow' } })).status).toBe(400);
    expect((await t.call('POST', base, { token: sam.token, body: { date: today, minutes: 0, description: 'Nothing' } })).status).toBe(400);
    expect((await t.call('GET', base, { token: stranger.token })).status).toBe(404);

    const seen = (await t.call('GET', base, { token: erin.token })).json;
    expect([seen.totalMinutes, seen.estimatedMinutes, seen.entries.length]).toEqual([180, 600, 2]);
    // Only its author changes an entry.
    expect((await t.call('PATCH', `${base}/${first.id}`, { token: erin.token, body: { minutes: 10 } })).status).toBe(403);
    expect((await t.call('PATCH', `${base}/${first.id}`, { token: sam.token, body: { minutes: 120 } })).json.entry.minutes).toBe(120);

    t.clock.now = now + 49 * 3_600_000;
    const frozen = await t.call('PATCH', `${base}/${first.id}`, { token: sam.token, body: { minutes: 600 } });
    expect([frozen.status, frozen.json.error.code]).toEqual([409, 'entry_frozen']);
    expect((await t.call('DELETE', `${base}/${first.id}`, { token: sam.token })).status).toBe(409);
    const later = (await t.call('GET', base, { token: sam.token })).json;
    expect(later.totalMinutes).toBe(210);
    expect(later.entries.every((e: { editableUntil: string | null }) => e.editableUntil === null)).toBe(true);

    // The total goes into the JSON export, and into the credential the finished work becomes.
    const exported = await t.app.request(`http://stint.test/api/projects/${id}/export?format=json`, { headers: { authorization: `Bearer ${erin.token}` } });
    expect((JSON.parse(await exported.text()) as { workLog: { totalMinutes: number } }).workLog.totalMinutes).toBe(210);
    await t.post(`/api/projects/${id}/submit`, sam.token);
    await t.post(`/api/projects/${id}/complete`, erin.token, { rating: { skills: { sql: 4 }, wouldWorkAgain: true } });
    await t.reviewAsStudent(id, sam.token);
    const { item } = await t.post(`/api/projects/${id}/portfolio`, sam.token);
    const credential = (await t.call('GET', `/api/portfolio/${item.id}`)).json;
    expect(credential.credentialSubject.stint.minutesLogged).toBe(210);
  });
});

describe('a day holds 24 hours', () => {
  it('a person logs at most 24 hours on one day, across entries, edits and parallel requests', async () => {
    const { id, sam, now } = await planned();
    const base = `/api/projects/${id}/work-log`;
    const today = dayAt(now, 0);
    // Five whole days on one day, sent at once: one fits.
    const burst = await Promise.all(
      Array.from({ length: 5 }, () => t.call('POST', base, { token: sam.token, body: { date: today, minutes: 1440, description: 'All day' } })),
    );
    expect(burst.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(burst.find((r) => r.status === 409)!.json.error.code).toBe('day_full');
    const yesterday = dayAt(now, -1);
    const morning = (await t.post(base, sam.token, { date: yesterday, minutes: 600, description: 'Morning' })).entry;
    await t.post(base, sam.token, { date: yesterday, minutes: 600, description: 'Afternoon' });
    expect((await t.call('POST', base, { token: sam.token, body: { date: yesterday, minutes: 241, description: 'Night' } })).json.error.code).toBe('day_full');
    expect((await t.call('POST', base, { token: sam.token, body: { date: yesterday, minutes: 240, description: 'Night' } })).status).toBe(201);
    // An edit counts the day without the entry it changes.
    expect((await t.call('PATCH', `${base}/${morning.id}`, { token: sam.token, body: { minutes: 601 } })).json.error.code).toBe('day_full');
    expect((await t.call('PATCH', `${base}/${morning.id}`, { token: sam.token, body: { minutes: 500 } })).status).toBe(200);
    expect((await t.call('GET', base, { token: sam.token })).json.totalMinutes).toBe(1440 + 500 + 600 + 240);
  });
});

describe('the payment record, on an injected clock', () => {
  it('fixed at acceptance, due at completion, overdue 14 days later with one reminder to both, then recorded paid', async () => {
    const { id, erin, sam, stranger, now } = await planned();
    const base = `/api/projects/${id}/payment`;
    const payment = async (token = sam.token) => (await t.call('GET', base, { token })).json.payment;
    expect(await payment()).toMatchObject({ amount: 50000, currency: 'USD', state: 'agreed', standing: 'agreed', dueAt: null, paid: null });
    expect((await t.call('GET', base, { token: stranger.token })).status).toBe(404);
    const early = await t.call('POST', `${base}/paid`, { token: erin.token, body: { reference: 'TX-1' } });
    expect([early.status, early.json.error.code]).toEqual([409, 'payment_not_due']);

    await t.post(`/api/projects/${id}/submit`, sam.token);
    await t.post(`/api/projects/${id}/complete`, erin.token, { rating: { skills: { sql: 5 }, wouldWorkAgain: true } });
    // Sam reviews at once, so the only reminder here is the fee's.
    await t.reviewAsStudent(id, sam.token);
    const due = await payment();
    expect([due.state, due.standing, Date.parse(due.dueAt)]).toEqual(['due', 'due', now]);
    // Only the employer records it paid, only the student received.
    expect((await t.call('POST', `${base}/paid`, { token: sam.token, body: { reference: 'TX-1' } })).status).toBe(403);
    expect((await t.call('POST', `${base}/received`, { token: erin.token })).status).toBe(403);

    await moveClock(now + 14 * DAY - 60_000, [erin, sam]);
    expect(await t.runReminders()).toBe(0);
    expect((await payment()).standing).toBe('due');
    await moveClock(now + 14 * DAY + 60_000, [erin, sam]);
    expect((await payment()).standing).toBe('overdue');
    expect(await t.runReminders()).toBe(1);
    expect(await t.runReminders()).toBe(0);
    await t.restart();
    expect(await t.runReminders()).toBe(0);
    for (const person of [erin, sam]) expect((await kinds(person.token)).filter((k) => k === 'payment_overdue')).toHaveLength(1);

    const paid = (await t.post(`${base}/paid`, erin.token, { reference: 'Wise TX 4471' })).payment;
    expect([paid.state, paid.standing, paid.paid.reference, paid.paid.by.id]).toEqual(['paid', 'paid', 'Wise TX 4471', erin.id]);
    expect(await kinds(sam.token)).toContain('payment_recorded');
    const twice = await t.call('POST', `${base}/received`, { token: sam.token });
    expect([twice.status, twice.json.error.code]).toEqual([409, 'already_paid']);
  });

  it('a cancelled project owes nothing; paid before the reminder, no reminder', async () => {
    const cancelled = await planned();
    await t.post(`/api/projects/${cancelled.id}/cancel`, cancelled.erin.token);
    expect((await t.call('GET', `/api/projects/${cancelled.id}/payment`, { token: cancelled.sam.token })).json.payment.state).toBe('cancelled');

    const { id, erin, sam, now } = await planned();
    await t.post(`/api/projects/${id}/submit`, sam.token);
    await t.post(`/api/projects/${id}/complete`, erin.token, { rating: { skills: { sql: 5 }, wouldWorkAgain: true } });
    await t.reviewAsStudent(id, sam.token);
    await t.post(`/api/projects/${id}/payment/received`, sam.token);
    await moveClock(now + 15 * DAY, [erin, sam]);
    expect(await t.runReminders()).toBe(0);
    expect(await kinds(erin.token)).toContain('payment_recorded');
  });
});
