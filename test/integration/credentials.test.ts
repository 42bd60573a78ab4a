import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '@stint/db';
import { documentLoader, generateSigningKey, signCredential, signingKeyFromMultibase, verifyCredential } from '@stint/export';
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stintCli } from '../support/cli.ts';
import { rawRequest } from '../support/http-client.ts';
import { verifyIndependently } from '../support/independent-verifier.ts';
import { publishedSchema, validateOpenBadge } from '../support/open-badges-schema.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';
import { freePort, localhostCertificate } from '../support/tls.ts';
import { setupWorkspace } from '../support/workspace.ts';

const stint = stintCli;

/** A completed project's portfolio item, issued by its student: its id and credential. */
type Workspace = Awaited<ReturnType<typeof setupWorkspace>>;
async function issuedItem(
  baseUrl: string,
  before?: (ws: Workspace) => Promise<void>,
  issue: (ws: Workspace) => Promise<{ id: string }> = async (ws) => (await ws.post(`/api/projects/${ws.projectId}/portfolio`, ws.student.token)).item,
) {
  const ws = await setupWorkspace(baseUrl);
  await before?.(ws);
  await ws.post(`/api/projects/${ws.projectId}/submit`, ws.student.token);
  await ws.post(`/api/projects/${ws.projectId}/complete`, ws.employer.token, { rating: { skills: { writing: 4 }, wouldWorkAgain: true } });
  await ws.reviewAsStudent();
  const item = await issue(ws);
  const credential = (await ws.api.call('GET', `/api/portfolio/${item.id}`)).json as Record<string, any>;
  return { ws, itemId: item.id as string, credential };
}

describe('one origin for everything Stint signs or links', () => {
  let server: StintProcess;
  beforeAll(async () => {
    server = await startStint();
  });
  afterAll(() => server?.dispose());

  it('with PUBLIC_URL unset, a forged Host header changes no URL in a credential, the status list or a portfolio link', async () => {
    const forged = { host: 'attacker.example:3999' };
    const { ws, itemId } = await issuedItem(
      server.url,
      async () => {},
      async (ws) => {
        const issued = await rawRequest(server.url, 'POST', `/api/projects/${ws.projectId}/portfolio`, {
          ...forged,
          authorization: `Bearer ${ws.student.token}`,
        });
        expect(issued.status, JSON.stringify(issued.json)).toBe(201);
        return issued.json.item;
      },
    );
    expect(itemId).toBeTruthy();
    const credential = (await ws.api.call('GET', `/api/portfolio/${itemId}`)).json;
    const urls = JSON.stringify([credential.id, credential.credentialStatus]);
    expect(urls).not.toContain('attacker.example');
    expect(credential.id).toBe(`${server.url}/api/portfolio/${itemId}`);
    expect(credential.credentialStatus.statusListCredential).toBe(`${server.url}/api/status/1`);
    // The status list: a forged Host neither names it nor replaces the copy everyone else is served.
    const forgedList = await rawRequest(server.url, 'GET', '/api/status/1', forged);
    expect(forgedList.json.id).toBe(`${server.url}/api/status/1`);
    expect((await ws.api.call('GET', '/api/status/1')).json.id).toBe(`${server.url}/api/status/1`);
    // The student's own list of items.
    const mine = await rawRequest(server.url, 'GET', '/api/me/portfolio', { ...forged, authorization: `Bearer ${ws.student.token}` });
    expect(JSON.stringify(mine.json)).not.toContain('attacker.example');
    expect(JSON.stringify(mine.json)).toContain(`${server.url}/p/${itemId}`);
  });
});

