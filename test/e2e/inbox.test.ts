import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInPage } from '../support/browser.ts';
import { useWorkspaceServer } from '../support/workspace-server.ts';

const fixture = useWorkspaceServer();
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('the bell', () => {
  it('the employer requests changes: the student’s bell, already open elsewhere, shows 1 within a second; clicking it opens the timeline entry with the message', async () => {
    const { ws } = fixture;
    // Start from an empty inbox (accepting Sam already told him).
    expect((await ws.api.call('POST', '/api/me/notifications/read', { token: ws.student.token, body: {} })).status).toBe(204);
    const { page, context } = await signedInPage(browser, fixture.server.url, ws.student.email, 'integration password');
    await page.goto('/');
    const bell = page.getByRole('button', { name: /^Notifications/ });
    await bell.waitFor();
    expect(await bell.getAttribute('aria-label')).toBe('Notifications');
    await page.waitForTimeout(300); // the stream is open and has said 0

    expect((await ws.api.call('POST', `/api/projects/${ws.projectId}/submit`, { token: ws.student.token })).status).toBe(200);
    const message = 'Name the three segments and add one quote for each.';
    const sent = Date.now();
    expect((await ws.api.call('POST', `/api/projects/${ws.projectId}/request-changes`, { token: ws.employer.token, body: { message } })).status).toBe(200);
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 1000, interval: 25 }).toBe('Notifications, 1 unread');
    console.log(`[inbox e2e] the bell showed 1 unread ${Date.now() - sent} ms after the request for changes was answered`);

    await bell.click();
    const inbox = page.getByRole('region', { name: 'Notifications' });
    const item = inbox.getByRole('listitem').first();
    await expect.poll(() => item.innerText()).toContain('Erin Employer requested changes');
    expect(await item.innerText()).toContain(message);
    await screenshot(page, 'inbox');
    await item.getByRole('link').click();
    await page.waitForURL(/\/projects\/\w+#event-\d+$/);
    const entry = page.locator('.activity li.is-target');
    await entry.waitFor();
    expect(await entry.innerText()).toContain('Changes requested');
    expect(await entry.innerText()).toContain(message);
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/^event-\d+$/);
    await screenshot(page, 'inbox-opened-entry');
    // Read now: the count is gone, here and after a reload.
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications');
    await page.reload();
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();

    // Each kind can be sent elsewhere: the settings page, reached from the inbox.
    await page.getByRole('button', { name: 'Notifications', exact: true }).click();
    await page.getByRole('link', { name: 'Choose what you hear about' }).click();
    await page.getByLabel('Changes are requested').selectOption('digest');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const prefs = await ws.api.call('GET', '/api/me/notification-prefs', { token: ws.student.token });
    expect(prefs.json.prefs.find((p: { kind: string }) => p.kind === 'changes_requested').channel).toBe('digest');
    await screenshot(page, 'notification-settings');
    await context.close();
  }, 90_000);

  it('fits a 375 px screen', async () => {
    const { ws } = fixture;
    const { page, context } = await signedInPage(browser, fixture.server.url, ws.employer.email, 'integration password', { width: 375, height: 760 });
    await page.goto('/');
    await page.getByRole('button', { name: /^Notifications/ }).click();
    const inbox = page.getByRole('region', { name: 'Notifications' });
    await inbox.waitFor();
    const box = (await inbox.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'inbox-375px');
    await context.close();
  });

  it('the mentor sets when check-ins are due on the Check-ins tab; the student sees the next one, live', async () => {
    const { ws } = fixture;
    const student = await signedInPage(browser, fixture.server.url, ws.student.email, 'integration password');
    await student.page.goto(`/projects/${ws.projectId}/checkins`);
    const mentor = await signedInPage(browser, fixture.server.url, ws.mentor.email, 'integration password');
    await mentor.page.goto(`/projects/${ws.projectId}/checkins`);
    const due = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    await mentor.page.getByRole('form', { name: 'Add a check-in due date' }).getByLabel('Due date').fill(due);
    await mentor.page.getByRole('button', { name: 'Add due date' }).click();
    await mentor.page.locator(`[data-checkin-due="${due}"]`).waitFor();
    const shown = new Date(`${due}T12:00:00Z`).toLocaleDateString('en-US', { dateStyle: 'medium' });
    await student.page.getByText(`Next check-in due ${shown}`).waitFor({ timeout: 2000 });
    expect(await student.page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    await screenshot(mentor.page, 'checkin-due-dates');
    await student.context.close();
    await mentor.context.close();
  });

  it('@ in the feedback offers the project’s people; the student (who can’t read it yet) is refused with why; picking the mentor tells her', async () => {
    const { ws } = fixture;
    const employer = await signedInPage(browser, fixture.server.url, ws.employer.email, 'integration password');
    const e = employer.page;
    await e.goto(`/projects/${ws.projectId}/feedback`);
    await e.locator('[data-connection="live"], [data-connection="saved"]').waitFor({ timeout: 15_000 });
    await e.locator('.ProseMirror').first().click();
    await e.keyboard.press('Control+End');
    await e.keyboard.type('Quotes need checking, @');
    const menu = e.getByRole('listbox', { name: 'Mention someone' });
    await menu.waitFor();
    expect(await menu.getByRole('option').allInnerTexts()).toEqual(['Maya Mentor', 'Vic Viewer', 'Sam Student']);
    await e.keyboard.type('Sam');
    await e.keyboard.press('Enter');
    expect(await e.locator('.mention-menu').getByRole('alert').innerText()).toBe("Sam Student can't read the feedback, so they can't be mentioned here.");
    await screenshot(e, 'mention-refused');
    for (let i = 0; i < 3; i++) await e.keyboard.press('Backspace');
    await e.keyboard.type('Maya');
    await e.keyboard.press('Enter');
    await e.locator('.ProseMirror .mention', { hasText: '@Maya Mentor' }).waitFor();
    await e.locator('[data-connection="saved"]').waitFor();
    await expect
      .poll(async () => (await ws.api.call('GET', '/api/me/notifications', { token: ws.mentor.token })).json.notifications.map((n: { kind: string }) => n.kind))
      .toContain('mentioned');
    const rendered = await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/feedback`, { token: ws.employer.token });
    expect(rendered.json.text).toContain('Quotes need checking, @Maya Mentor');

    // A comment can mention too, with the same menu and the same refusal.
    const mentionsOf = async () =>
      (await ws.api.call('GET', '/api/me/notifications', { token: ws.mentor.token })).json.notifications.filter((n: { kind: string }) => n.kind === 'mentioned')
        .length;
    const before = await mentionsOf();
    await e.locator('.ProseMirror').first().click();
    await e.keyboard.press('Control+a');
    await e.keyboard.press('Control+Alt+KeyM');
    const dialog = e.locator('dialog[open]');
    await dialog.waitFor({ timeout: 3000 });
    await dialog.getByLabel('Your comment').pressSequentially('Check with @Sa');
    await e.keyboard.press('Enter');
    expect(await dialog.getByRole('alert').innerText()).toContain("Sam Student can't read the feedback");
    await dialog.getByLabel('Your comment').fill('Check with @');
    await dialog.getByLabel('Your comment').pressSequentially('Ma');
    await e.keyboard.press('Enter');
    expect(await dialog.getByLabel('Your comment').inputValue()).toBe('Check with @Maya Mentor ');
    await screenshot(e, 'mention-in-comment');
    await dialog.getByRole('button', { name: 'Comment' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(mentionsOf).toBe(before + 1);
    await employer.context.close();
  }, 90_000);
});
