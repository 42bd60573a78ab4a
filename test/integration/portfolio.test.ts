import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '@stint/db';
import { generateSigningKey, signCredential, verifyCredential } from '@stint/export';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { stintCli } from '../support/cli.ts';
import { connectProvider, eventually, whenSynced } from '../support/collab-clients.ts';
import { setupWorkspace } from '../support/workspace.ts';
import { useWorkspaceServer } from '../support/workspace-server.ts';

const fixture = useWorkspaceServer();

function paragraph(doc: Y.Doc, build: (text: Y.XmlText) => void) {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  p.insert(0, [t]);
  doc.getXmlFragment('default').push([p]);
  build(t);
}

let ws: Awaited<ReturnType<typeof setupWorkspace>>;
const ATTACHED = 'respondent,answer\n1,yes\n2,no\n';
let attached: { id: string; url: string; sha256: string };
let itemId: string;
let credential: Record<string, any>;

const stintVerify = (file: string, ...args: string[]) => stintCli(['verify', file, ...args]);

beforeAll(async () => {
  ws = await setupWorkspace(fixture.server.url);
  const student = connectProvider(fixture.server.url, `${ws.projectId}/deliverable`, ws.student.token);
  const mentor = connectProvider(fixture.server.url, `${ws.projectId}/deliverable`, ws.mentor.token);
  const employer = connectProvider(fixture.server.url, `${ws.projectId}/feedback`, ws.employer.token);
  await Promise.all([student, mentor, employer].map((c) => whenSynced(c.provider)));
  // 300 characters from the student, 100 from the mentor, typed in small pieces like people do.
  paragraph(student.doc, (t) => {
    for (let i = 0; i < 30; i++) t.insert(t.length, 'student-0 ');
  });
  paragraph(mentor.doc, (t) => {
    for (let i = 0; i < 10; i++) t.insert(t.length, 'mentor-00 ');
  });
  paragraph(student.doc, (t) => t.insert(0, '<script>alert(1)</script> <img src=x onerror=alert(2)>'));
  // A CSV attached to the deliverable.
  const upload = await fetch(`${fixture.server.url}/api/projects/${ws.projectId}/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ws.student.token}`, 'content-type': 'text/csv', 'x-file-name': 'survey.csv' },
    body: ATTACHED,
  });
  attached = ((await upload.json()) as { file: { id: string; url: string; sha256: string } }).file;
  const node = new Y.XmlElement('attachment');
  node.setAttribute('href', attached.url);
  node.setAttribute('name', 'survey.csv');
  student.doc.getXmlFragment('default').push([node]);
  paragraph(employer.doc, (t) => {
    t.insert(0, 'Excellent work. ');
    t.insert(t.length, 'see this', { link: { href: 'javascript:alert(3)' } });
  });
  await eventually(async () =>
    expect((await ws.api.call('GET', `/api/projects/${ws.projectId}/docs/deliverable`, { token: ws.employer.token })).json.text).toContain('mentor-00'),
  );
  for (const c of [student, mentor, employer]) c.provider.destroy();
});

