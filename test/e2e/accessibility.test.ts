import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AxeProblem, accessibilityProblems } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { apiClient } from '../support/http-client.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';

// The demo the server seeds into its empty database: every kind of page has something on it.
const DEMO_PASSWORD = 'demo-demo-demo';
let browser: Browser;
let server: StintProcess;
const ids = { open: '', inProgress: '', completed: '', employer: '' };

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startStint()]);
  const api = apiClient(server.url);
  const login = await api.call('POST', '/api/auth/login', { body: { email: 'employer@demo.stint', password: DEMO_PASSWORD } });
  const mine = await api.call('GET', '/api/projects?mine=true', { token: login.json.token });
  const projects = mine.json.projects as Array<{ id: string; status: string; employer: { id: string } }>;
  ids.open = projects.find((p) => p.status === 'open')!.id;
  ids.inProgress = projects.find((p) => p.status === 'in_progress')!.id;
  ids.completed = projects.find((p) => p.status === 'completed')!.id;
  ids.employer = projects[0]!.employer.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

/** The pages each kind of visitor reaches, by path; a workspace page waits for its document. */
const PAGES = {
  'signed out': () => ['/', '/login', '/signup', '/board', `/projects/${ids.open}`, `/employers/${ids.employer}`],
  student: () => [
    '/',
    '/board',
    `/projects/${ids.inProgress}`,
    `/projects/${ids.inProgress}/deliverable`,
    `/projects/${ids.inProgress}/checkins`,
    `/projects/${ids.completed}`,
    '/settings/notifications',
    '/settings/portfolio',
  ],
  employer: () => [
    '/',
    '/projects/new',
    `/projects/${ids.open}`,
    `/projects/${ids.inProgress}/brief`,
    `/projects/${ids.inProgress}/feedback`,
    '/settings/organisation',
  ],
} as const;
const ACCOUNTS = { student: 'student@demo.stint', employer: 'employer@demo.stint' } as const;

async function settled(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.locator('main h1').first().waitFor();
  if (/\/projects\/[^/]+\/\w+$/.test(path) && !path.endsWith('/new')) {
    await page.locator('[data-connection="live"], [data-connection="saved"]').waitFor({ timeout: 15_000 });
  }
  await page.locator('main [role="status"]', { hasText: /^Loading/ }).waitFor({ state: 'detached' });
}

describe('accessibility (axe-core, WCAG 2.0–2.2 A/AA)', () => {
  for (const width of [1280, 375]) {
    it(`no serious or critical problem on any page, signed out, as a student and as an employer (${width} px)`, async () => {
      const found: Array<{ where: string } & AxeProblem> = [];
      for (const [who, paths] of Object.entries(PAGES)) {
        const context = await browser.newContext({ baseURL: server.url, viewport: { width, height: width > 400 ? 800 : 812 } });
        const page = await context.newPage();
        const account = ACCOUNTS[who as keyof typeof ACCOUNTS];
        if (account) {
          await page.goto('/login');
          await page.getByLabel('Email').fill(account);
          await page.getByLabel('Password').fill(DEMO_PASSWORD);
          await page.getByRole('button', { name: 'Log in' }).click();
          await page.waitForURL((url) => !url.pathname.startsWith('/login'));
        }
        for (const path of paths()) {
          await settled(page, path);
          for (const problem of await accessibilityProblems(page)) found.push({ where: `${who} ${path}`, ...problem });
        }
        await context.close();
      }
      const nodes = found.reduce((n, p) => n + p.nodes.length, 0);
      const report = found.map((p) => `${p.where}: ${p.rule} (${p.impact}) × ${p.nodes.length}: ${p.nodes.slice(0, 3).join(' | ')} — ${p.summary}`);
      console.log(`axe-core at ${width} px: ${nodes} serious/critical nodes\n${report.join('\n')}`);
      expect(report).toEqual([]);
    });
  }
});
