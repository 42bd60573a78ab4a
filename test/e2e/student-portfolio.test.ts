import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInPage } from '../support/browser.ts';
import { setupWorkspace } from '../support/workspace.ts';
import { useWorkspaceServer } from '../support/workspace-server.ts';

const fixture = useWorkspaceServer();
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe("a student's public portfolio", () => {
  it('Sam chooses a handle from the header’s Portfolio page; /u/<handle> lists the item with its skills and rating and links to its verified page; at 375 px too', async () => {
    const ws = await setupWorkspace(fixture.server.url);
    await ws.post(`/api/projects/${ws.projectId}/submit`, ws.student.token);
    await ws.post(`/api/projects/${ws.projectId}/complete`, ws.employer.token, { rating: { skills: { writing: 5 }, wouldWorkAgain: true } });
    const { item } = await ws.post(`/api/projects/${ws.projectId}/portfolio`, ws.student.token);
    const handle = `sam-${item.id.slice(0, 6)}`;

    const { page, context } = await signedInPage(browser, fixture.server.url, ws.student.email, 'integration password');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio' }).click();
    await page.getByRole('heading', { name: 'Your portfolio' }).waitFor();
    await page.getByLabel('Handle').fill(handle.toUpperCase());
    await page.getByRole('button', { name: 'Choose handle' }).click();
    await page.getByText('Saved.').waitFor();
    const link = page.getByRole('link', { name: new RegExp(`/u/${handle}$`) });
    expect(await link.getAttribute('href')).toBe(`/u/${handle}`);

    await page.goto(`/u/${handle}`);
    await page.getByRole('heading', { name: 'Sam Student' }).waitFor();
    expect(await page.getByRole('link', { name: 'Workspace under test' }).getAttribute('href')).toBe(`/p/${item.id}`);
    expect(await page.locator('.stars').getAttribute('aria-label')).toBe('5 of 5');
    await screenshot(page, 'student-portfolio');
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'student-portfolio-375');
    await page.getByRole('link', { name: 'View and verify →' }).click();
    await page.getByText('✓ Verified').waitFor();
    await page.getByText('What was checked').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'portfolio-item-375');
    await context.close();
  }, 60_000);
});
