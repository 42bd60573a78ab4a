import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expectAccessible } from './axe.ts';

export const ARTIFACTS = resolve(import.meta.dirname, '../../test-results');

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  email: string,
  password: string,
  viewport = { width: 1280, height: 860 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { context, page };
}

/** Signed in (with the test workspace's password) on a document of a project, once its socket is up. */
export async function openDocument(browser: Browser, baseUrl: string, email: string, path: string, width = 1280) {
  const opened = await signedInPage(browser, baseUrl, email, 'integration password', { width, height: 900 });
  await opened.page.goto(path);
  await opened.page.locator('[data-connection="live"], [data-connection="saved"]').waitFor({ timeout: 15_000 });
  return opened;
}

/**
 * A full-page picture in test-results/, taken where a test stops to look; axe-core looks too, and
 * a serious or critical problem on the page as it is fails the test (`axe: false` for a page
 * that is not ours, such as an export opened from disk).
 */
export async function screenshot(page: Page, name: string, options: { axe?: boolean } = {}): Promise<string> {
  if (options.axe !== false) await expectAccessible(page, name);
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The student gives their review on the project page's Outcome: `score` on every 1–5 question, "Yes" to working with them again. */
export async function giveReview(page: Page, score = 5, comment?: string): Promise<void> {
  const form = page.getByRole('form', { name: /^Review working with/ });
  await form.waitFor();
  for (const group of await form.locator('fieldset.score').all()) {
    const legend = await group.locator('legend').innerText();
    await group.getByRole('radio', { name: legend.startsWith('Would you') ? 'Yes' : String(score), exact: true }).check();
  }
  if (comment) await form.getByLabel(/Anything to add/).fill(comment);
  await form.getByRole('button', { name: 'Give my review' }).click();
}
