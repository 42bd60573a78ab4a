import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInPage } from '../support/browser.ts';
import { useWorkspaceServer } from '../support/workspace-server.ts';

const fixture = useWorkspaceServer();
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const PASSWORD = 'integration password';

async function open(email: string, path: string) {
  const { page } = await signedInPage(browser, fixture.server.url, email, PASSWORD);
  await page.goto(path);
  return page;
}

const statusOf = (page: Page) => page.locator('.statusbar .status').innerText();

describe('open pages follow the project live', () => {
  it('the student submits: within a second the mentor’s editor is read-only with the reason and the employer is offered Request changes, without a reload', async () => {
    const { ws } = fixture;
    const mentor = await open(ws.mentor.email, `/projects/${ws.projectId}/deliverable`);
    const employer = await open(ws.employer.email, `/projects/${ws.projectId}`);
    const student = await open(ws.student.email, `/projects/${ws.projectId}/deliverable`);
    await mentor.locator('[data-connection="live"], [data-connection="saved"]').waitFor({ timeout: 15_000 });
    expect(await mentor.locator('.ProseMirror').first().getAttribute('aria-readonly')).toBe('false');
    expect(await employer.getByRole('button', { name: 'Request changes' }).count()).toBe(0);

    const submitted = Date.now();
    expect((await ws.api.call('POST', `/api/projects/${ws.projectId}/submit`, { token: ws.student.token })).status).toBe(200);
    await expect.poll(() => mentor.locator('.ProseMirror').first().getAttribute('aria-readonly'), { timeout: 2000, interval: 50 }).toBe('true');
    const readOnlyAfter = Date.now() - submitted;
    await expect.poll(() => statusOf(mentor), { timeout: 2000 }).toBe('In review');
    await employer.getByRole('button', { name: 'Request changes' }).waitFor({ timeout: 2000 });
    console.log(`[live e2e] mentor's editor read-only ${readOnlyAfter} ms after the submit answered`);
    // The reason, from the rights table: the deliverable stands still while it is reviewed.
    expect(await mentor.getByRole('note').first().innerText()).toMatch(/submitted and under review/i);
    // Typing there changes nothing, and says why where she typed.
    await mentor.locator('.ProseMirror').first().click();
    await mentor.keyboard.type('x');
    expect(await mentor.locator('.caret-note').innerText()).toMatch(/submitted and under review/i);
    await screenshot(mentor, 'live-mentor-after-submit');

    // The employer sends the work back with a message: the student sees it where they work.
    const message = 'Add two direct quotes per theme, and cut the intro to one paragraph.';
    expect((await ws.api.call('POST', `/api/projects/${ws.projectId}/request-changes`, { token: ws.employer.token, body: { message } })).status).toBe(200);
    // Said through the page's live region (a screen reader hears it), and kept in view above the editor, folded.
    await expect.poll(() => student.locator('[data-announcer]').innerText(), { timeout: 2000 }).toContain(message);
    const banner = student.getByRole('group', { name: 'Changes requested' });
    await banner.locator('summary').click();
    expect(await banner.innerText()).toContain(message);
    await expect.poll(() => student.locator('.ProseMirror').first().getAttribute('aria-readonly'), { timeout: 2000 }).toBe('false');
    await screenshot(student, 'live-student-changes-requested');
    // And the timeline on the project page has it, newest first.
    await employer.locator('.activity li').first().waitFor();
    await expect.poll(() => employer.locator('.activity li').first().innerText(), { timeout: 2000 }).toContain('Changes requested');
    expect(await employer.locator('.activity li').first().innerText()).toContain(message);
    await screenshot(employer, 'live-employer-timeline');
  });
});
