import { describe, expect, it } from 'vitest';
import { emailIdentity, portfolioCredential } from '../portfolio.ts';
import { STINT_CONTEXT_URL } from './contexts.ts';
import type { JsonObject } from './data-integrity.ts';
import { generateSigningKey } from './keys.ts';
import { signRdfc } from './rdfc.ts';
import { verifyCredential } from './verify.ts';

const key = generateSigningKey();
const unsigned = portfolioCredential({
  itemId: 'item1',
  baseUrl: 'https://stint.example',
  issuer: { did: key.did, name: 'Stint' },
  issuedAt: '2026-11-27T10:00:00Z',
  project: { title: 'Churn analysis', summary: 'Why trials stall.', skills: ['sql'], estimatedHours: 10, startedAt: '2026-11-01', completedAt: '2026-11-20' },
  minutesLogged: 540,
  employer: { name: 'Erin' },
  student: { name: 'Sam', identity: emailIdentity('Sam@Example.test', 'pepper') },
  rating: { skills: { sql: 4 }, wouldWorkAgain: true },
  feedback: { text: 'Good', html: '<p>Good</p>' },
  deliverable: { text: 'Findings', html: '<p>Findings</p>' },
  contribution: [{ name: 'Sam', role: 'student', share: 0.8 }],
  contentHash: 'a'.repeat(64),
});

describe('eddsa-rdfc-2022', () => {
  it('signs a portfolio credential offline with shipped contexts; it verifies; any change, an unknown context or another key fails it', async () => {
    const signed = await signRdfc(unsigned, key, { created: '2026-11-27T10:00:00Z' });
    expect(signed['@context']).toContain(STINT_CONTEXT_URL);
    expect(signed.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: key.verificationMethod,
    });
    expect(await verifyCredential(signed)).toEqual({ valid: true });
    // Open Badges' own terms: who (an email hash an employer can check), the ratings as results.
    const subject = signed.credentialSubject as Record<string, any>;
    expect(subject.identifier).toEqual([
      {
        type: 'IdentityObject',
        identityType: 'emailAddress',
        hashed: true,
        identityHash: emailIdentity('sam@example.test', 'pepper').identityHash,
        salt: 'pepper',
      },
    ]);
    expect(subject.identifier[0].identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(subject.result).toEqual([{ type: ['Result'], resultDescription: 'https://stint.example/p/item1#rating-sql', value: '4' }]);
    expect(subject.achievement.resultDescription[0]).toMatchObject({
      id: 'https://stint.example/p/item1#rating-sql',
      resultType: 'ScaledScore',
      valueMax: '5',
    });

    const changed = (change: (c: Record<string, any>) => void) => {
      const copy = structuredClone(signed) as Record<string, any>;
      change(copy);
      return verifyCredential(copy);
    };
    // Inside the JSON literal Open Badges has no term for, and in OB's own terms alike.
    for (const change of [
      (c: Record<string, any>) => (c.credentialSubject.stint.contribution[0].share = 0.99),
      (c: Record<string, any>) => (c.credentialSubject.stint.ratings.sql = 5),
      (c: Record<string, any>) => (c.credentialSubject.name = 'Someone Else'),
      (c: Record<string, any>) => (c.credentialSubject.achievement.name = 'Other work'),
      (c: Record<string, any>) => (c.evidence[0].narrative = 'other'),
      (c: Record<string, any>) => (c.credentialSubject.result[0].value = '5'),
      (c: Record<string, any>) => (c.credentialSubject.identifier[0].identityHash = `sha256$${'0'.repeat(64)}`),
    ]) {
      expect(await changed(change)).toMatchObject({ valid: false, reason: expect.stringMatching(/eddsa-rdfc-2022 proof does not verify/) });
    }
    // A context Stint does not ship is never fetched: the credential is not accepted.
    expect(await changed((c) => c['@context'].push('https://evil.example/context.json'))).toMatchObject({ valid: false });
    const other = generateSigningKey();
    expect(await changed((c) => (c.issuer.id = other.did))).toMatchObject({ valid: false, reason: expect.stringMatching(/key of the issuer/) });
    const forged = await signRdfc({ ...unsigned, issuer: { ...(unsigned.issuer as JsonObject), id: other.did } }, key, { created: '2026-11-27T10:00:00Z' });
    expect(await verifyCredential(forged)).toMatchObject({ valid: false, reason: expect.stringMatching(/key of the issuer/) });
  });
});
