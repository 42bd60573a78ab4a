import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openDocument, screenshot } from '../support/browser.ts';
import { useWorkspaceServer } from '../support/workspace-server.ts';

const fixture = useWorkspaceServer();
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** The document's words, without the other people's carets drawn inside it. */
const wordsIn = (page: Page) =>
  page
    .locator('.ProseMirror')
    .first()
    .evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.collaboration-carets__caret, .ProseMirror-separator').forEach((caret) => {
        caret.remove();
      });
      return copy.textContent ?? '';
    });

describe('suggesting', () => {
  it('the employer suggests a sentence and a deletion; the student sees both live, accepts one, rejects the other; the portfolio item credits the employer’s accepted words', async () => {
    const { ws } = fixture;
    const path = `/projects/${ws.projectId}/deliverable`;
    const student = await openDocument(browser, fixture.server.url, ws.student.email, path);
    const s = student.page;
    await s.locator('.ProseMirror').first().click();
    await s.keyboard.type('Churn is seasonal. Retention matters most.');
    await s.locator('[data-connection="saved"]').waitFor();
    // Sam's caret waits at the start, away from where Erin will type.
    await s.keyboard.press('Control+Home');

    // The employer may only suggest in the deliverable while the work is under way.
    const employer = await openDocument(browser, fixture.server.url, ws.employer.email, path);
    const e = employer.page;
    await e.getByRole('note').filter({ hasText: 'Suggesting.' }).waitFor();
    const editor = e.locator('.ProseMirror').first();
    await expect.poll(() => editor.innerText()).toContain('Retention matters most.');
    await editor.click();
    // Select a passage of the text as a person would with the mouse (a DOM selection the editor follows).
    const select = (word: string, collapseToEnd = false) =>
      e.evaluate(
        ({ word, collapseToEnd }) => {
          const root = document.querySelector('.ProseMirror')!;
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.textContent!.lastIndexOf(word);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, collapseToEnd ? at + word.length : at);
            range.setEnd(node, at + word.length);
            getSelection()!.removeAllRanges();
            getSelection()!.addRange(range);
            return;
          }
          throw new Error(`no "${word}" in the editor`);
        },
        { word, collapseToEnd },
      );
    // Propose deleting "most", then a sentence after the first.
    await select('most');
    await e.waitForTimeout(100);
    await e.keyboard.press('Delete');
    await select('seasonal.', true);
    await e.waitForTimeout(100);
    await e.keyboard.type(' Especially in Q1.');
    await editor.locator('del.suggestion', { hasText: 'most' }).waitFor();
    await editor.locator('ins.suggestion', { hasText: 'Especially in Q1.' }).waitFor();
    // Moving about is fine; formatting is not a suggestion, and the caret says so.
    await e.keyboard.press('Control+Home');
    expect(await e.locator('.caret-note').count()).toBe(0);
    await e.keyboard.press('Control+b');
    await e.locator('.caret-note', { hasText: 'Other changes aren’t suggestions' }).waitFor();
    await e.locator('[data-connection="saved"]').waitFor();
    await screenshot(e, 'suggestions-employer');

    // The student sees both, live, beside the comments, with who proposed them.
    const panel = s.getByRole('region', { name: /^Suggestions/ });
    await panel.getByText('Add “ Especially in Q1.”').waitFor({ timeout: 5000 });
    await panel.getByText('Delete “most”').waitFor();
    expect(await panel.innerText()).toContain('Erin Employer');
    await screenshot(s, 'suggestions-student');
    // Exported to Word while open, they are tracked changes by their suggester.
    const word = await fetch(`${fixture.server.url}/api/projects/${ws.projectId}/export?format=docx`, {
      headers: { authorization: `Bearer ${ws.student.token}` },
    });
    const dir = mkdtempSync(join(tmpdir(), 'stint-suggested-'));
    writeFileSync(join(dir, 'd.docx'), Buffer.from(await word.arrayBuffer()));
    const xml = execFileSync('unzip', ['-p', join(dir, 'd.docx'), 'word/document.xml']).toString('utf8');
    rmSync(dir, { recursive: true, force: true });
    expect(xml).toMatch(/<w:ins [^>]*w:author="Erin Employer"/);
    expect(xml).toMatch(/<w:del [^>]*w:author="Erin Employer"/);
    await panel.getByRole('button', { name: 'Accept: Add “ Especially in Q1.”' }).click();
    await panel.getByRole('button', { name: 'Reject: Delete “most”' }).click();
    await expect.poll(() => panel.count()).toBe(0);
    const studentEditor = s.locator('.ProseMirror').first();
    await expect.poll(() => wordsIn(s)).toBe('Churn is seasonal. Especially in Q1. Retention matters most.');
    expect(await studentEditor.locator('ins, del').count()).toBe(0);
    // And on the employer's side, live.
    await expect.poll(() => wordsIn(e)).toBe('Churn is seasonal. Especially in Q1. Retention matters most.');
    await s.locator('[data-connection="saved"]').waitFor();
    await employer.context.close();
    await student.context.close();

    // Through to the portfolio item: the words accepted count as the employer's.
    await ws.post(`/api/projects/${ws.projectId}/submit`, ws.student.token);
    await ws.post(`/api/projects/${ws.projectId}/complete`, ws.employer.token, { rating: { skills: { writing: 5 }, wouldWorkAgain: true } });
    await ws.reviewAsStudent();
    const { item } = await ws.post(`/api/projects/${ws.projectId}/portfolio`, ws.student.token);
    const credential = (await ws.api.call('GET', `/api/portfolio/${item.id}`)).json;
    const shares = credential.credentialSubject.stint.contribution as Array<{ name: string; role: string; share: number }>;
    const employerShare = shares.find((c) => c.role === 'employer')?.share ?? 0;
    const text = 'Churn is seasonal. Especially in Q1. Retention matters most.';
    // " Especially in Q1." of the whole text, give or take rounding.
    expect(employerShare).toBeCloseTo(' Especially in Q1.'.length / text.length, 1);
    expect(shares.find((c) => c.role === 'student')?.share).toBeGreaterThan(0.6);
  }, 60_000);
});