describe('revocation, checked by an independent verifier (did:key)', () => {
  let server: StintProcess;
  let first: Awaited<ReturnType<typeof issuedItem>>;
  beforeAll(async () => {
    server = await startStint();
    first = await issuedItem(server.url);
  });
  afterAll(() => server?.dispose());

  it('every item carries its bit in a signed Bitstring Status List at a stable URL', async () => {
    const status = first.credential.credentialStatus;
    expect(status).toEqual({
      id: `${server.url}/api/status/1#${status.statusListIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: expect.stringMatching(/^\d+$/),
      statusListCredential: `${server.url}/api/status/1`,
    });
    const list = (await first.ws.api.call('GET', '/api/status/1')).json;
    expect(list).toMatchObject({
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: first.credential.issuer.id,
      credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: expect.stringMatching(/^u/) },
      proof: { cryptosuite: 'eddsa-rdfc-2022' },
    });
    expect(await verifyCredential(list)).toEqual({ valid: true });
    expect((await first.ws.api.call('GET', '/api/status/2')).status).toBe(404);
    expect((await first.ws.api.call('GET', '/api/status/nope')).status).toBe(400);
  });

  it('validates against 1EdTech’s Open Badges 3.0 JSON Schema and passes the checks 1EdTech’s inspector makes', async () => {
    const credential = first.credential;
    expect(validateOpenBadge(credential)).toEqual([]);
    // The shipped revision predates VC 2.0: its one complaint is the VC 1.1 date (see the fixture's LICENSE note).
    expect(validateOpenBadge(credential, publishedSchema())).toEqual(["/ must have required property 'issuanceDate'"]);
    // The schema bites: what OB requires and Stint could drop.
    const broken = structuredClone(credential);
    delete broken.credentialSubject.achievement.criteria;
    broken.credentialSubject.identifier[0].email = 'sam@example.test';
    expect(validateOpenBadge(broken)).toEqual([
      "/credentialSubject/achievement must have required property 'criteria'",
      '/credentialSubject/identifier/0 must NOT have additional properties',
    ]);
    // The inspector's own checks: a subject identified (id or identifier), a cryptosuite it accepts…
    expect(credential.credentialSubject.id ?? credential.credentialSubject.identifier?.[0]?.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(['eddsa-rdfc-2022', 'Ed25519Signature2020']).toContain(credential.proof.cryptosuite ?? credential.proof.type);
    // …and every term defined: JSON-LD expansion in safe mode (which refuses what it would drop) passes, offline.
    await expect(jsonld.expand(credential, { documentLoader, safe: true })).resolves.toHaveLength(1);
    await expect(jsonld.expand({ ...credential, undefinedTerm: 1 }, { documentLoader, safe: true })).rejects.toThrow(/safe mode/i);
    // verifier-core runs the same schema check (answered from the fixture) and agrees.
    expect((await verifyIndependently(credential, server.url)).schema).toEqual([expect.objectContaining({ result: { valid: true } })]);
  });

  it('names the student by the DID their wallet shows, when they gave one (credentialSubject.id beside the hashed email)', async () => {
    const wallet = generateSigningKey().did;
    const { credential } = await issuedItem(server.url, async (ws) => {
      const bad = await ws.api.call('POST', '/api/me/did', { token: ws.student.token, body: { did: 'not a did' } });
      expect([bad.status, bad.json.error.code]).toEqual([400, 'bad_did']);
      const saved = await ws.api.call('POST', '/api/me/did', { token: ws.student.token, body: { did: ` ${wallet} ` } });
      expect(saved.json.did).toBe(wallet);
    });
    expect(credential.credentialSubject.id).toBe(wallet);
    expect(credential.credentialSubject.identifier).toHaveLength(1);
    expect(validateOpenBadge(credential)).toEqual([]);
    expect((await verifyIndependently(credential, server.url)).steps).toMatchObject({ valid_signature: true, revocation_status: true });
    // Without one, no id: the hashed email alone identifies the student.
    expect(first.credential.credentialSubject.id).toBeUndefined();
  });

  it('verifier-core (DCC, not what Stint signs with) accepts it; any tampered field or a swapped proof it rejects', async () => {
    const genuine = await verifyIndependently(first.credential, server.url);
    expect(genuine.errors).toEqual([]);
    expect(genuine.steps).toMatchObject({ valid_signature: true, revocation_status: true, expiration: true });

    const other = await issuedItem(server.url);
    const tamper: Array<[string, (c: Record<string, any>) => void]> = [
      ['name', (c) => (c.credentialSubject.name = 'Someone Else')],
      ['rating', (c) => (c.credentialSubject.result[0].value = '5')],
      ['rating (as given)', (c) => (c.credentialSubject.stint.ratings.writing = 5)],
      ['evidence hash', (c) => (c.evidence[0].description = `Content hash (SHA-256): ${'0'.repeat(64)}`)],
      ['contribution share', (c) => c.credentialSubject.stint.contribution.push({ name: 'Mallory', role: 'student', share: 1 })],
      ['issuer', (c) => (c.issuer.name = 'Another issuer')],
      ['swapped proof', (c) => (c.proof = structuredClone(other.credential.proof))],
    ];
    for (const [what, change] of tamper) {
      const copy = structuredClone(first.credential);
      change(copy);
      const verdict = await verifyIndependently(copy, server.url);
      expect(verdict.steps.valid_signature, what).not.toBe(true);
      expect(verdict.errors.join(), what).toMatch(/invalid_signature/);
    }
  }, 60_000);

  it('only the employer revokes, once, with a reason; then the page, the verify endpoint, the CLI and verifier-core say revoked', async () => {
    const { ws, itemId } = first;
    const url = `/api/portfolio/${itemId}/revoke`;
    const reason = 'Issued to the wrong student account';
    for (const who of [ws.student, ws.mentor, ws.viewer]) expect((await ws.api.call('POST', url, { token: who.token, body: { reason } })).status).toBe(403);
    expect((await ws.api.call('POST', url, { token: ws.outsider.token, body: { reason } })).status).toBe(404);
    expect((await ws.api.call('POST', url, { body: { reason } })).status).toBe(401);
    expect((await ws.api.call('POST', url, { token: ws.employer.token, body: { reason: '' } })).status).toBe(400);
    const revoked = await ws.api.call('POST', url, { token: ws.employer.token, body: { reason } });
    expect(revoked.status).toBe(200);
    expect(revoked.json.item).toEqual({ id: itemId, url: `${server.url}/p/${itemId}`, revoked: true, revocation: { at: expect.any(String), reason } });
    const again = await ws.api.call('POST', url, { token: ws.employer.token, body: { reason: 'twice' } });
    expect([again.status, again.json.error.code]).toEqual([409, 'already_revoked']);
    // The student is told, once, with the reason.
    const told = (await ws.api.call('GET', '/api/me/notifications', { token: ws.student.token })).json.notifications.filter(
      (n: { kind: string }) => n.kind === 'credential_revoked',
    );
    expect(told.map((n: { text: string; message: string }) => [n.text, n.message])).toEqual([
      ['Erin Employer revoked your portfolio credential for “Workspace under test”.', reason],
    ]);

    // The status list is re-signed with the bit set: a wallet's verifier sees it.
    const independent = await verifyIndependently(first.credential, server.url);
    expect(independent.steps).toMatchObject({ valid_signature: true, revocation_status: false });

    const verdict = (await ws.api.call('GET', `/api/portfolio/${itemId}/verify`)).json;
    expect(verdict).toMatchObject({
      valid: false,
      revoked: true,
      revocation: { reason },
      reason: expect.stringMatching(/^revoked by the employer on \d{4}-\d\d-\d\d: Issued to the wrong/),
    });
    expect(verdict.checks.find((c: { check: string }) => c.check === 'status')).toMatchObject({ ok: false });
    expect(verdict.checks.find((c: { check: string }) => c.check === 'signature')).toMatchObject({ ok: true });
    const page = await (await fetch(`${server.url}/p/${itemId}`)).text();
    expect(page).toContain('✗ Not verified: revoked by the employer');
    expect(page).toContain(reason);
    expect(page).not.toContain('linkedin.com');
    const outcome = (await ws.api.call('GET', `/api/projects/${ws.projectId}/outcome`, { token: ws.student.token })).json;
    expect(outcome.portfolioItem.revocation).toEqual({ at: revoked.json.item.revocation.at, reason });

    const cli = await stint(['verify', `${server.url}/p/${itemId}`]);
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/^REVOKED: the issuer has revoked it on \d{4}-\d\d-\d\d: Issued to the wrong student account/);
    // A saved copy, checked against the list it names: revoked too.
    const file = join(mkdtempSync(join(tmpdir(), 'stint-vc-')), 'credential.json');
    writeFileSync(file, JSON.stringify(first.credential));
    expect((await stint(['verify', file, '--issuer', first.credential.issuer.id])).out).toMatch(/^REVOKED/);
  }, 60_000);

  it('an item issued before status lists (eddsa-jcs-2022, no credentialStatus) still verifies, and can still be revoked here', async () => {
    const { itemId, ws, credential } = await issuedItem(server.url);
    // Made as the previous release made them: JCS-signed by the same key, no status entry, no bit.
    const key = signingKeyFromMultibase(JSON.parse(readFileSync(join(server.dataDir, 'signing-key.json'), 'utf8')).secretKeyMultibase);
    const { proof: _proof, credentialStatus: _status, ...unsigned } = credential;
    const legacy = signCredential(unsigned, key, { created: unsigned.validFrom, verificationMethod: key.verificationMethod });
    const storage = createDatabase({ dialect: 'sqlite', file: join(server.dataDir, 'stint.db') });
    try {
      storage
        .sqlite!.prepare('update portfolio_items set credential = ?, status_list = null, status_index = null where id = ?')
        .run(JSON.stringify(legacy), itemId);
    } finally {
      await storage.close();
    }
    const verdict = (await ws.api.call('GET', `/api/portfolio/${itemId}/verify`)).json;
    expect(verdict).toMatchObject({ valid: true, revoked: false });
    expect(verdict.checks.map((c: { text: string }) => c.text)).toEqual(
      expect.arrayContaining([expect.stringMatching(/eddsa-jcs-2022 signature matches/), expect.stringMatching(/^Not revoked \(issued before status lists/)]),
    );
    expect((await stint(['verify', `${server.url}/p/${itemId}`])).out).toMatch(/^VALID: .* on [^;]+$/m);
    await ws.post(`/api/portfolio/${itemId}/revoke`, ws.employer.token, { reason: 'Wrong project' });
    expect((await ws.api.call('GET', `/api/portfolio/${itemId}/verify`)).json).toMatchObject({ valid: false, revoked: true });
    // No bit to read: stint verify asks the issuing server's record.
    expect((await stint(['verify', `${server.url}/p/${itemId}`])).out).toMatch(/^REVOKED: the issuer has revoked it on .*: Wrong project/);
  }, 60_000);

  it('an operator revokes through the CLI; the page says so', async () => {
    const { itemId, ws, credential } = await issuedItem(server.url);
    expect((await stint(['verify', `${server.url}/api/portfolio/${itemId}`])).out).toMatch(/^VALID: .*; not revoked$/m);
    expect((await stint(['revoke', itemId], { DATA_DIR: server.dataDir })).code).toBe(2);
    const cli = await stint(['revoke', itemId, '--reason', 'Fraud reported by the employer'], { DATA_DIR: server.dataDir });
    expect(cli.code).toBe(0);
    expect(cli.out).toContain(`Revoked ${itemId}`);
    const verdict = (await ws.api.call('GET', `/api/portfolio/${itemId}/verify`)).json;
    expect(verdict.reason).toMatch(/^revoked by the Stint operator on .*: Fraud reported/);
    expect((await verifyIndependently(credential, server.url)).steps.revocation_status).toBe(false);
  }, 60_000);
});

describe('did:web over HTTPS, with a rotated key', () => {
  let server: StintProcess;
  let env: Record<string, string>;
  let base: string;
  let did: string;
  let first: Awaited<ReturnType<typeof issuedItem>>;
  let trustCertificate: Record<string, string>;
  const strictTls = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  beforeAll(async () => {
    const { certFile, keyFile } = localhostCertificate();
    const port = await freePort();
    base = `https://localhost:${port}`;
    did = `did:web:localhost%3A${port}`;
    env = { PORT: String(port), PUBLIC_URL: base, TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile };
    // This process's own calls accept the self-signed certificate; the CLI below trusts it the
    // proper way (NODE_EXTRA_CA_CERTS), and refuses it without.
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    trustCertificate = { NODE_EXTRA_CA_CERTS: certFile, NODE_TLS_REJECT_UNAUTHORIZED: '1' };
    server = await startStint(env);
    expect(server.url).toBe(base);
    first = await issuedItem(base);
  });
  afterAll(async () => {
    if (strictTls === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = strictTls;
    await server?.dispose();
  });

  it('issues under did:web:<host>, whose document at /.well-known/did.json lists the key as a Multikey', async () => {
    const document = await (await fetch(`${base}/.well-known/did.json`)).json();
    const key = first.credential.proof.verificationMethod.split('#')[1];
    expect(document).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [{ id: `${did}#${key}`, type: 'Multikey', controller: did, publicKeyMultibase: key }],
      assertionMethod: [`${did}#${key}`],
    });
    expect(key).toMatch(/^z6Mk/);
    expect(first.credential.issuer.id).toBe(did);
    expect((await (await fetch(`${base}/api/issuer`)).json()).id).toBe(did);
    expect((await (await fetch(`${base}/api/status/1`)).json()).issuer).toBe(did);
    expect((await (await fetch(`${base}/api/portfolio/${first.itemId}/verify`)).json()).valid).toBe(true);
  });

  it('stint verify https://…/p/<id> resolves the did:web over HTTPS and says valid; an untrusted certificate is refused', async () => {
    const ok = await stint(['verify', `${base}/p/${first.itemId}`], trustCertificate);
    expect(ok.out).toMatch(new RegExp(`^VALID: .* issued by ${did} on .*; not revoked`));
    expect(ok.code).toBe(0);
    const untrusted = await stint(['verify', `${base}/p/${first.itemId}`], { NODE_TLS_REJECT_UNAUTHORIZED: '1' });
    expect(untrusted.code).toBe(1);
  }, 60_000);

  it('after stint rotate-key, new items are signed with the new key and old ones still verify: the old key stays listed', async () => {
    const oldKey = first.credential.proof.verificationMethod.split('#')[1];
    await server.stop();
    const rotated = await stint(['rotate-key'], { DATA_DIR: server.dataDir });
    expect(rotated.code).toBe(0);
    server = await startStint(env, [], server.dataDir);
    const document = await (await fetch(`${base}/.well-known/did.json`)).json();
    expect(document.verificationMethod).toHaveLength(2);
    const [current, retired] = document.verificationMethod;
    expect(retired.publicKeyMultibase).toBe(oldKey);
    expect(current.publicKeyMultibase).not.toBe(oldKey);
    expect(document.assertionMethod).toEqual([current.id, retired.id]);
    const issuer = await (await fetch(`${base}/api/issuer`)).json();
    expect(issuer).toMatchObject({ id: did, publicKeyMultibase: current.publicKeyMultibase, retiredKeys: [{ publicKeyMultibase: oldKey }] });

    const second = await issuedItem(base);
    expect(second.credential.proof.verificationMethod).toBe(current.id);
    for (const { itemId } of [first, second]) {
      expect((await (await fetch(`${base}/api/portfolio/${itemId}/verify`)).json()).valid, itemId).toBe(true);
      const cli = await stint(['verify', `${base}/p/${itemId}`], trustCertificate);
      expect(cli.out, itemId).toMatch(/^VALID/);
    }
  }, 90_000);
});
