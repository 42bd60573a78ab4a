import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openDocument, screenshot, signedInPage } from '../support/browser.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';
import { setupWorkspace } from '../support/workspace.ts';

let browser: Browser;
let server: StintProcess;
beforeAll(async () => {
  browser = await launchChromium();
  // One socket per document, so a second person makes it full.
  server = await startStint({ MAX_SOCKETS_PER_DOCUMENT: '1' });
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('a document full of people', () => {
  it('the next person is told "This document is full" (at 375 px too), keeps trying, and gets in once a seat frees up', async () => {
    const ws = await setupWorkspace(server.url);
    const path = `/projects/${ws.projectId}/deliverable`;
    const student = await openDocument(browser, server.url, ws.student.email, path);
    const mentor = await signedInPage(browser, server.url, ws.mentor.email, 'integration password', { width: 375, height: 800 });
    await mentor.page.goto(path);
    const badge = mentor.page.locator('[data-connection="crowded"]');
    await badge.waitFor({ timeout: 15_000 });
    expect(await badge.textContent()).toContain('This document is full');
    expect(await mentor.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(mentor.page, 'document-full-375');
    await student.context.close();
    await mentor.page.locator('[data-connection="live"], [data-connection="saved"]').waitFor({ timeout: 15_000 });
    await mentor.context.close();
  }, 60_000);
});
