import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInPage } from '../support/browser.ts';
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

const LIVE_MS = 3000;

describe('what applicants see moves without a reload', () => {
  it('the employer accepts Ada: Ada’s and Ben’s dashboards and Cy’s open project page follow within 3 s; applying is not offered twice', {
    timeout: 60_000,
  }, async () => {
    const api = apiClient(server.url);
    const tag = Math.random().toString(36).slice(2, 8);
    const erin = await api.signup('Erin Employer', `erin-${tag}@example.test`, 'employer');
    const student = (n: string) => api.signup(`${n} Student`, `${n.toLowerCase()}-${tag}@example.test`);
    const [ada, ben, cy] = await Promise.all([student('Ada'), student('Ben'), student('Cy')]);
    const created = await api.call('POST', '/api/projects', {
      token: erin.token,
      body: {
        title: `Label the support tickets ${tag}`,
        summary: 'Tag 500 tickets by theme.',
        skills: ['taxonomy'],
        estimatedHours: 6,
        compensation: { amount: 20000, currency: 'USD' },
      },
    });
    const id = created.json.project.id as string;
    await api.call('POST', `/api/projects/${id}/publish`, { token: erin.token, body: {} });
    const adaApp = (await api.call('POST', `/api/projects/${id}/applications`, { token: ada.token, body: { pitch: 'I have done this before.' } })).json
      .application;
    await api.call('POST', `/api/projects/${id}/applications`, { token: ben.token, body: { pitch: 'Me, please.' } });

    // Cy applies in the browser, reloads: the page says where the application stands, not "Apply" again.
    const cyPage = (await signedInPage(browser, server.url, cy.email, 'integration password')).page;
    await cyPage.goto(`/projects/${id}`);
    await cyPage.getByLabel(/Your pitch/).fill('Taxonomies are my thing.');
    await cyPage.getByRole('button', { name: 'Apply' }).click();
    await cyPage.getByText('Application sent').waitFor();
    await cyPage.reload();
    await cyPage.getByText('Application sent').waitFor();
    expect(await cyPage.getByRole('button', { name: 'Apply' }).count()).toBe(0);
    await cyPage.getByRole('button', { name: 'Withdraw' }).waitFor();

    const adaPage = (await signedInPage(browser, server.url, ada.email, 'integration password')).page;
    const benPage = (await signedInPage(browser, server.url, ben.email, 'integration password', { width: 375, height: 812 })).page;
    for (const p of [adaPage, benPage]) {
      await p.goto('/');
      await p.locator('section[aria-labelledby="my-applications"]').getByText('Waiting for the employer').waitFor();
    }

    const accepted = await api.call('POST', `/api/projects/${id}/applications/${adaApp.id}/accept`, { token: erin.token, body: {} });
    expect(accepted.status).toBe(200);

    // No reloads from here on.
    const bens = benPage.locator('section[aria-labelledby="my-applications"]');
    await bens.getByText('Declined').waitFor({ timeout: LIVE_MS });
    expect(await bens.getByRole('button', { name: 'Withdraw' }).count()).toBe(0);
    await adaPage.locator('section[aria-labelledby="my-applications"]').getByText('Accepted').waitFor({ timeout: LIVE_MS });
    await adaPage.getByRole('heading', { name: 'Your internships' }).waitFor({ timeout: LIVE_MS });
    await cyPage.getByText('Your application was declined.').waitFor({ timeout: LIVE_MS });
    expect(await cyPage.getByRole('button', { name: 'Withdraw' }).count()).toBe(0);
    await screenshot(benPage, 'live-lists-declined-375');

    // The declined applicant follows the link in their list to the project, which is still theirs to see.
    await bens.getByRole('link', { name: `Label the support tickets ${tag}` }).click();
    await benPage.getByText('Your application was declined.').waitFor();
    expect(await benPage.getByText('There is no project with that id').count()).toBe(0);
    expect(await benPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});
