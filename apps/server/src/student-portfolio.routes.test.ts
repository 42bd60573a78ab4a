import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { testApp } from './test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
beforeEach(async () => {
  t = await testApp();
});
afterEach(() => t.close());

async function issued(organisation?: string, beforeSubmit?: (projectId: string, studentId: string) => Promise<void>) {
  const { id, employer, student } = await t.projectInProgress({}, organisation ? { employer: await t.signup('Erin', 'employer') } : {});
  await beforeSubmit?.(id, student.id);
  if (organisation) await t.post('/api/me/organisation', employer.token, { name: organisation, about: '' });
  await t.post(`/api/projects/${id}/submit`, student.token);
  await t.post(`/api/projects/${id}/complete`, employer.token, { rating: { skills: { sql: 4 }, wouldWorkAgain: true } });
  await t.reviewAsStudent(id, student.token);
  const { item } = await t.post(`/api/projects/${id}/portfolio`, student.token);
  return { id, employer, student, itemId: item.id as string };
}

describe("a student's public portfolio", () => {
  it('the student chooses a handle; /u/<handle> and its JSON list the published items with skills and ratings; hidden ones drop out', async () => {
    const { student, employer, itemId } = await issued();
    const mine = await t.call('GET', '/api/me/portfolio', { token: student.token });
    expect(mine.json).toMatchObject({
      handle: null,
      items: [{ id: itemId, title: 'Churn analysis', employer: 'Erin', organisation: null, skills: ['sql'], ratings: { sql: 4 }, hidden: false }],
    });

    for (const [handle, code] of [
      ['no', 'bad_handle'],
      ['Sam Student', 'bad_handle'],
      ['-sam', 'bad_handle'],
      ['admin', 'handle_reserved'],
    ] as const) {
      const res = await t.call('POST', '/api/me/handle', { token: student.token, body: { handle } });
      expect([handle, res.status, res.json.error.code]).toEqual([handle, 400, code]);
    }
    expect((await t.post('/api/me/handle', student.token, { handle: 'Sam-Analyst' })).handle).toBe('sam-analyst');
    const taken = await t.call('POST', '/api/me/handle', { token: employer.token, body: { handle: 'sam-analyst' } });
    expect([taken.status, taken.json.error.code]).toEqual([409, 'handle_taken']);

    const list = await t.call('GET', '/api/users/sam-analyst/portfolio');
    expect(list.status).toBe(200);
    expect(list.json).toEqual({
      user: { handle: 'sam-analyst', name: 'Sam' },
      items: [
        {
          id: itemId,
          url: expect.stringMatching(new RegExp(`/p/${itemId}$`)),
          title: 'Churn analysis',
          employer: 'Erin',
          organisation: null,
          completedAt: expect.any(String),
          skills: ['sql'],
          ratings: { sql: 4 },
        },
      ],
    });
    const page = await t.app.request('http://localhost:3000/u/Sam-Analyst');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Sam</h1>');
    expect(html).toContain(`href="/p/${itemId}"`);
    expect(html).toContain('aria-label="4 of 5"');

    await t.post(`/api/portfolio/${itemId}/hide`, student.token);
    expect((await t.call('GET', '/api/users/sam-analyst/portfolio')).json.items).toEqual([]);
    expect(await (await t.app.request('http://localhost:3000/u/sam-analyst')).text()).toContain('Nothing published yet.');
    expect((await t.call('GET', '/api/me/portfolio', { token: student.token })).json.items[0].hidden).toBe(true);
    expect((await t.call('GET', '/api/users/nobody-here/portfolio')).status).toBe(404);
    expect((await t.app.request('http://localhost:3000/u/nobody-here')).status).toBe(404);
  });

  it("names the employer's organisation on the credential, its page, the portfolio and its JSON", async () => {
    const { student, itemId } = await issued('Northwind Analytics');
    const credential = (await t.call('GET', `/api/portfolio/${itemId}`)).json;
    expect(credential.credentialSubject.stint.organisation).toBe('Northwind Analytics');
    expect(credential.credentialSubject.achievement.criteria.narrative).toContain('for Erin at Northwind Analytics;');
    expect(await (await t.app.request(`http://localhost:3000/p/${itemId}`)).text()).toContain('For Erin, Northwind Analytics ·');
    await t.post('/api/me/handle', student.token, { handle: 'sam-analyst' });
    expect((await t.call('GET', '/api/users/sam-analyst/portfolio')).json.items[0]).toMatchObject({ employer: 'Erin', organisation: 'Northwind Analytics' });
    expect((await t.call('GET', '/api/me/portfolio', { token: student.token })).json.items[0].organisation).toBe('Northwind Analytics');
    expect(await (await t.app.request('http://localhost:3000/u/sam-analyst')).text()).toContain('For Erin, Northwind Analytics ·');
  });
});

