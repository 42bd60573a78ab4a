import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { giveReview, launchChromium, screenshot, signedInPage } from '../support/browser.ts';
import { apiClient } from '../support/http-client.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';

let browser: Browser;
let server: StintProcess;
beforeAll(async () => {
  browser = await launchChromium();
  server = await startStint();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const FINISHED_BRIEF = { summary: 'Done before.', skills: ['research'], estimatedHours: 5, compensation: { amount: 10000, currency: 'USD' } };
const milestone = (page: Page, title: string) => page.locator(`li.milestone[data-milestone="${title}"]`);

describe('milestones and hours, in the browser', () => {
  it('Erin plans two milestones; Sam logs 3 hours and finishes the first, Erin accepts it; Sam gets more time on the second', async () => {
    const api = apiClient(server.url);
    const tag = Math.random().toString(36).slice(2, 8);
    const erin = await api.signup('Erin Employer', `erin-${tag}@ms.test`, 'employer');
    const sam = await api.signup('Sam Student', `sam-${tag}@ms.test`);
    const post = async (path: string, token: string, body?: unknown) => {
      const res = await api.call('POST', path, { token, body });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.json)}`);
      return res.json;
    };
    const { project } = await post('/api/projects', erin.token, {
      title: 'Churn analysis',
      summary: 'Why do trial users leave?',
      skills: ['sql'],
      estimatedHours: 10,
      compensation: { amount: 50000, currency: 'USD' },
      dueDate: day(30),
    });
    const path = `/projects/${project.id}`;

    // Erin plans the brief's two milestones from the project page, while it is a draft.
    const employer = await signedInPage(browser, server.url, erin.email, 'integration password');
    await employer.page.goto(path);
    const add = employer.page.getByRole('form', { name: 'Add a milestone' });
    for (const [title, due] of [
      ['Data pulled and cleaned', day(7)],
      ['Findings report', day(14)],
    ] as const) {
      await add.getByLabel('Milestone').fill(title);
      await add.getByLabel('Due').fill(due);
      await add.getByRole('button', { name: 'Add milestone' }).click();
      await milestone(employer.page, title).waitFor();
    }
    await post(`/api/projects/${project.id}/publish`, erin.token);
    const { application } = await post(`/api/projects/${project.id}/applications`, sam.token, { pitch: 'I know SQL.' });
    await post(`/api/projects/${project.id}/applications/${application.id}/accept`, erin.token);

    // Sam logs three hours in two entries, and marks the first milestone done with a check-in.
    const student = await signedInPage(browser, server.url, sam.email, 'integration password');
    await student.page.goto(path);
    const log = student.page.getByRole('form', { name: 'Log time' });
    for (const [hours, minutes, what] of [
      ['2', '0', 'Pulled the trial data'],
      ['1', '0', 'Removed duplicates'],
    ] as const) {
      await log.getByLabel('Hours').fill(hours);
      await log.getByLabel('Minutes').fill(minutes);
      await log.getByLabel('What you did').fill(what);
      await log.getByRole('button', { name: 'Log time' }).click();
      await student.page.getByRole('cell', { name: what }).waitFor();
    }
    await student.page.locator('[data-total-minutes="180"]').waitFor();
    expect(await student.page.locator('#work-log').textContent()).toContain('3 h logged of 10 h estimated');

    const first = milestone(student.page, 'Data pulled and cleaned');
    await first.getByRole('button', { name: 'Mark done…' }).click();
    await first.getByLabel('Check-in: what is done, and where to look').fill('40k rows, deduplicated; the notebook is attached to the deliverable.');
    await first.getByRole('button', { name: 'Mark done', exact: true }).click();
    await student.page.locator('li.milestone[data-milestone="Data pulled and cleaned"][data-standing="awaiting_review"]').waitFor();

    // Erin sees it waiting, live, and accepts it.
    await employer.page.locator('li.milestone[data-milestone="Data pulled and cleaned"][data-standing="awaiting_review"]').waitFor({ timeout: 10_000 });
    await milestone(employer.page, 'Data pulled and cleaned').getByRole('button', { name: 'Accept milestone' }).click();
    await student.page.locator('li.milestone[data-milestone="Data pulled and cleaned"][data-standing="done"]').waitFor({ timeout: 10_000 });

    // Sam asks for a week more on the second; Erin grants it; the new date shows for both.
    const second = milestone(student.page, 'Findings report');
    await second.getByRole('button', { name: 'Ask for more time…' }).click();
    await second.getByLabel('New due date').fill(day(21));
    await second.getByLabel('Why').fill('The survey answers arrive a week late.');
    await second.getByRole('button', { name: 'Ask', exact: true }).click();
    await student.page.locator('li.milestone[data-milestone="Findings report"] [data-extension="pending"]').waitFor();
    const onErin = milestone(employer.page, 'Findings report');
    await onErin.getByRole('button', { name: 'Grant more time' }).click();
    await student.page.locator('li.milestone[data-milestone="Findings report"] [data-extension="granted"]').waitFor({ timeout: 10_000 });
    const newDue = new Date(`${day(21)}T00:00:00`).toLocaleDateString('en-US', { dateStyle: 'medium' });
    expect(await milestone(student.page, 'Findings report').textContent()).toContain(`Due ${newDue}`);

    // The timeline shows both milestones (one done) and today; the hours are there for Erin too.
    expect(await student.page.locator('#plan svg [data-milestone]').count()).toBe(2);
    expect(await student.page.locator('#plan svg [data-standing="done"]').count()).toBe(1);
    expect(await student.page.locator('#plan svg [data-today]').count()).toBe(1);
    await employer.page.locator('#work-log [data-total-minutes="180"]').waitFor({ timeout: 10_000 });
    await student.page.locator('#plan').scrollIntoViewIfNeeded();
    await screenshot(student.page, 'milestones-student');
    await employer.page.locator('#plan').scrollIntoViewIfNeeded();
    await screenshot(employer.page, 'milestones-employer');

    // The check-ins document's timeline carries the milestones and today too.
    await student.page.goto(`${path}/checkins`);
    await student.page.locator('figure.timeline svg [data-milestone]').first().waitFor();
    expect(await student.page.locator('figure.timeline svg [data-milestone]').count()).toBe(2);
    await screenshot(student.page, 'checkins-timeline-milestones');

    // The work is submitted and completed; the fee falls due; Erin records it paid; Sam sees "Paid".
    await post(`/api/projects/${project.id}/submit`, sam.token);
    await post(`/api/projects/${project.id}/complete`, erin.token, { rating: { skills: { sql: 5 }, wouldWorkAgain: true } });

    // Reviews are blind: Sam can't see Erin's rating before giving his own; Erin is told his is not in yet.
    await student.page.goto(path);
    const outcome = student.page.locator('section[aria-labelledby="outcome"]');
    await outcome.getByText('has rated your work. Reviews are blind').waitFor();
    expect(await outcome.getByRole('img', { name: /of 5/ }).count()).toBe(0);
    expect(await student.page.getByRole('button', { name: 'Create portfolio item' }).count()).toBe(0);
    await outcome.scrollIntoViewIfNeeded();
    await screenshot(student.page, 'review-blind-student');
    await employer.page.goto(path);
    await employer.page.getByText('has not reviewed working with you yet').waitFor();
    await giveReview(student.page, 4, 'Clear brief; answers within the day.');
    await outcome.getByRole('img', { name: '5 of 5' }).waitFor();
    expect(await outcome.getByText('Erin Employer would work with you again.').count()).toBe(1);
    await student.page.getByRole('button', { name: 'Create portfolio item' }).waitFor();
    await screenshot(student.page, 'review-revealed-student');
    // Erin's open page shows Sam's review without reloading.
    const erinsOutcome = employer.page.locator('section[aria-labelledby="outcome"]');
    await erinsOutcome.getByText('Clear brief; answers within the day.').waitFor({ timeout: 10_000 });
    expect(await erinsOutcome.getByRole('img', { name: 'Clarity of the brief' }).count()).toBe(0);
    expect(
      await erinsOutcome
        .getByRole('row', { name: /Clarity of the brief/ })
        .getByRole('img', { name: '4 of 5' })
        .count(),
    ).toBe(1);
    await erinsOutcome.scrollIntoViewIfNeeded();
    await screenshot(employer.page, 'review-employer');

    await employer.page.goto(path);
    await employer.page.locator('#payment[data-payment="due"]').waitFor();
    const record = employer.page.getByRole('form', { name: 'Record the fee paid' });
    await record.getByLabel(/Payment reference/).fill('Bank transfer 2026-1128-77');
    await record.getByRole('button', { name: 'Mark paid' }).click();
    await employer.page.locator('#payment[data-payment="paid"]').waitFor();
    await student.page.goto(path);
    await student.page.locator('#payment[data-payment="paid"]').waitFor({ timeout: 10_000 });
    expect(await student.page.locator('#payment').textContent()).toContain('Paid — recorded');
    expect(await student.page.locator('#payment').textContent()).toContain('Bank transfer 2026-1128-77');
    await screenshot(student.page, 'payment-paid-student');

    // At 375 px the plan and the hours fit the screen.
    const phone = await signedInPage(browser, server.url, sam.email, 'integration password', { width: 375, height: 800 });
    await phone.page.goto(path);
    await milestone(phone.page, 'Findings report').waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.page.locator('#plan').scrollIntoViewIfNeeded();
    await screenshot(phone.page, 'milestones-375');
    await phone.page.locator('section[aria-labelledby="outcome"]').scrollIntoViewIfNeeded();
    await screenshot(phone.page, 'reviews-375');
    // The timeline is drawn at the phone's width: its labels keep their size (they were 6 px).
    await phone.page.goto(`${path}/checkins`);
    await phone.page.locator('figure.timeline svg [data-milestone]').first().waitFor();
    const labelHeights = await phone.page.locator('figure.timeline svg text').evaluateAll((texts) => texts.map((t) => t.getBoundingClientRect().height));
    expect(Math.min(...labelHeights)).toBeGreaterThanOrEqual(10);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.page.locator('figure.timeline').scrollIntoViewIfNeeded();
    await screenshot(phone.page, 'checkins-timeline-375');
    for (const c of [employer, student, phone]) await c.context.close();
  }, 90_000);

  it('Erin describes her organisation; the board names it and links to her public profile (desktop and 375 px)', async () => {
    const api = apiClient(server.url);
    const tag = Math.random().toString(36).slice(2, 8);
    const erin = await api.signup('Erin Employer', `erin-org-${tag}@ms.test`, 'employer');
    const { project } = (
      await api.call('POST', '/api/projects', {
        token: erin.token,
        body: {
          title: 'Survey coding',
          summary: 'Code 300 open answers.',
          skills: ['research'],
          estimatedHours: 8,
          compensation: { amount: 40000, currency: 'USD' },
        },
      })
    ).json;
    await api.call('POST', `/api/projects/${project.id}/publish`, { token: erin.token });
    // Three students finished a project with Erin and reviewed her: her profile shows their averages.
    const ok = async (method: 'POST' | 'PUT', path: string, token: string, body?: unknown) => {
      const res = await api.call(method, path, { token, body });
      expect(res.status, `${path}: ${JSON.stringify(res.json)}`).toBeLessThan(300);
      return res.json;
    };
    for (const [i, clarity] of [5, 4, 4].entries()) {
      const student = await api.signup(`Student ${i}`, `student${i}-${tag}@ms.test`);
      const done = (await ok('POST', '/api/projects', erin.token, { ...FINISHED_BRIEF, title: `Finished ${i}` })).project.id;
      await ok('POST', `/api/projects/${done}/publish`, erin.token);
      const { application } = await ok('POST', `/api/projects/${done}/applications`, student.token, { pitch: 'Me.' });
      await ok('POST', `/api/projects/${done}/applications/${application.id}/accept`, erin.token);
      await ok('POST', `/api/projects/${done}/submit`, student.token);
      await ok('POST', `/api/projects/${done}/complete`, erin.token, { rating: { skills: { research: 4 }, wouldWorkAgain: true } });
      await ok('PUT', `/api/projects/${done}/reviews/by-student`, student.token, {
        employer: { clarity, responsiveness: 5, wouldWorkAgain: i < 2 },
        mentors: [],
      });
    }

    const { page, context } = await signedInPage(browser, server.url, erin.email, 'integration password');
    await page.goto('/');
    await page.getByRole('link', { name: 'Organisation' }).click();
    const form = page.getByRole('form', { name: 'Organisation' });
    await form.getByLabel('Name').fill(`Acme Analytics ${tag}`);
    await form.getByLabel('What you do, in a few sentences').fill('We help small shops understand their customers.');
    await form.getByLabel('Website').fill('https://acme.example');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    await page.goto('/board');
    await page
      .getByRole('link', { name: `Acme Analytics ${tag}` })
      .first()
      .click();
    await page.getByRole('heading', { name: `Acme Analytics ${tag}` }).waitFor();
    expect(await page.getByRole('link', { name: 'acme.example' }).getAttribute('rel')).toContain('noopener');
    await page.getByRole('link', { name: 'Survey coding' }).waitFor();
    const said = page.locator('section[aria-labelledby="from-students"]');
    await said.getByRole('img', { name: '4.3 of 5 on average' }).waitFor();
    expect(await said.textContent()).toContain('67% of students would work with them again · from 3 reviews');
    await screenshot(page, 'employer-profile');
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'employer-profile-375');
    await context.close();
  }, 60_000);

  it('Sam steps away (at 375 px) with a reason; Erin, live, reads why, re-opens the project and accepts Priya, whom Sam’s acceptance had declined', async () => {
    const api = apiClient(server.url);
    const tag = Math.random().toString(36).slice(2, 8);
    const [erin, sam, priya] = [
      await api.signup('Erin Employer', `erin-away-${tag}@ms.test`, 'employer'),
      await api.signup('Sam Student', `sam-away-${tag}@ms.test`),
      await api.signup('Priya Patel', `priya-away-${tag}@ms.test`),
    ];
    const post = async (path: string, token: string, body?: unknown) => (await api.call('POST', path, { token, body })).json;
    const { project } = await post('/api/projects', erin.token, { ...FINISHED_BRIEF, title: 'Interview notes' });
    await post(`/api/projects/${project.id}/publish`, erin.token);
    const { application } = await post(`/api/projects/${project.id}/applications`, sam.token, { pitch: 'Me.' });
    await post(`/api/projects/${project.id}/applications`, priya.token, { pitch: 'Me too.' });
    await post(`/api/projects/${project.id}/applications/${application.id}/accept`, erin.token);
    const path = `/projects/${project.id}`;

    const employer = await signedInPage(browser, server.url, erin.email, 'integration password');
    await employer.page.goto(path);
    await employer.page.getByText('In progress', { exact: true }).first().waitFor();
    const phone = await signedInPage(browser, server.url, sam.email, 'integration password', { width: 375, height: 800 });
    await phone.page.goto(path);
    // Stepping away sits apart from Submit, behind "More".
    await phone.page.getByText('More', { exact: true }).click();
    await phone.page.getByRole('button', { name: 'Step away', exact: true }).click();
    const dialog = phone.page.locator('dialog[open]');
    await dialog.getByLabel(/Why are you stepping away/).fill('My exams moved to next week; I can’t give it the hours.');
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(phone.page, 'step-away-375');
    await dialog.getByRole('button', { name: 'Step away', exact: true }).click();
    await phone.page.waitForURL((url) => url.pathname === '/');

    // Erin's open page follows without a reload: a draft again, with Sam's reason and what she can do.
    const notice = employer.page.getByRole('status', { name: 'Student stepped away' });
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain('My exams moved to next week');
    expect(await employer.page.getByText('Draft', { exact: true }).count()).toBeGreaterThan(0);
    await screenshot(employer.page, 'stepped-away-employer');

    // She publishes it again; Priya, declined when Sam was accepted, is back in the list; Erin accepts her.
    await employer.page.getByRole('button', { name: 'Publish', exact: true }).click();
    await employer.page.locator('dialog[open]').getByRole('button', { name: 'Publish', exact: true }).click();
    employer.page.on('dialog', (d) => void d.accept());
    await employer.page.getByRole('button', { name: 'Accept Priya Patel' }).click();
    await employer.page.getByText('In progress', { exact: true }).first().waitFor();
    expect((await api.call('GET', path.replace('/projects', '/api/projects'), { token: priya.token })).json.myRole).toBe('student');
    expect((await api.call('GET', path.replace('/projects', '/api/projects'), { token: sam.token })).status).toBe(404);
    for (const c of [employer, phone]) await c.context.close();
  }, 60_000);
});
