import { describe, expect, it } from 'vitest';
import { checkinPosted, endOfDay, plannedReminders } from './reminders.ts';

describe('reminders', () => {
  it('a project in progress with a due date and two check-ins: the day-before and the overdue of each', () => {
    const planned = plannedReminders({ status: 'in_progress', dueDate: '2026-12-20' }, ['2026-12-05', '2026-12-12']);
    expect(planned.map((p) => `${p.kind} ${p.date} ${new Date(p.fireAt).toISOString()}`)).toEqual([
      'project_due 2026-12-20 2026-12-19T00:00:00.000Z',
      'project_overdue 2026-12-20 2026-12-21T00:00:00.000Z',
      'checkin_due 2026-12-05 2026-12-04T00:00:00.000Z',
      'checkin_overdue 2026-12-05 2026-12-06T00:00:00.000Z',
      'checkin_due 2026-12-12 2026-12-11T00:00:00.000Z',
      'checkin_overdue 2026-12-12 2026-12-13T00:00:00.000Z',
    ]);
    expect(endOfDay('2026-12-20') - planned[0]!.fireAt).toBe(48 * 3600_000);
  });

  it('none once the work is submitted, finished or not yet started', () => {
    for (const status of ['draft', 'open', 'in_review', 'completed', 'archived', 'cancelled'] as const)
      expect(plannedReminders({ status, dueDate: '2026-12-20' }, ['2026-12-05'])).toEqual([]);
  });

  it('a check-in counts for the due date it falls before, after the previous one', () => {
    const dates = ['2026-12-05', '2026-12-12'];
    expect(checkinPosted('2026-12-05', dates, ['2026-12-01'])).toBe(true);
    expect(checkinPosted('2026-12-12', dates, ['2026-12-01'])).toBe(false);
    expect(checkinPosted('2026-12-12', dates, ['2026-12-05'])).toBe(false);
    expect(checkinPosted('2026-12-12', dates, ['2026-12-06'])).toBe(true);
    expect(checkinPosted('2026-12-12', dates, ['2026-12-13'])).toBe(false);
  });
});
