import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { giveReview, launchChromium, screenshot, signedInPage } from '../support/browser.ts';
import { apiClient } from '../support/http-client.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';

let server: StintProcess;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startStint(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const PASSWORD = 'integration password';

async function confirmDialog(page: Page, button: string, fill?: (dialog: ReturnType<Page['locator']>) => Promise<void>) {
  await page.getByRole('button', { name: button, exact: true }).first().click();
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor();
  await fill?.(dialog);
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('the whole micro-internship through the UI', () => {
  it('post, publish, apply, accept, check in, submit, request changes, submit, complete — then everything is read-only', async () => {
    const api = apiClient(server.url);
    await api.signup('Sam Student', 'sam@e2e.test');
    const student = await signedInPage(browser, server.url, 'sam@e2e.test', PASSWORD);
    const s = student.page;
    // A student is offered the board, not a form to post a project.
    await s.getByRole('link', { name: 'Find a micro-internship' }).waitFor();
    expect(await s.getByRole('link', { name: 'Post a project' }).count()).toBe(0);

    // The employer signs up as one.
    const employerContext = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 860 } });
    const e = await employerContext.newPage();
    await e.goto('/signup');
    await e.getByLabel('Your name').fill('Erin Employer');
    await e.getByLabel('Email').fill('erin@e2e.test');
    await e.getByLabel('Password').fill(PASSWORD);
    await e.getByLabel('An employer posting projects').check();
    await screenshot(e, 'signup-account-type');
    await e.getByRole('button', { name: 'Sign up' }).click();
    await e.waitForURL((url) => !url.pathname.startsWith('/signup'));
    e.on('dialog', (d) => void d.accept());

    // Post and publish.
    await e.getByRole('link', { name: 'Post a project' }).click();
    await e.getByLabel('Title').fill('Audit our signup funnel');
    await e.getByLabel('What is the work?').fill('Find where people drop off and why.');
    await e.getByLabel('Skills (comma separated)').fill('analytics, writing');
    await e.getByLabel('Due date').fill(new Date(Date.now() + 27 * 86_400_000).toISOString().slice(0, 10));
    await e.getByRole('button', { name: 'Save draft' }).click();
    await e.getByRole('heading', { name: 'Audit our signup funnel' }).waitFor();
    const projectUrl = new URL(e.url()).pathname;
    await confirmDialog(e, 'Publish');
    await e.getByText('Open', { exact: true }).first().waitFor();

    // The student finds it on the board and applies.
    await s.goto('/board?skill=analytics');
    await s.getByRole('link', { name: 'Audit our signup funnel' }).click();
    await s.getByLabel('Your pitch: why you, in a few sentences').fill('I did funnel analysis for a campus startup.');
    await s.getByRole('button', { name: 'Apply' }).click();
    await s.getByText('Application sent').waitFor();

    // The employer accepts.
    await e.reload();
    await e.getByRole('button', { name: 'Accept Sam Student' }).click();
    await e.getByText('In progress', { exact: true }).first().waitFor();

    // The student checks in.
    await s.goto(`${projectUrl}/checkins`);
    await s.getByLabel('Date', { exact: true }).fill('2026-11-25');
    await s.getByRole('combobox', { name: /^Status/ }).selectOption('at_risk');
    await s.getByLabel('Note', { exact: true }).fill('Event data has gaps before March.');
    await s.getByRole('button', { name: 'Add check-in' }).click();
    await s.locator('circle[data-status="at_risk"]').waitFor();
    await s.locator('[data-connection="saved"]').waitFor();
    await screenshot(s, 'checkin-timeline');

    // Submit, request changes, submit again, complete with a rating.
    await confirmDialog(s, 'Submit for review');
    await s.getByText('In review', { exact: true }).first().waitFor();
    await e.goto(`${projectUrl}/deliverable`);
    await confirmDialog(e, 'Request changes', (d) => d.getByLabel('What should change?').fill('Add the March cohort.'));
    await e.getByText('In progress', { exact: true }).first().waitFor();
    await s.reload();
    await confirmDialog(s, 'Submit for review');
    await e.reload();
    await confirmDialog(e, 'Complete', async (d) => {
      // Nothing is pre-ticked for the employer, and an empty Feedback tab is pointed out.
      expect(await d.getByLabel('I would work with this student again').isChecked()).toBe(false);
      await d.getByRole('alert').filter({ hasText: 'Feedback tab is still empty' }).waitFor();
      // The employer is told the rating stays hidden until the student has reviewed them.
      await d.getByText(/Reviews are blind: the student sees your rating once they have reviewed working with you/).waitFor();
      await d.getByLabel('I would work with this student again').check();
      await d.getByLabel('Rating for analytics').selectOption('5');
      await d.getByLabel('Rating for writing').selectOption('4');
    });
    await e.getByText('Completed', { exact: true }).first().waitFor();

    // Every editor is read-only now, for the student too, and says so.
    for (const kind of ['brief', 'deliverable', 'feedback']) {
      await s.goto(`${projectUrl}/${kind}`);
      await s.locator('.ProseMirror').first().waitFor();
      await expect.poll(() => s.locator('.ProseMirror').first().getAttribute('aria-readonly')).toBe('true');
      expect(await s.getByRole('note').innerText()).toMatch(/completed/i);
    }
    await s.goto(`${projectUrl}/checkins`);
    expect(await s.getByRole('button', { name: 'Add check-in' }).count()).toBe(0);

    // Reviews are blind: the student reviews the employer before seeing the rating, then turns the
    // work into a portfolio item; a stranger opens it signed out and sees it verified.
    await s.goto(projectUrl);
    await s.getByText('Reviews are blind').waitFor();
    expect(await s.getByRole('button', { name: 'Create portfolio item' }).count()).toBe(0);
    await giveReview(s, 4);
    await s.getByRole('img', { name: '5 of 5' }).first().waitFor();
    await s.getByRole('button', { name: 'Create portfolio item' }).click();
    const link = s.getByRole('link', { name: /\/p\/\w+$/ });
    await link.waitFor();
    const publicUrl = (await link.getAttribute('href'))!;
    await screenshot(s, 'outcome');
    const stranger = await browser.newContext({ baseURL: server.url });
    const visitor = await stranger.newPage();
    await visitor.goto(new URL(publicUrl).pathname);
    await visitor.getByText('✓ Verified').waitFor();
    expect(await visitor.getByRole('heading', { name: 'Sam Student' }).count()).toBe(1);
    await screenshot(visitor, 'portfolio-public');
    await stranger.close();

    const events = await api.call('GET', `/api/projects/${projectUrl.split('/').pop()}`, {
      token: (await api.call('POST', '/api/auth/login', { body: { email: 'erin@e2e.test', password: PASSWORD } })).json.token,
    });
    expect(events.json.project.status).toBe('archived');
    await employerContext.close();
    await student.context.close();
  }, 120_000);

  it('shows the board as a new visitor sees it', async () => {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto('/board');
    await page.getByRole('heading', { name: 'Open micro-internships' }).waitFor();
    await page.getByText('Clean up the Q3 sales dataset').waitFor();
    await screenshot(page, 'board');
    await context.close();
  });

  it('at / a signed-out visitor reads what Stint is and finds the board and sign-in', async () => {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Short, paid projects, done together.' }).waitFor();
    expect(
      await page
        .getByText(/micro-internships/)
        .first()
        .isVisible(),
    ).toBe(true);
    await page.getByRole('link', { name: 'Browse open projects' }).click();
    await page.getByRole('heading', { name: 'Open micro-internships' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/board');
    await page.goto('/');
    await screenshot(page, 'landing-375');
    // Nothing wider than the screen: the board, and an open project's page.
    await page.goto('/board');
    await page.getByText('Clean up the Q3 sales dataset').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.getByText('Clean up the Q3 sales dataset').click();
    await page.getByRole('heading', { name: 'Clean up the Q3 sales dataset' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'project-375');
    await context.close();
  });
});
