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
});