describe('a handle someone gave up', () => {
  it('rests 30 days before someone else may take it; its owner may take it back at once', async () => {
    const ada = await t.signup('Ada');
    const ben = await t.signup('Ben');
    const set = (who: { token: string }, handle: string) => t.call('POST', '/api/me/handle', { token: who.token, body: { handle } });
    expect((await set(ada, 'ada-lovelace')).status).toBe(200);
    expect((await set(ada, 'ada-l')).status).toBe(200);
    const resting = await set(ben, 'ada-lovelace');
    expect([resting.status, resting.json.error.code]).toEqual([409, 'handle_resting']);
    expect((await set(ada, 'ada-lovelace')).status).toBe(200);
    expect((await set(ada, 'countess-ada')).status).toBe(200);
    const start = t.clock.now;
    await t.moveClock(start + 29 * 86_400_000, [ada, ben]);
    expect((await set(ben, 'ada-lovelace')).status).toBe(409);
    await t.moveClock(start + 31 * 86_400_000, [ada, ben]);
    expect((await set(ben, 'ada-lovelace')).status).toBe(200);
  });

  it("the item's page has one h1: the deliverable's headings sit below the page's own, and its tables are drawn", async () => {
    const { itemId } = await issued(undefined, (projectId, studentId) =>
      t.docServer.change(
        `${projectId}/deliverable`,
        (doc) => {
          const body = doc.getXmlFragment('default');
          const heading = new Y.XmlElement('heading');
          heading.setAttribute('level', 1 as unknown as string);
          heading.insert(0, [new Y.XmlText('Findings')]);
          const paragraph = new Y.XmlElement('paragraph');
          paragraph.insert(0, [new Y.XmlText('Churn is seasonal.')]);
          body.insert(0, [heading, paragraph]);
        },
        studentId,
      ),
    );
    const html = await (await t.app.request(`http://localhost:3000/p/${itemId}`)).text();
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toContain('<h3>Findings</h3>');
    expect(html).toMatch(/\.doc th,\.doc td\{border:1px solid/);
  });

  it('link previews: /p/:id and /u/:handle carry Open Graph and Twitter tags whose picture is a 1200×630 PNG; the certificate PDF reads back with the title, student, skills and verify URL', async () => {
    const { student, itemId } = await issued('Northwind Analytics');
    await t.post('/api/me/handle', student.token, { handle: 'sam-analyst' });
    const page = await (await t.app.request(`http://localhost:3000/p/${itemId}`)).text();
    const meta = (html: string, key: string) => new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(html)?.[1];
    expect(meta(page, 'og:title')).toBe('Churn analysis — Sam');
    expect(meta(page, 'og:description')).toContain('Verified micro-internship for Erin, Northwind Analytics: sql 4/5.');
    expect(meta(page, 'og:image')).toBe(`http://localhost/p/${itemId}/preview.png`);
    expect(meta(page, 'twitter:card')).toBe('summary_large_image');
    const portfolio = await (await t.app.request('http://localhost:3000/u/sam-analyst')).text();
    expect(meta(portfolio, 'og:title')).toBe('Sam — portfolio');
    expect(meta(portfolio, 'og:image')).toBe('http://localhost/u/sam-analyst/preview.png');
    for (const path of [`/p/${itemId}/preview.png`, '/u/sam-analyst/preview.png']) {
      const image = await t.app.request(`http://localhost:3000${path}`);
      expect(image.headers.get('content-type')).toBe('image/png');
      const png = Buffer.from(await image.arrayBuffer());
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    }

    expect(page).toContain(`href="http://localhost/p/${itemId}/certificate.pdf"`);
    const pdf = await t.app.request(`http://localhost:3000/p/${itemId}/certificate.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'stint-certificate-'));
    try {
      writeFileSync(join(dir, 'c.pdf'), Buffer.from(await pdf.arrayBuffer()));
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'c.pdf'), '-']).toString('utf8');
      for (const expected of ['Churn analysis', 'Sam', 'Erin at Northwind Analytics', 'sql', '4 of 5', `http://localhost/p/${itemId}`])
        expect(text).toContain(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect((await t.app.request('http://localhost:3000/p/no-such-item/certificate.pdf')).status).toBe(404);
  });
});
