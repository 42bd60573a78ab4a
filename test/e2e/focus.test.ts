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

const activeElement = () => {
  const el = document.activeElement;
  return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('aria-label') ? `[${el.getAttribute('aria-label')}]` : ''}` : 'none';
};

describe('focus and the keyboard', () => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 375, height: 812 },
  ]) {
    it(`after signing in and after the skip link, focus is on the page's content; Escape closes the inbox back to the bell (${viewport.width} px)`, async () => {
      const { context, page } = await signedInPage(browser, fixture.server.url, fixture.ws.student.email, 'integration password', viewport);
      // The URL changes before the new page has rendered: wait for the page itself.
      await page.getByRole('heading', { name: 'My projects' }).waitFor();
      await expect.poll(() => page.evaluate(activeElement)).toBe('main#main');
      // Tab from there reaches the page's own controls, not the header's.
      await page.locator('main a, main button').first().waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => `${document.activeElement?.outerHTML.slice(0, 80)} ${Boolean(document.activeElement?.closest('main'))}`)).toMatch(
        / true$/,
      );

      // The skip link: the first Tab on a fresh page, and Enter moves focus into the content.
      await page.goto('/board');
      await page.getByRole('button', { name: /^Notifications/ }).waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(activeElement)).toBe('main#main');

      // The inbox: opened from the bell, closed with Escape, focus back on the bell.
      const bell = page.getByRole('button', { name: /^Notifications/ });
      await bell.focus();
      await page.keyboard.press('Enter');
      await page.locator('#inbox').waitFor();
      await screenshot(page, `focus-inbox-${viewport.width}px`);
      await page.keyboard.press('Escape');
      expect(await page.locator('#inbox').count()).toBe(0);
      expect(await page.evaluate(() => document.activeElement?.classList.contains('bell-button'))).toBe(true);
      await context.close();
    });
  }

  it('every page names itself in the tab title, not just "Stint"', async () => {
    const { context, page } = await signedInPage(browser, fixture.server.url, fixture.ws.student.email, 'integration password');
    await expect.poll(() => page.title()).toBe('My projects · Stint');
    await page.goto('/board');
    await expect.poll(() => page.title()).toBe('Open micro-internships · Stint');
    await page.goto(`/projects/${fixture.ws.projectId}`);
    await expect.poll(() => page.title()).toBe('Workspace under test · Stint');
    await page.goto(`/projects/${fixture.ws.projectId}/deliverable`);
    await expect.poll(() => page.title()).toBe('Deliverable · Workspace under test · Stint');
    await page.getByRole('link', { name: 'Brief' }).click();
    await expect.poll(() => page.title()).toBe('Brief · Workspace under test · Stint');
    await context.close();
  });
});