describe('portfolio items', () => {
  it('only the student of a completed project creates one: 409 before, 403 for others', async () => {
    const url = `/api/projects/${ws.projectId}/portfolio`;
    expect((await ws.api.call('POST', url, { token: ws.student.token })).status).toBe(409);
    await ws.post(`/api/projects/${ws.projectId}/submit`, ws.student.token);
    await ws.post(`/api/projects/${ws.projectId}/complete`, ws.employer.token, { rating: { skills: { writing: 5 }, wouldWorkAgain: true } });
    for (const who of [ws.employer, ws.mentor, ws.viewer]) expect((await ws.api.call('POST', url, { token: who.token })).status).toBe(403);
    expect((await ws.api.call('POST', url, { token: ws.outsider.token })).status).toBe(404);
    // The item shows the employer's rating: not before the student has given their review (blind).
    expect((await ws.api.call('POST', url, { token: ws.student.token })).json.error.code).toBe('review_first');
    expect((await ws.reviewAsStudent()).status).toBe(200);
    const created = await ws.api.call('POST', url, { token: ws.student.token });
    expect(created.status).toBe(201);
    expect(created.json.item).toEqual({ id: expect.any(String), url: expect.stringMatching(/\/p\/\w+$/), signature: expect.stringMatching(/^z/) });
    itemId = created.json.item.id;
    expect((await ws.api.call('POST', url, { token: ws.student.token })).json.error.code).toBe('already_issued');
    expect((await ws.api.call('GET', `/api/projects/${ws.projectId}`, { token: ws.student.token })).json.project.status).toBe('archived');
  });

  it('is an OpenBadgeCredential with an eddsa-jcs-2022 proof by a did:key, and verify says so', async () => {
    credential = await (await fetch(`${fixture.server.url}/api/portfolio/${itemId}`)).json();
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.issuer.id).toMatch(/^did:key:z6Mk/);
    expect(credential.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      verificationMethod: `${credential.issuer.id}#${credential.issuer.id.slice(8)}`,
    });
    expect(credential.credentialSubject.stint.ratings).toEqual({ writing: 5 });
    // The student, as an employer who knows the email can confirm: sha256(email + salt).
    const [identity] = credential.credentialSubject.identifier;
    expect(identity).toMatchObject({ type: 'IdentityObject', identityType: 'emailAddress', hashed: true });
    expect(identity.identityHash).toBe(
      `sha256$${createHash('sha256')
        .update(ws.student.email.toLowerCase() + identity.salt)
        .digest('hex')}`,
    );
    expect(JSON.stringify(credential)).not.toContain(ws.student.email);
    expect(credential.credentialSubject.result).toEqual([{ type: ['Result'], resultDescription: expect.stringMatching(/#rating-writing$/), value: '5' }]);
    expect(await verifyCredential(credential)).toEqual({ valid: true });
    const verdict = await (await fetch(`${fixture.server.url}/api/portfolio/${itemId}/verify`)).json();
    expect(verdict).toMatchObject({
      valid: true,
      issuer: credential.issuer.id,
      issuedAt: credential.validFrom,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const file = join(mkdtempSync(join(tmpdir(), 'stint-vc-')), 'credential.json');
    writeFileSync(file, JSON.stringify(credential));
    const ok = await stintVerify(file, '--issuer', credential.issuer.id);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^VALID/);
  });

  it('shares the deliverable by who wrote it, from the server’s record of authors (±1%)', () => {
    const shares = Object.fromEntries(credential.credentialSubject.stint.contribution.map((c: { role: string; share: number }) => [c.role, c.share]));
    // The student also typed the 55-character hostile line; the mentor wrote 100.
    expect(shares.student).toBeCloseTo(355 / 455, 2);
    expect(shares.mentor).toBeCloseTo(100 / 455, 2);
  });

  it('fails verification, naming the reason, when any field is changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stint-vc-'));
    const tamper: Array<[string, (c: Record<string, any>) => void]> = [
      ['rating', (c) => (c.credentialSubject.stint.ratings.writing = 1)],
      ['contribution share', (c) => (c.credentialSubject.stint.contribution[0].share = 0.99)],
      ['name', (c) => (c.credentialSubject.name = 'Someone Else')],
      ['deliverable', (c) => (c.credentialSubject.stint.deliverable.text = c.credentialSubject.stint.deliverable.text.replace('student-0', 'student-X'))],
      ['issuer', (c) => (c.issuer.id = 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2')],
      ['date', (c) => (c.validFrom = '2020-01-01T00:00:00Z')],
    ];
    const tampered = tamper.map(([what, change]) => {
      const copy = structuredClone(credential);
      change(copy);
      return [what, copy] as const;
    });
    for (const [what, copy] of tampered) expect((await verifyCredential(copy)).valid, what).toBe(false);
    // The CLI (a process each, the slow part) on one change inside Stint's terms and one in OB's.
    for (const [what, copy] of tampered.filter(([w]) => w === 'contribution share' || w === 'issuer')) {
      const file = join(dir, `${what}.json`);
      writeFileSync(file, JSON.stringify(copy));
      const cli = await stintVerify(file, '--issuer', credential.issuer.id);
      expect(cli.code, what).toBe(1);
      expect(cli.out, what).toMatch(/^INVALID: .{10,}/);
    }
  });

  it('stint verify trusts only the issuer it is told to (or the server the credential came from), never the key a credential names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stint-vc-'));
    const ours = credential.issuer.id as string;
    const save = (name: string, value: unknown) => {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(value));
      return file;
    };
    // The genuine one: valid against our DID, given or learned from the server it came from.
    expect((await stintVerify(save('genuine', credential), '--issuer', ours)).out).toMatch(new RegExp(`^VALID: .* issued by ${ours}`));
    const fromUrl = await stintVerify(`${fixture.server.url}/api/portfolio/${itemId}`);
    expect(fromUrl.code).toBe(0);
    expect(fromUrl.out).toContain(`issued by ${ours}`);
    // The link students share is the page: it verifies the same.
    const fromPage = await stintVerify(`${fixture.server.url}/p/${itemId}`);
    expect(fromPage.out).toContain(`issued by ${ours}`);
    expect(fromPage.code).toBe(0);
    // A file alone does not say whom to trust.
    expect((await stintVerify(save('genuine2', credential))).code).toBe(2);
    // Re-signed by an attacker with a did:key of their own: a valid proof, by the wrong issuer.
    const attacker = generateSigningKey();
    const { proof: _proof, ...unsigned } = structuredClone(credential);
    const forged = signCredential({ ...unsigned, issuer: { ...unsigned.issuer, id: attacker.did } }, attacker, {
      created: String(unsigned.validFrom),
      verificationMethod: attacker.verificationMethod,
    });
    const forgedCli = await stintVerify(save('forged', forged), '--issuer', ours);
    expect(forgedCli.code).toBe(1);
    expect(forgedCli.out).toContain(`issued by ${attacker.did}, not by the issuer you trust`);
    // One naming a did:web host the verifier was not told to trust: refused before any connection is made to that host.
    const { createServer } = await import('node:net');
    let connections = 0;
    const listener = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const port = (listener.address() as { port: number }).port;
    const webIssuer = `did:web:127.0.0.1%3A${port}`;
    const naming = signCredential({ ...unsigned, issuer: { ...unsigned.issuer, id: webIssuer } }, attacker, {
      created: String(unsigned.validFrom),
      verificationMethod: `${webIssuer}#key-1`,
    });
    const namingCli = await stintVerify(save('did-web', naming), '--issuer', ours);
    listener.close();
    expect(namingCli.out).toContain(`issued by ${webIssuer}, not by the issuer you trust`);
    expect(connections).toBe(0);
    // No issuer, or one that is no DID: nobody vouches for it.
    for (const [name, issuer] of [
      ['no-issuer', undefined],
      ['number', 42],
      ['not-a-did', { id: 'https://evil.example' }],
    ] as const) {
      const resigned = signCredential({ ...unsigned, issuer }, attacker, {
        created: String(unsigned.validFrom),
        verificationMethod: attacker.verificationMethod,
      });
      const cli = await stintVerify(save(name, resigned), '--issuer', ours);
      expect(cli.code, name).toBe(1);
      expect(cli.out, name).toMatch(/^INVALID: the credential names no issuer DID/);
    }
  }, 90_000);

  it('renders script, handlers, javascript: links and raw HTML inert on the public page, in the export and in the credential', async () => {
    const page = await (await fetch(`${fixture.server.url}/p/${itemId}`)).text();
    expect(page).toContain('✓ Verified');
    const exported = await ws.api.call('GET', `/api/projects/${ws.projectId}/export?format=html`, { token: ws.mentor.token });
    const credentialHtml = credential.credentialSubject.stint.deliverable.html + credential.credentialSubject.stint.feedback.html;
    for (const html of [page, JSON.stringify(exported.json ?? ''), credentialHtml]) {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/javascript:/i);
      expect(html).not.toMatch(/<[^>]*\bon\w+=/i);
    }
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('exports the workspace to members as HTML, Markdown and JSON; outsiders get 404', async () => {
    for (const [format, type] of [
      ['html', 'text/html'],
      ['md', 'text/markdown'],
      ['json', 'application/json'],
    ]) {
      const res = await fetch(`${fixture.server.url}/api/projects/${ws.projectId}/export?format=${format}`, {
        headers: { authorization: `Bearer ${ws.viewer.token}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="workspace-under-test\./);
      expect(await res.text()).toContain('mentor-00');
    }
    expect((await ws.api.call('GET', `/api/projects/${ws.projectId}/export?format=md`, { token: ws.outsider.token })).status).toBe(404);
    expect((await ws.api.call('GET', `/api/projects/${ws.projectId}/export?format=pdf`, { token: ws.viewer.token })).status).toBe(400);
  });

  it('the student can unpublish and republish it; nobody else can', async () => {
    expect((await ws.api.call('POST', `/api/portfolio/${itemId}/hide`, { token: ws.employer.token })).status).toBe(403);
    expect((await ws.api.call('POST', `/api/portfolio/${itemId}/hide`, { token: ws.student.token })).status).toBe(204);
    expect((await fetch(`${fixture.server.url}/p/${itemId}`)).status).toBe(404);
    expect((await fetch(`${fixture.server.url}/api/portfolio/${itemId}`)).status).toBe(404);
    expect((await ws.api.call('POST', `/api/portfolio/${itemId}/publish`, { token: ws.student.token })).status).toBe(204);
    expect((await fetch(`${fixture.server.url}/api/portfolio/${itemId}/verify`)).status).toBe(200);
  });

  it('lists the deliverable’s files with their SHA-256 inside the signed content; anyone may fetch them; changed bytes fail verification', async () => {
    const verify = async () => (await (await fetch(`${fixture.server.url}/api/portfolio/${itemId}/verify`)).json()) as { valid: boolean; reason?: string };
    const listed = credential.credentialSubject.stint.attachments;
    expect(listed).toEqual([
      {
        id: attached.id,
        name: 'survey.csv',
        type: 'text/csv',
        size: ATTACHED.length,
        sha256: attached.sha256,
        url: expect.stringMatching(new RegExp(`/api/portfolio/${itemId}/files/${attached.id}$`)),
      },
    ]);
    expect(createHash('sha256').update(ATTACHED).digest('hex')).toBe(attached.sha256);
    // Public, like the page: no sign-in.
    const got = await fetch(`${fixture.server.url}/api/portfolio/${itemId}/files/${attached.id}`);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe(ATTACHED);
    expect(got.headers.get('content-disposition')).toMatch(/^attachment/);
    expect((await fetch(`${fixture.server.url}/api/portfolio/${itemId}/files/nosuchfile`)).status).toBe(404);
    expect(await fetch(`${fixture.server.url}/p/${itemId}`).then((r) => r.text())).toContain('survey.csv');
    expect(await verify()).toMatchObject({
      valid: true,
      checks: [
        { check: 'signature', ok: true, text: expect.stringMatching(/eddsa-rdfc-2022 signature matches/) },
        { check: 'issuer', ok: true, text: expect.stringMatching(/^Issued by this Stint server/) },
        { check: 'status', ok: true, text: expect.stringMatching(/^Not revoked: its bit in the issuer’s published status list is clear/) },
        { check: 'files', ok: true, text: 'The attached file has exactly the bytes it was issued with.' },
      ],
    });
    // The page says what was checked in plain words, offers the JSON and LinkedIn's add-to-profile.
    const page = await fetch(`${fixture.server.url}/p/${itemId}`).then((r) => r.text());
    expect(page).toContain('What was checked');
    expect(page).toContain('✓ The attached file has exactly the bytes it was issued with.');
    expect(page).toContain(`href="/api/portfolio/${itemId}" download="credential.json"`);
    const linkedIn = new URL(page.match(/href="(https:\/\/www\.linkedin\.com\/profile\/add\?[^"]+)"/)![1]!.replace(/&amp;/g, '&'));
    expect(Object.fromEntries(linkedIn.searchParams)).toMatchObject({
      startTask: 'CERTIFICATION_NAME',
      organizationName: 'Stint',
      certUrl: expect.stringMatching(new RegExp(`/p/${itemId}$`)),
      certId: expect.stringMatching(new RegExp(`/api/portfolio/${itemId}$`)),
    });

    // The bytes change underneath (a restored backup, a hand in the database): verification says so.
    const storage = createDatabase({ dialect: 'sqlite', file: join(fixture.server.dataDir, 'stint.db') });
    try {
      const chunk = storage.sqlite!.prepare('select data from blob_chunks where blob_key = ? and seq = 0').get(attached.sha256) as { data: Buffer };
      const changed = Buffer.from(chunk.data);
      changed[changed.length - 2] = 'y'.charCodeAt(0);
      storage.sqlite!.prepare('update blob_chunks set data = ? where blob_key = ? and seq = 0').run(changed, attached.sha256);
      expect(await verify()).toEqual(expect.objectContaining({ valid: false, reason: 'the file survey.csv has changed since it was issued' }));
      const tamperedPage = await fetch(`${fixture.server.url}/p/${itemId}`).then((r) => r.text());
      expect(tamperedPage).toContain('Not verified');
      expect(tamperedPage).toContain('✗ The file survey.csv has changed since it was issued.');
      storage.sqlite!.prepare('update blob_chunks set data = ? where blob_key = ? and seq = 0').run(chunk.data, attached.sha256);
      expect(await verify()).toMatchObject({ valid: true });
    } finally {
      await storage.close();
    }
  });
});
