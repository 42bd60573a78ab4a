import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInPage } from '../support/browser.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';
import { startSmtp } from '../support/smtp.ts';
import { setupWorkspace } from '../support/workspace.ts';

let browser: Browser;
let mail: Awaited<ReturnType<typeof startSmtp>>;
let server: StintProcess;
let ws: Awaited<ReturnType<typeof setupWorkspace>>;
beforeAll(async () => {
  mail = await startSmtp();
  [browser, server] = await Promise.all([launchChromium(), startStint({ SMTP_URL: mail.url })]);
  ws = await setupWorkspace(server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await mail?.close();
});

/** The link in the invitation email the SMTP server received for `to`. */
async function invitationLink(to: string): Promise<string> {
  await expect.poll(() => mail.received.some((m) => m.to === to), { timeout: 15_000 }).toBe(true);
  const text = mail.received.find((m) => m.to === to)?.text ?? '';
  const link = /https?:\/\/\S+\/invite\/\S+/.exec(text)?.[0];
  if (!link) throw new Error(`no link in: ${text}`);
  return link;
}

const peopleOf = (page: Page) => page.getByRole('region', { name: 'People' }).locator('ul.members');

describe('inviting someone without an account', () => {
  for (const [employerWidth, inviteeWidth, role] of [
    [1280, 375, 'mentor'],
    [375, 1280, 'viewer'],
  ] as const) {
    it(`the employer (${employerWidth} px) invites an address; the email's link leads to sign-up and into the project as ${role} (${inviteeWidth} px)`, async () => {
      const email = `new-${role}-${Date.now()}@invited.test`;
      const employer = await signedInPage(browser, server.url, ws.employer.email, 'integration password', {
        width: employerWidth,
        height: employerWidth > 400 ? 800 : 812,
      });
      await employer.page.goto(`/projects/${ws.projectId}`);
      const form = employer.page.getByRole('form', { name: 'Invite a mentor or viewer' });
      await form.getByLabel('Invite by email').fill(email);
      await form.getByLabel('As').selectOption(role);
      await form.getByRole('button', { name: 'Invite' }).click();
      await employer.page.getByText(`No Stint account uses ${email} yet`).waitFor();
      const sent = employer.page.getByRole('region', { name: 'Invitations sent' });
      await sent.getByRole('listitem').filter({ hasText: email }).waitFor();
      await screenshot(employer.page, `invitation-sent-${role}-${employerWidth}px`);

      const link = await invitationLink(email);
      expect(link.startsWith(`${server.url}/invite/`)).toBe(true);
      const invitee = await browser.newContext({ viewport: { width: inviteeWidth, height: inviteeWidth > 400 ? 800 : 812 } });
      const page = await invitee.newPage();
      await page.goto(link);
      await page.getByRole('heading', { name: 'Join “Workspace under test”' }).waitFor();
      expect(await page.getByLabel('Email').inputValue()).toBe(email);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await screenshot(page, `invitation-signup-${role}-${inviteeWidth}px`);
      await page.getByLabel('Your name').fill(`Nova ${role}`);
      await page.getByLabel('Password').fill('a long enough password');
      await page.getByRole('button', { name: 'Sign up' }).click();

      // In the project, with the invited role; the employer's page shows them and drops the open invitation, live.
      await page.waitForURL(`**/projects/${ws.projectId}`);
      await expect.poll(() => peopleOf(page).innerText()).toContain(`Nova ${role} · ${role}`);
      await screenshot(page, `invitation-joined-${role}-${inviteeWidth}px`);
      await expect.poll(() => peopleOf(employer.page).innerText()).toContain(`Nova ${role} · ${role}`);
      await expect.poll(() => sent.count()).toBe(0);
      await invitee.close();
      await employer.context.close();
    });
  }
});
