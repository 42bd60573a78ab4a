import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from './test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-mail-'));
  t = await testApp({ mailDir: dir });
});
afterEach(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const emails = () => readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));

describe('the daily digest', () => {
  it('gathers a day of digest notifications into one email at the digest hour, once, across a restart', async () => {
    const employer = await t.signup('Erin');
    const mentor = await t.signup('Maya');
    const post = t.post;
    // Maya wants invitations in the digest, not at once.
    await post('/api/me/notification-prefs', mentor.token, { prefs: [{ kind: 'invited', channel: 'digest' }] });
    const day = Date.UTC(2026, 10, 27, 9);
    t.clock.now = day;
    for (const title of ['First study', 'Second study']) {
      const { project } = await post('/api/projects', employer.token, {
        title,
        summary: 'x',
        skills: ['x'],
        estimatedHours: 2,
        compensation: { amount: 100, currency: 'USD' },
      });
      await post(`/api/projects/${project.id}/members`, employer.token, { email: mentor.email, role: 'mentor' });
    }
    await t.runOutbox();
    expect(emails()).toEqual([]);
    // Both are in her inbox at once.
    expect((await t.call('GET', '/api/me/notifications', { token: mentor.token })).json.unread).toBe(2);

    t.clock.now = Date.UTC(2026, 10, 28, 7, 1);
    await t.runOutbox();
    await t.restart();
    await t.runOutbox();
    const sent = emails();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/Subject: 2 updates from Stint/);
    expect(sent[0]).toContain('First study');
    expect(sent[0]).toContain('Second study');
    expect(sent[0]).toContain(mentor.email);
  });
});
