import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInPage } from '../support/browser.ts';
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

describe('applications as the people involved see them', () => {
  for (const [email, viewport] of [
    ['student@demo.stint', { width: 1280, height: 800 }],
    ['priya@demo.stint', { width: 375, height: 812 }],
  ] as const) {
    it(`the board marks the card the reader has applied to; signed out, nothing is marked (${viewport.width} px)`, async () => {
      const { context, page } = await signedInPage(browser, server.url, email, 'demo-demo-demo', viewport);
      await page.goto('/board');
      const card = page.locator('article.project-card', { has: page.getByRole('link', { name: 'Clean up the Q3 sales dataset' }) });
      await card.locator('[data-application="pending"]').waitFor();
      expect(await card.locator('[data-application]').innerText()).toBe('Applied');
      expect(await page.locator('article.project-card [data-application]').count()).toBe(1);
      await screenshot(page, `board-applied-${viewport.width}px`);
      // The offer itself, formatted, on the project's page: what an applicant decides on.
      await card.getByRole('link', { name: 'Clean up the Q3 sales dataset' }).click();
      const brief = page.getByRole('region', { name: 'The brief' });
      await brief.getByRole('heading', { name: 'What we need' }).waitFor();
      expect(await brief.locator('li').count()).toBe(4);
      await screenshot(page, `offer-brief-${viewport.width}px`);
      await context.close();
      // Signed out, the same card has no mark: it is the reader's, not the project's.
      const visitor = await browser.newContext({ baseURL: server.url, viewport });
      const board = await visitor.newPage();
      await board.goto('/board');
      await board.getByRole('link', { name: 'Clean up the Q3 sales dataset' }).waitFor();
      expect(await board.locator('[data-application]').count()).toBe(0);
      await visitor.close();
    });
  }

  it('an applicant writes a profile the employer reads with her application; the employer declines with a message; the applicant reads it on their page, where a pending one can be withdrawn', async () => {
    // Priya writes her profile on a phone.
    const priya = await signedInPage(browser, server.url, 'priya@demo.stint', 'demo-demo-demo', { width: 375, height: 800 });
    const p = priya.page;
    await p.goto('/settings/portfolio');
    const profile = p.getByRole('form', { name: 'Your profile' });
    await profile.getByLabel('About you').fill('Economics student who loves a tidy spreadsheet.');
    await profile.getByLabel(/^Skills/).fill('Excel, SQL');
    await profile.getByLabel(/^Links/).fill('https://example.org/priya');
    await profile.getByRole('button', { name: 'Save profile' }).click();
    await profile.getByRole('status').getByText('Saved.').waitFor();
    await screenshot(p, 'profile-375');

    // The demo: one open project with applications from the demo student (whose profile the demo wrote) and from Priya.
    const employer = await signedInPage(browser, server.url, 'employer@demo.stint', 'demo-demo-demo');
    const e = employer.page;
    await e.goto('/');
    await e.getByRole('link', { name: 'Clean up the Q3 sales dataset' }).first().click();
    const card = (name: string) => e.locator('section[aria-labelledby="applications"] li.card', { hasText: name });
    await card('Priya Nair').getByText('Economics student who loves a tidy spreadsheet.').waitFor();
    expect(await card('Priya Nair').getByRole('list', { name: 'Their skills' }).innerText()).toMatch(/excel\s+sql/);
    expect(await card('Priya Nair').getByRole('link', { name: 'example.org/priya' }).getAttribute('href')).toBe('https://example.org/priya');
    await card('Sam Rivera')
      .getByText(/Third-year statistics student/)
      .waitFor();
    await screenshot(e, 'applications-with-profiles');
    await e.getByRole('button', { name: 'Decline Priya Nair' }).click();
    await e.getByLabel('A message for them (optional)').fill('We picked someone with pandas experience this time — please apply again!');
    await e.getByRole('dialog').getByRole('button', { name: 'Decline' }).click();
    await e.getByText('Your message: We picked someone with pandas experience this time — please apply again!').waitFor();

    await p.goto('/');
    const mine = p.getByRole('region', { name: 'Your applications' }).or(p.locator('section[aria-labelledby="my-applications"]'));
    await mine.getByText('Declined').waitFor();
    expect(await mine.innerText()).toContain('please apply again');
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(p, 'applications-applicant-375');

    // The demo student's application is still pending: they can withdraw it.
    const student = await signedInPage(browser, server.url, 'student@demo.stint', 'demo-demo-demo');
    const s = student.page;
    s.on('dialog', (d) => void d.accept());
    await s.goto('/');
    const theirs = s.locator('section[aria-labelledby="my-applications"]');
    await theirs.getByText('Waiting for the employer').waitFor();
    await theirs.getByRole('button', { name: 'Withdraw' }).click();
    await theirs.getByText('Withdrawn').waitFor();
  });
});
