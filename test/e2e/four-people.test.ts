/// <reference lib="dom" />
// The page-side recorder below runs in Chromium and uses its DOM.
import { REDIS_TEST_URL as REDIS_URL, redisSkipReason } from '@stint/collab/testing';
import { testDatabaseTargets } from '@stint/db/testing';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInPage } from '../support/browser.ts';
import { eventually } from '../support/collab-clients.ts';
import { apiClient } from '../support/http-client.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';
import { startTwoProcesses } from '../support/two-processes.ts';

const PASSWORD = 'integration password';
const postgres = (await testDatabaseTargets()).find((t) => t.dialect === 'postgres')!;
const severalSkip = postgres.skipReason ?? (await redisSkipReason(REDIS_URL));
if (severalSkip) console.warn(`[four people, two processes] skipped: ${severalSkip}.`);

let browser: Browser;
const cleanups: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await browser?.close();
});

/** Two sites: where the employer and the student work, and where the mentor and the other applicant do. */
interface Sites {
  a: string;
  b: string;
}

/** Records, in the page, every state the connection badge shows and whether the editor then held `marker`. */
async function recordBadge(page: Page, marker: string) {
  await page.evaluate((needle) => {
    const seen: Array<{ connection: string; holds: boolean }> = [];
    (window as unknown as { badgeStates: typeof seen }).badgeStates = seen;
    const note = () => {
      const badge = document.querySelector('[data-connection]');
      const editor = document.querySelector('.ProseMirror');
      if (badge) seen.push({ connection: badge.getAttribute('data-connection') ?? '', holds: (editor?.textContent ?? '').includes(needle) });
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    note();
  }, marker);
}
const badgeStates = (page: Page) => page.evaluate(() => (window as unknown as { badgeStates: Array<{ connection: string; holds: boolean }> }).badgeStates);

async function walk({ a, b }: Sites, label: string) {
  const api = { a: apiClient(a), b: apiClient(b) };
  const tag = Math.random().toString(36).slice(2, 8);
  const employer = await api.a.signup('Erin Employer', `erin-${tag}@four.test`, 'employer');
  const mentor = await api.b.signup('Maya Mentor', `maya-${tag}@four.test`, 'mentor');
  const student = await api.a.signup('Sam Student', `sam-${tag}@four.test`);
  const other = await api.b.signup('Priya Applicant', `priya-${tag}@four.test`);
  const post = async (client: ReturnType<typeof apiClient>, path: string, token: string, body?: unknown) => {
    const res = await client.call('POST', path, { token, body });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json;
  };
  const { project } = await post(api.a, '/api/projects', employer.token, {
    title: `Interview synthesis ${tag}`,
    summary: 'Turn twelve customer interviews into themes.',
    skills: ['research', 'writing'],
    estimatedHours: 10,
    compensation: { amount: 40000, currency: 'USD' },
  });
  const id = project.id as string;
  await post(api.a, `/api/projects/${id}/publish`, employer.token);
  await post(api.a, `/api/projects/${id}/members`, employer.token, { email: mentor.email, role: 'mentor' });
  await post(api.a, `/api/projects/${id}/applications`, student.token, { pitch: 'I ran twenty interviews last term.' });
  await post(api.b, `/api/projects/${id}/applications`, other.token, { pitch: 'I love synthesis.' });

  const open = async (site: string, email: string, path: string, beforeOpen?: (page: Page) => Promise<void>) => {
    const { context, page } = await signedInPage(browser, site, email, PASSWORD);
    cleanups.push(() => context.close());
    await beforeOpen?.(page);
    await page.goto(path);
    return page;
  };

  // The employer accepts Sam in the UI; Priya, on the other site, finds her application declined.
  const e = await open(a, employer.email, `/projects/${id}`);
  e.on('dialog', (d) => void d.accept());
  await e.getByRole('button', { name: 'Accept Sam Student' }).click();
  await e.getByText('In progress', { exact: true }).first().waitFor();
  const p = await open(b, other.email, '/');
  await p
    .locator('.card', { hasText: `Interview synthesis ${tag}` })
    .getByText('Declined')
    .waitFor();

  // Sam writes; Maya (other site) sees it live. Maya's socket goes through a switch the test holds.
  const s = await open(a, student.email, `/projects/${id}/deliverable`);
  await s.locator('[data-connection="live"], [data-connection="saved"]').waitFor({ timeout: 15_000 });
  await s.locator('.ProseMirror').first().click();
  await s.keyboard.type('Theme one: trust in the numbers.');
  await s.locator('[data-connection="saved"]').waitFor();
  let reachable = true;
  const sockets = new Set<WebSocketRoute>();
  const m = await open(b, mentor.email, `/projects/${id}/deliverable`, (page) =>
    page.routeWebSocket(/\/collab\//, (ws) => {
      if (!reachable) return void ws.close({ code: 1000, reason: 'offline' });
      sockets.add(ws);
      ws.connectToServer();
    }),
  );
  await expect.poll(() => m.locator('.ProseMirror').first().innerText(), { timeout: 15_000 }).toContain('Theme one');
  await recordBadge(m, 'LATE-EDIT');

  // Maya loses the network and keeps typing; meanwhile Sam submits.
  reachable = false;
  for (const ws of sockets) await ws.close({ code: 1000, reason: 'offline' });
  await m.locator('[data-connection="offline"]').waitFor({ timeout: 15_000 });
  await m.locator('.ProseMirror').first().click();
  await m.keyboard.press('Control+End');
  await m.keyboard.type(' LATE-EDIT');
  await m.waitForTimeout(300); // y-indexeddb writes asynchronously

  await s.getByRole('button', { name: 'Submit for review' }).click();
  const submitted = Date.now();
  await s.locator('dialog[open]').getByRole('button', { name: 'Submit for review' }).click();
  await e.getByRole('button', { name: 'Request changes' }).waitFor({ timeout: 2000 });
  const employerSaw = Date.now() - submitted;
  await expect.poll(() => s.locator('.ProseMirror').first().getAttribute('aria-readonly'), { timeout: 2000 }).toBe('true');

  // Maya is back: the server refuses what she typed after the submit, and she is told so.
  reachable = true;
  const notSaved = m.getByRole('alert', { name: 'Not saved' });
  await notSaved.waitFor({ timeout: 15_000 });
  expect(await notSaved.getByLabel('Your unsaved text').inputValue()).toContain('LATE-EDIT');
  await expect.poll(() => m.locator('.statusbar .status').innerText(), { timeout: 5000 }).toBe('In review');
  // The copy was dropped: the editor shows what is saved, from the server, read-only.
  await expect.poll(() => m.locator('.ProseMirror').first().innerText(), { timeout: 5000 }).toBe('Theme one: trust in the numbers.');
  await m.locator('[data-connection="live"]').waitFor();
  expect(await m.locator('.ProseMirror').first().getAttribute('aria-readonly')).toBe('true');
  await screenshot(m, `four-people-${label}-mentor-not-saved`);
  const shown = await badgeStates(m);
  expect(shown.filter((x) => x.holds && (x.connection === 'live' || x.connection === 'saved'))).toEqual([]);
  // Never "Offline" for the refusal: from the moment the network was back, no offline badge.
  const back = shown.findLastIndex((x) => x.connection === 'offline');
  expect(shown.slice(back + 1).some((x) => x.connection === 'live')).toBe(true);

  // Erin sends the work back with a message; Sam sees it where he works.
  const message = `Add a direct quote per theme (${label}).`;
  await e.getByRole('button', { name: 'Request changes' }).click();
  await e.locator('dialog[open]').getByLabel('What should change?').fill(message);
  await e.locator('dialog[open]').getByRole('button', { name: 'Request changes' }).click();
  // Said through the page's live region (a screen reader hears it), and kept in view above the editor, folded.
  await expect.poll(() => s.locator('[data-announcer]').innerText(), { timeout: 2000 }).toContain(message);
  const banner = s.getByRole('group', { name: 'Changes requested' });
  await banner.locator('summary').click();
  expect(await banner.innerText()).toContain(message);

  // Maya reloads and resyncs with the right to write again: the refused text never comes back.
  await m.reload();
  await m.locator('[data-connection="live"], [data-connection="saved"]').waitFor({ timeout: 15_000 });
  await expect.poll(() => m.locator('.ProseMirror').first().getAttribute('aria-readonly')).toBe('false');
  await m.waitForTimeout(500);
  expect(await m.locator('.ProseMirror').first().innerText()).not.toContain('LATE-EDIT');
  for (const site of [a, b]) {
    const res = await apiClient(site).call('GET', `/api/projects/${id}/docs/deliverable`, { token: employer.token });
    expect(res.json.text).toContain('Theme one');
    expect(res.json.text).not.toContain('LATE-EDIT');
  }
  // And her typing now is live for Sam.
  await m.locator('.ProseMirror').first().click();
  await m.keyboard.press('Control+End');
  await m.keyboard.type(' Mentor note.');
  await eventually(async () => expect(await s.locator('.ProseMirror').first().innerText()).toContain('Mentor note.'));
  console.log(`[four people, ${label}] the employer was offered Request changes ${employerSaw} ms after the submit was confirmed`);
}

describe('four people, four browsers, one micro-internship', () => {
  it('on one process: a submit reaches every page at once, a refused edit is told and never merged, the request-changes message reaches the student', async () => {
    const server: StintProcess = await startStint();
    cleanups.push(() => server.dispose());
    await walk({ a: server.url, b: server.url }, 'one-process');
  }, 120_000);

  it.skipIf(severalSkip !== null)(
    'the same with the parties on two server processes over Postgres and Redis',
    async () => {
      const { a, b } = await startTwoProcesses(REDIS_URL, cleanups);
      await walk({ a: a.url, b: b.url }, 'two-processes');
    },
    120_000,
  );
});
