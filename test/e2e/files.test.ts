/// <reference lib="dom" />

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium, openDocument, screenshot } from '../support/browser.ts';
import { eventually } from '../support/collab-clients.ts';
import { barChartPng } from '../support/png.ts';
import { useWorkspaceServer } from '../support/workspace-server.ts';

const fixture = useWorkspaceServer();
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const CSV = 'segment,trials,churn\nSMB,1200,0.31\nMid-market,340,0.22\nEnterprise,58,0.09\n';
const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** Hands the editor files as a person would: pasted from the clipboard, or dropped onto the text. */
async function give(page: Page, how: 'paste' | 'drop', file: { name: string; type: string; base64: string }) {
  await page
    .locator('.ProseMirror')
    .first()
    .evaluate(
      (editor, { how, file }) => {
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], file.name, { type: file.type }));
        if (how === 'paste') {
          editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        } else {
          const box = editor.getBoundingClientRect();
          const at = { clientX: box.left + 20, clientY: box.bottom - 10, dataTransfer: data, bubbles: true, cancelable: true };
          editor.dispatchEvent(new DragEvent('dragover', at));
          editor.dispatchEvent(new DragEvent('drop', at));
        }
      },
      { how, file },
    );
}

describe('files in the deliverable', () => {
  it('the student pastes an image and drops a CSV; the mentor sees both live; the employer downloads the CSV byte for byte; a refused file says why', async () => {
    const { ws } = fixture;
    const open = (email: string, width?: number) => openDocument(browser, fixture.server.url, email, `/projects/${ws.projectId}/deliverable`, width);
    const student = await open(ws.student.email);
    const mentor = await open(ws.mentor.email);
    const s = student.page;
    await s.locator('.ProseMirror').first().click();
    await s.keyboard.type('Churn by segment, with the data attached.');

    const png = barChartPng();
    await give(s, 'paste', { name: 'churn-chart.png', type: 'image/png', base64: png.toString('base64') });
    const image = mentor.page.locator('.ProseMirror img[src^="/api/"]');
    await image.waitFor({ timeout: 10_000 });
    const src = await image.getAttribute('src');
    expect(src).toMatch(/^\/api\/projects\/[^/]+\/files\/[^/]+$/);
    // The mentor's browser loaded it: a real image with the size it was made at.
    await eventually(async () => expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(240));

    await give(s, 'drop', { name: 'churn by segment.csv', type: 'text/csv', base64: Buffer.from(CSV).toString('base64') });
    const attachment = mentor.page.locator('.ProseMirror a.attachment');
    await attachment.waitFor({ timeout: 10_000 });
    expect(await attachment.innerText()).toMatch(/churn by segment\.csv · 74 B/);

    // A file that can't be uploaded: the reason, no placeholder left, nothing in the document.
    await s
      .getByRole('toolbar', { name: 'Formatting' })
      .locator('input[type=file]:not([accept])')
      .setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<!doctype html><script>alert(1)</script>') });
    const refusal = s.getByRole('alert').filter({ hasText: 'page.html wasn’t added' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/HTML, SVG or XML/);
    await s.locator('[data-connection="saved"]').waitFor();
    await screenshot(s, 'files-student');
    await s.getByRole('button', { name: 'Dismiss' }).click();
    expect(await s.locator('.uploads').count()).toBe(0);
    expect(await s.locator('.ProseMirror a.attachment').count()).toBe(1);

    // The employer downloads the CSV from the document: the same bytes.
    const employer = await open(ws.employer.email);
    const download = employer.page.waitForEvent('download');
    await employer.page.locator('.ProseMirror a.attachment').click({ modifiers: ['Control'] });
    const saved = await (await download).path();
    expect(sha(readFileSync(saved))).toBe(sha(CSV));
    expect((await download).suggestedFilename()).toBe('churn by segment.csv');

    // The zip export holds the deliverable, the workspace and both files, byte for byte, linked.
    const zip = await fetch(`${fixture.server.url}/api/projects/${ws.projectId}/export?format=zip`, {
      headers: { authorization: `Bearer ${ws.employer.token}` },
    });
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const zipFile = join(ARTIFACTS, 'workspace.zip');
    writeFileSync(zipFile, Buffer.from(await zip.arrayBuffer()));
    const entry = (name: string) => execFileSync('unzip', ['-p', zipFile, name.replace(/[[\]*?]/g, '\\$&')]);
    expect(execFileSync('unzip', ['-Z1', zipFile]).toString().trim().split('\n').sort()).toEqual(
      ['SHA256SUMS', 'deliverable.md', 'files/churn by segment.csv', 'files/churn-chart.png', 'workspace.html', 'workspace.md'].sort(),
    );
    expect(sha(entry('files/churn by segment.csv'))).toBe(sha(CSV));
    expect(sha(entry('files/churn-chart.png'))).toBe(sha(png));
    expect(entry('SHA256SUMS').toString()).toContain(`${sha(CSV)}  files/churn by segment.csv`);
    expect(entry('deliverable.md').toString()).toContain('(<files/churn%20by%20segment.csv>)');
    expect(entry('workspace.html').toString()).toContain('src="files/churn-chart.png"');

    // The single-file HTML stands alone: saved to disk and opened there, its image shows.
    const html = await fetch(`${fixture.server.url}/api/projects/${ws.projectId}/export?format=html`, {
      headers: { authorization: `Bearer ${ws.employer.token}` },
    });
    const htmlFile = join(ARTIFACTS, 'workspace-standalone.html');
    writeFileSync(htmlFile, await html.text());
    const offline = await browser.newContext();
    const fromDisk = await offline.newPage();
    await fromDisk.goto(`file://${htmlFile}`);
    const widths = await fromDisk.locator('img').evaluateAll((images) =>
      Promise.all(
        (images as HTMLImageElement[]).map((img) =>
          img.decode().then(
            () => img.naturalWidth,
            () => img.naturalWidth,
          ),
        ),
      ),
    );
    expect(widths.length).toBeGreaterThan(0);
    expect(widths.every((w) => w > 0)).toBe(true);
    await screenshot(fromDisk, 'export-html-from-disk');
    await offline.close();
    // The Markdown can't hold images: it says so, and points where the zip has them.
    const markdown = await (
      await fetch(`${fixture.server.url}/api/projects/${ws.projectId}/export?format=md`, { headers: { authorization: `Bearer ${ws.employer.token}` } })
    ).text();
    expect(markdown).toMatch(/^> Images and files \(2\) are in this project's zip export/);
    expect(markdown).toContain('files/churn-chart.png');
    expect(markdown).not.toContain('/api/projects/');

    // At 375 px the image fits the column.
    const phone = await open(ws.student.email, 375);
    const box = await phone.page.locator('.ProseMirror img[src^="/api/"]').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(375);
    await screenshot(phone.page, 'files-375');
    for (const c of [student, mentor, employer, phone]) await c.context.close();
  }, 90_000);
});
