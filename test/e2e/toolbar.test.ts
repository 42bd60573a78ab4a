/// <reference lib="dom" />
// The computed-style check below runs in Chromium.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium, openDocument, screenshot, signedInPage } from '../support/browser.ts';
import { eventually } from '../support/collab-clients.ts';
import { useWorkspaceServer } from '../support/workspace-server.ts';

const fixture = useWorkspaceServer();
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('the formatting toolbar', () => {
  it('the student builds a deliverable with the toolbar alone (heading, list, a 3×3 table, a code block); the mentor sees each live; the server renders them', async () => {
    const { ws } = fixture;
    const open = (email: string, width?: number) => openDocument(browser, fixture.server.url, email, `/projects/${ws.projectId}/deliverable`, width);
    const student = await open(ws.student.email);
    const mentor = await open(ws.mentor.email);
    const s = student.page;
    const toolbar = s.getByRole('toolbar', { name: 'Formatting' });
    await toolbar.waitFor();
    expect(await s.getByText('Start writing, or use the toolbar').count()).toBe(1);
    const tool = (name: string) => toolbar.getByRole('button', { name, exact: true });
    const mentorSees = (selector: string, text?: string) =>
      mentor.page
        .locator(`.ProseMirror ${selector}`, text ? { hasText: text } : {})
        .first()
        .waitFor({ timeout: 5000 });

    await s.locator('.ProseMirror').first().click();
    await tool('Heading 2, H2').click();
    expect(await tool('Heading 2, H2').getAttribute('aria-pressed')).toBe('true');
    await s.keyboard.type('Findings');
    await mentorSees('h2', 'Findings');
    await s.keyboard.press('Enter');
    await tool('Bulleted list').click();
    await s.keyboard.type('Trials stall at the import step');
    await s.keyboard.press('Enter');
    await s.keyboard.type('Pricing page is read last');
    await mentorSees('ul li', 'Pricing page is read last');
    await s.keyboard.press('Enter');
    await s.keyboard.press('Enter');
    // A code block in SQL, highlighted.
    await tool('Code block').click();
    await s.getByLabel('Code language').selectOption('sql');
    await s.locator('.ProseMirror pre').click();
    await s.keyboard.type('select segment, count(*) from trials group by 1;');
    await mentorSees('pre code', 'group by 1');
    await s.locator('.ProseMirror pre .hljs-keyword').first().waitFor();
    // Out of the code block (three Enters end it), a 3×3 table with a header row.
    await s.keyboard.press('Enter');
    await s.keyboard.press('Enter');
    await s.keyboard.press('Enter');
    await tool('Insert a table').click();
    await s.keyboard.type('Segment');
    await s.keyboard.press('Tab');
    await s.keyboard.type('Trials');
    await s.keyboard.press('Tab');
    await s.keyboard.type('Churn');
    await mentorSees('th', 'Churn');
    expect(await s.locator('.ProseMirror table tr').count()).toBe(3);
    expect(await s.locator('.ProseMirror table tr').first().locator('th').count()).toBe(3);
    // The table tools appear inside a table: add a row below the header, then delete it again.
    await tool('Add a row below, + row').click();
    expect(await s.locator('.ProseMirror table tr').count()).toBe(4);
    await s.keyboard.press('ArrowDown');
    await tool('Delete this row, − row').click();
    expect(await s.locator('.ProseMirror table tr').count()).toBe(3);
    expect(await s.locator('.ProseMirror table th').allInnerTexts()).toEqual(['Segment', 'Trials', 'Churn']);
    await mentorSees('table');
    // A link, through its popover: add, then change.
    await s.locator('.ProseMirror li', { hasText: 'Pricing page' }).click();
    await s.keyboard.press('End');
    await s.keyboard.press('Shift+Home');
    expect(await s.evaluate(() => window.getSelection()?.toString())).toBe('Pricing page is read last');
    await tool('Link').click();
    const popover = s.getByRole('form', { name: 'Link' });
    await popover.getByLabel('Link address').fill('https://example.com/pricing');
    await popover.getByRole('button', { name: 'Add link' }).click();
    await mentor.page.locator('.ProseMirror a[href="https://example.com/pricing"]').waitFor({ timeout: 5000 });
    expect(await tool('Link').getAttribute('aria-pressed')).toBe('true');
    // Roving focus: one tab stop, arrows move.
    await tool('Bold').focus();
    await s.keyboard.press('ArrowRight');
    expect(await s.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Italic');
    expect(await toolbar.locator('button[tabindex="0"]').count()).toBe(1);
    await s.locator('[data-connection="saved"]').waitFor();
    await screenshot(s, 'toolbar');

    // Nobody was refused: the schema the server checks is the one the toolbar writes.
    expect(await s.getByRole('alert', { name: 'Not saved' }).count()).toBe(0);
    await eventually(async () => {
      const rendered = await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/deliverable`, { token: ws.employer.token });
      expect(rendered.json.html).toContain('<h2>Findings</h2>');
      expect(rendered.json.html, rendered.json.html).toContain('<th');
      expect(rendered.json.text).toContain('group by 1');
    });
    // Printed (Save as PDF): the document alone, no app chrome or tools.
    await s.emulateMedia({ media: 'print' });
    for (const chrome of ['.topbar', '.editor-toolbar', '.sidebar', '.statusbar', '.tabs'])
      expect(
        await s
          .locator(chrome)
          .first()
          .evaluate((el) => getComputedStyle(el).display),
        chrome,
      ).toBe('none');
    const pdf = join(ARTIFACTS, 'deliverable-print.pdf');
    await s.pdf({ path: pdf, format: 'A4', printBackground: true });
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdf, join(ARTIFACTS, 'deliverable-print')]);
    expect(existsSync(join(ARTIFACTS, 'deliverable-print.png'))).toBe(true);
    await s.emulateMedia({ media: 'screen' });

    const markdown = await ws.api.call('GET', `/api/projects/${ws.projectId}/export?format=md`, { token: ws.employer.token });
    expect(markdown.json?.unparsed ?? '').toMatch(/\| Segment \| Trials \| Churn \|/);
    // The deliverable as Word, with the same structure.
    const word = await fetch(`${fixture.server.url}/api/projects/${ws.projectId}/export?format=docx`, {
      headers: { authorization: `Bearer ${ws.employer.token}` },
    });
    expect(word.status).toBe(200);
    expect(word.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const docxFile = join(ARTIFACTS, 'deliverable.docx');
    writeFileSync(docxFile, Buffer.from(await word.arrayBuffer()));
    const xml = execFileSync('unzip', ['-p', docxFile, 'word/document.xml']).toString('utf8');
    for (const text of ['Findings', 'Pricing page is read last', 'group by 1', 'Segment', 'Churn']) expect(xml, text).toContain(text);
    expect(xml).toContain('<w:tbl>');
    // A reader gets no toolbar.
    const employer = await signedInPage(browser, fixture.server.url, ws.employer.email, 'integration password');
    await employer.page.goto(`/projects/${ws.projectId}/deliverable`);
    await employer.page.locator('.ProseMirror table').waitFor();
    expect(await employer.page.getByRole('toolbar', { name: 'Formatting' }).count()).toBe(0);
    await employer.context.close();
    await student.context.close();
    await mentor.context.close();
  }, 90_000);
});
