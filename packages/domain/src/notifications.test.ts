import { describe, expect, it } from 'vitest';
import { notificationText, OUTBOX_RETRY, retryDelayMs } from './notifications.ts';

describe('email retries', () => {
  it('wait doubling from the first delay, capped, whatever first delay a deployment chose', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect([1, 2, 3].map((n) => retryDelayMs(n, 100))).toEqual([100, 200, 400]);
    expect(retryDelayMs(40)).toBe(OUTBOX_RETRY.maxDelayMs);
    expect(retryDelayMs(40, 100)).toBe(OUTBOX_RETRY.maxDelayMs);
  });
});

describe('what a notification says depends on who reads it', () => {
  it('the completion notice asks the student to review; the mentor is not addressed as a student', () => {
    const facts = { projectTitle: 'Churn analysis', actorName: 'Erin' };
    const student = notificationText('completed', { ...facts, recipientRole: 'student' });
    const mentor = notificationText('completed', { ...facts, recipientRole: 'mentor' });
    expect(student).toMatch(/review working with them/i);
    expect(mentor).not.toMatch(/Students|review working/i);
    expect(mentor).toBe('“Churn analysis” is completed and its feedback released.');
  });
});
