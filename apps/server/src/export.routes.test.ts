import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from './test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});

const EVIL = 'Evil <script>alert(1)</script> [x](javascript:alert(1)) *bold*';

describe('the zip export', () => {
  it('writes a project title into every Markdown file as text, never as markup', async () => {
    const { id, employer } = await t.projectInProgress({ title: EVIL });
    const response = await t.app.request(`http://localhost/api/projects/${id}/export?format=zip`, { headers: { authorization: `Bearer ${employer.token}` } });
    expect(response.status).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), 'stint-zip-')), 'export.zip');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    for (const name of ['deliverable.md', 'workspace.md']) {
      const markdown = execFileSync('unzip', ['-p', file, name]).toString('utf8');
      const heading = markdown.split('\n')[0]!;
      expect(heading, name).toMatch(/^# Evil /);
      expect(heading, name).not.toMatch(/<script>|(?<!\\)\]\(javascript:|(?<!\\)\*bold/);
      expect(heading, name).toContain('\\<script\\>');
    }
  });

  it('the single-file HTML and the Markdown carry the milestones with their dates, the hours logged, and the rating to whoever may see it', async () => {
    const { id, employer, student } = await t.projectInProgress();
    const due = new Date(t.clock.now + 5 * 86_400_000).toISOString().slice(0, 10);
    await t.post(`/api/projects/${id}/milestones`, employer.token, { title: 'Themes with quotes', dueDate: due });
    await t.post(`/api/projects/${id}/work-log`, student.token, { date: new Date(t.clock.now).toISOString().slice(0, 10), minutes: 90, description: 'Coding' });
    await t.post(`/api/projects/${id}/submit`, student.token);
    await t.post(`/api/projects/${id}/complete`, employer.token, { rating: { skills: { sql: 4 }, wouldWorkAgain: true } });
    const html = async (token: string) =>
      (await t.app.request(`http://localhost/api/projects/${id}/export?format=html`, { headers: { authorization: `Bearer ${token}` } })).text();
    const md = async (token: string) =>
      (await t.app.request(`http://localhost/api/projects/${id}/export?format=md`, { headers: { authorization: `Bearer ${token}` } })).text();
    const byEmployer = await html(employer.token);
    expect(byEmployer).toContain('<h2>Milestones</h2>');
    expect(byEmployer).toContain(`<td>Themes with quotes</td><td>${due}</td>`);
    expect(byEmployer).toContain('<dt>Hours logged</dt><dd>1 h 30 min in 1 entry</dd>');
    expect(byEmployer).toContain('<td aria-label="4 of 5">★★★★☆</td>');
    expect(await md(employer.token)).toContain('- sql: 4 of 5');
    // The student reads the rating once the reviews are revealed, not before.
    expect(await html(student.token)).not.toContain('The employer’s rating');
    await t.reviewAsStudent(id, student.token);
    expect(await html(student.token)).toContain('<td aria-label="4 of 5">★★★★☆</td>');
  });
});
