/// <reference lib="dom" />
// The page-side helpers below run in Chromium and use its DOM.
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

async function open(email: string, kind: string) {
  const { context, page } = await signedInPage(browser, fixture.server.url, email, 'integration password');
  await page.goto(`/projects/${fixture.ws.projectId}/${kind}`);
  await page.locator('[data-connection="live"], [data-connection="saved"]').waitFor({ timeout: 15_000 });
  return { context, page };
}

/** Selects `text` inside the editor the way a person dragging the mouse would. */
async function selectText(page: Page, text: string) {
  await page.evaluate((needle) => {
    const root = document.querySelector('.ProseMirror')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(needle);
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + needle.length);
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        return;
      }
    }
    throw new Error(`text not found: ${needle}`);
  }, text);
}

/** Selects `passage` and comments on it through the toolbar button and its dialog. */
async function commentOn(page: Page, passage: string, body: string) {
  await selectText(page, passage);
  await page.getByRole('button', { name: 'Comment on selection' }).click();
  const dialog = page.locator('dialog[open]');
  await dialog.getByLabel('Your comment').fill(body);
  await dialog.getByRole('button', { name: 'Comment' }).click();
}

describe('inline feedback in Chromium', () => {
  it('the employer comments on a passage of the deliverable; the student sees the highlight and thread live and replies; the employer resolves', async () => {
    const student = await open(fixture.ws.student.email, 'deliverable');
    await student.page.locator('.ProseMirror').first().click();
    await student.page.keyboard.type('We interviewed twelve customers across three segments.');
    await student.page.locator('[data-connection="saved"]').waitFor();

    const employer = await open(fixture.ws.employer.email, 'deliverable');
    await expect.poll(() => employer.page.locator('.ProseMirror').first().innerText()).toContain('twelve customers');
    await commentOn(employer.page, 'twelve customers', 'Which segments? Name them.');

    // Live on the student's side: the passage lights up and the thread appears.
    await student.page.locator('.comment-highlight', { hasText: 'twelve customers' }).waitFor({ timeout: 10_000 });
    const thread = student.page.locator('.thread', { hasText: 'Which segments? Name them.' });
    await thread.waitFor();
    await thread.getByPlaceholder('Reply').fill('SMB, mid-market and enterprise.');
    await thread.getByRole('button', { name: 'Reply' }).click();
    await employer.page.locator('.thread', { hasText: 'SMB, mid-market and enterprise.' }).waitFor({ timeout: 10_000 });
    await screenshot(student.page, 'comments');

    await employer.page.locator('.thread', { hasText: 'Which segments?' }).getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => student.page.locator('.thread', { hasText: 'Which segments?' }).count(), { timeout: 10_000 }).toBe(0);
    await student.page.getByRole('button', { name: 'Resolved' }).click();
    await student.page.locator('.thread', { hasText: 'Which segments?' }).waitFor();
    await student.context.close();
    await employer.context.close();
  });

  it('threads on the feedback (kept off the comments socket): the employer comments, the mentor sees it and replies, the employer sees the reply', async () => {
    const employer = await open(fixture.ws.employer.email, 'feedback');
    await employer.page.locator('.ProseMirror').first().click();
    await employer.page.keyboard.type('Clear research; the pricing section needs numbers.');
    await employer.page.locator('[data-connection="saved"]').waitFor();
    await commentOn(employer.page, 'pricing section', 'Too harsh? Let us discuss before release.');
    await employer.page.locator('.thread', { hasText: 'Too harsh?' }).waitFor({ timeout: 5_000 });

    const mentor = await open(fixture.ws.mentor.email, 'feedback');
    const thread = mentor.page.locator('.thread', { hasText: 'Too harsh?' });
    await thread.waitFor({ timeout: 10_000 });
    await mentor.page.locator('.comment-highlight', { hasText: 'pricing section' }).waitFor();
    await thread.getByPlaceholder('Reply').fill('Fine as is; add the numbers ask.');
    await thread.getByRole('button', { name: 'Reply' }).click();
    await thread.getByText('Fine as is; add the numbers ask.').waitFor({ timeout: 5_000 });
    await employer.page.locator('.thread', { hasText: 'Fine as is; add the numbers ask.' }).waitFor({ timeout: 10_000 });
    await screenshot(employer.page, 'feedback-comments');
    await mentor.context.close();
    await employer.context.close();
  });

  it('a commenter’s own highlight stays on the commented words after they type above them', async () => {
    const mentor = await open(fixture.ws.mentor.email, 'deliverable');
    const editor = mentor.page.locator('.ProseMirror').first();
    await editor.click();
    await mentor.page.keyboard.press('Control+End');
    await mentor.page.keyboard.press('Enter');
    await mentor.page.keyboard.type('Theme one is trust in the numbers.');
    await mentor.page.locator('[data-connection="saved"]').waitFor();
    // A selection of only spaces has nothing to anchor to.
    await selectText(mentor.page, ' ');
    await mentor.page.getByRole('button', { name: 'Comment on selection' }).click();
    await mentor.page.getByRole('alert').filter({ hasText: 'not just spaces' }).waitFor();
    await commentOn(mentor.page, 'one is', 'Say which customers.');
    // Focus moves to the new thread, so a keyboard user lands on what they just posted.
    await expect
      .poll(() => mentor.page.evaluate(() => (document.activeElement?.hasAttribute('data-thread') ? (document.activeElement.textContent ?? '') : '')))
      .toContain('Say which customers.');
    const highlight = mentor.page.locator('.comment-highlight').filter({ hasText: 'one' }).last();
    await expect.poll(() => highlight.innerText()).toBe('one is');
    // Type above the commented words, in the same document, as the commenter.
    await editor.click();
    await mentor.page.keyboard.press('Control+Home');
    await mentor.page.keyboard.type('NEW ');
    await mentor.page.locator('[data-connection="saved"]').waitFor();
    await expect.poll(() => mentor.page.locator('.comment-highlight', { hasText: 'one' }).last().innerText()).toBe('one is');
  });

  it('someone who may only suggest comments with the keyboard alone: Tab into the deliverable, select with Shift+arrows, Ctrl+Alt+M, type, send', async () => {
    const student = await open(fixture.ws.student.email, 'deliverable');
    await student.page.locator('.ProseMirror').first().click();
    await student.page.keyboard.press('Control+Home');
    await student.page.keyboard.type('Keyboard readers matter too.');
    await student.page.keyboard.press('Enter');
    await student.page.locator('[data-connection="saved"]').waitFor();

    const { page, context } = await open(fixture.ws.employer.email, 'deliverable');
    const editor = page.locator('.ProseMirror').first();
    // The employer suggests in the deliverable: the editor takes input, as proposals.
    await page.getByRole('note').filter({ hasText: 'Suggesting.' }).waitFor();
    await expect.poll(() => editor.innerText()).toContain('Keyboard readers matter too.');
    // Tab from the top of the page until the document itself has focus.
    const editorFocused = () => page.evaluate(() => document.activeElement?.classList.contains('ProseMirror') ?? false);
    for (let i = 0; i < 40 && !(await editorFocused()); i++) await page.keyboard.press('Tab');
    expect(await editorFocused()).toBe(true);
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 'Keyboard readers'.length; i++) await page.keyboard.press('Shift+ArrowRight');
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('Keyboard readers');
    await page.keyboard.press('Control+Alt+KeyM');
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    expect(await dialog.locator('blockquote').innerText()).toBe('“Keyboard readers”');
    await page.keyboard.type('Which readers? Name a tool.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.comment-highlight', { hasText: 'Keyboard readers' }).waitFor();
    // Nothing the reader pressed changed the document.
    expect(await editor.innerText()).toContain('Keyboard readers matter too.');
    expect(await page.getByRole('alert', { name: 'Not saved' }).count()).toBe(0);
    await context.close();
    await student.context.close();
  });
});
