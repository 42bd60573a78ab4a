/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium, openDocument } from '../support/browser.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';
import { setupWorkspace } from '../support/workspace.ts';

let server: StintProcess;
let browser: Browser;
beforeAll(async () => {
  // The smallest limit a deployment may set, so the test pastes kilobytes, not megabytes.
  server = await startStint({ MAX_DOCUMENT_BYTES: String(64 * 1024) });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('a document at its size limit', () => {
  it('refuses the paste that would pass it with a sentence in the editor, keeps the text to copy, and still saves what fits and deletions', async () => {
    const ws = await setupWorkspace(server.url);
    const rendered = async () => (await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/deliverable`, { token: ws.employer.token })).json.text as string;
    const { page, context } = await openDocument(browser, server.url, ws.student.email, `/projects/${ws.projectId}/deliverable`);
    const paste = (text: string) =>
      page
        .locator('.ProseMirror')
        .first()
        .evaluate((editor, text) => {
          const data = new DataTransfer();
          data.setData('text/plain', text);
          editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        }, text);
    await page.locator('.ProseMirror').first().click();
    await page.keyboard.type('Survey notes. ');
    await paste(`${'First batch of answers. '.repeat(1500)}`);
    await page.locator('[data-connection="saved"]').waitFor();
    expect(await rendered()).toContain('First batch of answers.');

    await paste(`${'Second batch, too much. '.repeat(1500)}`);
    const panel = page.getByRole('alert', { name: 'Not saved' });
    await panel.waitFor({ timeout: 10_000 });
    expect(await panel.innerText()).toMatch(/this document is full\.[\s\S]*size limit \(64 KiB\)/);
    expect(await panel.getByLabel('Your unsaved text').inputValue()).toContain('Second batch, too much.');
    // What the editor shows again is what is saved: the first batch, without the second.
    await page.locator('[data-connection="live"], [data-connection="saved"]').waitFor({ timeout: 15_000 });
    await page.locator('.ProseMirror', { hasText: 'First batch of answers.' }).first().waitFor();
    expect(await page.locator('.ProseMirror').first().innerText()).not.toContain('Second batch');
    expect(await rendered()).not.toContain('Second batch');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'document-full.png') });
    await context.close();
  }, 60_000);
});
