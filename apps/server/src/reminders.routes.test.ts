import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endOfDay } from '@stint/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from './test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let mailDir: string;
beforeEach(async () => {
  mailDir = mkdtempSync(join(tmpdir(), 'stint-mail-'));
  t = await testApp({ mailDir });
});
afterEach(async () => {
  await t.close();
  rmSync(mailDir, { recursive: true, force: true });
});
const emails = () => readdirSync(mailDir).map((f) => readFileSync(join(mailDir, f), 'utf8'));

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const MINUTE = 60_000;

async function projectInProgress(dueDate: string) {
  return { ...(await t.projectInProgress({ dueDate })), post: t.post };
}

const kinds = (token: string) => t.notificationKinds(token);

describe('reminders, on an injected clock', () => {
  it('a check-in due in two days: "due tomorrow" once, "overdue" once, each surviving a restart without repeating', async () => {
    const { id, employer, student, post } = await projectInProgress(day(6));
    const checkin = day(2);
    expect((await post(`/api/projects/${id}/checkin-dates`, employer.token, { dates: [checkin] })).dates).toEqual([checkin]);

    t.clock.now = endOfDay(checkin) - 2 * 86_400_000 - MINUTE;
    expect(await t.runReminders()).toBe(0);
    t.clock.now += 2 * MINUTE;
    expect(await t.runReminders()).toBe(1);
    await t.restart();
    expect(await t.runReminders()).toBe(0);
    expect((await kinds(student.token)).filter((k) => k === 'checkin_due')).toHaveLength(1);
    const text = (await t.call('GET', '/api/me/notifications', { token: student.token })).json.notifications[0].text;
    expect(text).toBe(`A check-in on “Churn analysis” is due tomorrow (${checkin}).`);
    // And by email (the kind's default), sent by the outbox worker.
    await t.runOutbox();
    const reminder = emails().filter((m) => m.includes('is due tomorrow'));
    expect(reminder).toHaveLength(1);
    expect(reminder[0]).toContain(student.email);

    t.clock.now = endOfDay(checkin) + MINUTE;
    await t.restart();
    expect(await t.runReminders()).toBe(1);
    expect(await t.runReminders()).toBe(0);
    expect((await kinds(student.token)).filter((k) => k === 'checkin_overdue')).toHaveLength(1);
    // Not the employer's to hear (the student and mentor are reminded).
    expect(await kinds(employer.token)).not.toContain('checkin_overdue');
  });

  it('the project due in 48 hours and then overdue; a date moved moves its reminders; submitting cancels the overdue one', async () => {
    const { id, employer, student, post } = await projectInProgress(day(4));
    // Moving the check-in date replaces its reminders.
    await post(`/api/projects/${id}/checkin-dates`, employer.token, { dates: [day(1)] });
    await post(`/api/projects/${id}/checkin-dates`, employer.token, { dates: [day(3)] });
    const planned = await t.database.db.selectFrom('reminders').select(['kind', 'date']).where('project_id', '=', id).orderBy('fire_at').execute();
    expect(planned.map((r) => `${r.kind} ${r.date}`)).toEqual([
      `checkin_due ${day(3)}`,
      `project_due ${day(4)}`,
      `checkin_overdue ${day(3)}`,
      `project_overdue ${day(4)}`,
    ]);

    t.clock.now = endOfDay(day(4)) - 48 * 3600_000 + MINUTE;
    await t.runReminders();
    expect((await kinds(student.token)).filter((k) => k === 'project_due')).toHaveLength(1);
    expect((await kinds(employer.token)).filter((k) => k === 'project_due')).toHaveLength(1);

    await post(`/api/projects/${id}/submit`, student.token);
    t.clock.now = endOfDay(day(4)) + MINUTE;
    await t.restart();
    expect(await t.runReminders()).toBe(0);
    expect(await kinds(student.token)).not.toContain('project_overdue');
    expect(await kinds(employer.token)).not.toContain('project_overdue');
  });

  it('only the employer or mentor sets check-in dates', async () => {
    const { id, student } = await projectInProgress(day(6));
    const res = await t.call('POST', `/api/projects/${id}/checkin-dates`, { token: student.token, body: { dates: [day(2)] } });
    expect(res.status).toBe(403);
    expect(res.json.error.message).toMatch(/employer or the mentor/);
  });
});
