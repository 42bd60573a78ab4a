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
    await ws.reviewAsStudent();
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

  it('Erin revokes an item issued in error from the project page, with a reason; its page says revoked (desktop and 375 px); Sam sees it revoked and it leaves his public portfolio', async () => {
    const ws = await setupWorkspace(fixture.server.url);
    await ws.post(`/api/projects/${ws.projectId}/submit`, ws.student.token);
    await ws.post(`/api/projects/${ws.projectId}/complete`, ws.employer.token, { rating: { skills: { writing: 3 }, wouldWorkAgain: false } });
    await ws.reviewAsStudent();
    const { item } = await ws.post(`/api/projects/${ws.projectId}/portfolio`, ws.student.token);
    await ws.post('/api/me/handle', ws.student.token, { handle: `sam-${item.id.slice(0, 6)}` });

    const { page, context } = await signedInPage(browser, fixture.server.url, ws.employer.email, 'integration password');
    await page.goto(`/projects/${ws.projectId}`);
    await page.getByRole('button', { name: 'Revoke credential…' }).click();
    await page.getByLabel('Why is it revoked?').fill('Issued for the wrong student account');
    await screenshot(page, 'revoke-dialog');
    await page.getByRole('button', { name: 'Revoke credential', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Revoked on' }).waitFor();
    expect(await page.getByRole('button', { name: 'Revoke credential…' }).count()).toBe(0);

    await page.goto(`/p/${item.id}`);
    await page.getByText('✗ Not verified: revoked by the employer').waitFor();
    await page.getByText(/✗ Revoked by the employer on .*: Issued for the wrong student account/).waitFor();
    expect(await page.getByRole('link', { name: 'Add to LinkedIn' }).count()).toBe(0);
    await screenshot(page, 'portfolio-item-revoked');
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'portfolio-item-revoked-375');
    await context.close();

    const sam = await signedInPage(browser, fixture.server.url, ws.student.email, 'integration password');
    await sam.page.goto('/settings/portfolio');
    await sam.page.getByText('Revoked by the employer').waitFor();
    await screenshot(sam.page, 'portfolio-settings-revoked');
    await sam.context.close();
    const publicPortfolio = await ws.api.call('GET', `/api/users/sam-${item.id.slice(0, 6)}/portfolio`);
    expect(publicPortfolio.json.items).toEqual([]);
  }, 60_000);
});
