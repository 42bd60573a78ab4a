import { STATUS_LIST_VALIDITY_MS } from '@stint/domain';
import { describe, expect, it } from 'vitest';
import { emailIdentity, portfolioCredential } from '../portfolio.ts';
import { makeDocumentLoader } from './contexts.ts';
import type { JsonObject } from './data-integrity.ts';
import { generateSigningKey } from './keys.ts';
import { signRdfc } from './rdfc.ts';
import { checkRevocation, revocationEntry, statusListCredential } from './status-list.ts';

const key = generateSigningKey();
const LIST = 'https://stint.example/api/status/1';
// The signature suite checks validity against the real clock: so does this test.
const NOW = Math.floor(Date.now() / 1000) * 1000;

const item = signRdfc(
  portfolioCredential({
    itemId: 'item1',
    baseUrl: 'https://stint.example',
    issuer: { did: key.did, name: 'Stint' },
    issuedAt: '2026-11-27T10:00:00Z',
    project: { title: 'Churn', summary: 'Why.', skills: ['sql'], estimatedHours: 10, startedAt: '2026-11-01', completedAt: '2026-11-20' },
    minutesLogged: 60,
    employer: { name: 'Erin' },
    student: { name: 'Sam', identity: emailIdentity('sam@example.test', 'pepper') },
    rating: { skills: { sql: 4 }, wouldWorkAgain: true },
    feedback: { text: 'Good', html: '<p>Good</p>' },
    deliverable: { text: 'Findings', html: '<p>Findings</p>' },
    contribution: [],
    contentHash: 'a'.repeat(64),
    status: revocationEntry(LIST, 5),
  }),
  key,
  { created: '2026-11-27T10:00:00Z' },
);

/** What a verifier sees when `served` is what answers at the list's URL. */
const check = async (served: JsonObject, now = NOW) =>
  checkRevocation(
    await item,
    makeDocumentLoader(undefined, async (url) => (url === LIST ? served : undefined)),
    now,
  );

describe('checking a status list', () => {
  it('reads the bit of a current list the issuer signed for the URL it was fetched from', async () => {
    expect(await check(await statusListCredential(LIST, [], key, NOW - 1000))).toEqual({ checked: true, revoked: false });
    expect(await check(await statusListCredential(LIST, [5], key, NOW - 1000))).toEqual({ checked: true, revoked: true });
    const list = await statusListCredential(LIST, [], key, Date.parse('2026-12-07T12:00:00Z'));
    expect(list).toMatchObject({ validFrom: '2026-12-07T12:00:00Z', validUntil: '2026-12-08T12:00:00Z', credentialSubject: { ttl: 60_000 } });
  });

  it('refuses a list that names another URL, one saved past its day, one not yet valid, and one another key signed', async () => {
    const elsewhere = await check(await statusListCredential('https://attacker.example/api/status/1', [], key, NOW));
    expect(elsewhere).toMatchObject({ checked: true, error: expect.stringContaining('names itself https://attacker.example') });
    const stale = await check(await statusListCredential(LIST, [], key, NOW - STATUS_LIST_VALIDITY_MS - 1000));
    expect(stale).toMatchObject({ checked: true, error: expect.stringMatching(/not current|validUntil|expired/) });
    const early = await check(await statusListCredential(LIST, [], key, NOW + 60 * 60_000));
    expect(early).toMatchObject({ checked: true, error: expect.stringMatching(/not current|validFrom/) });
    const forged = await check(await statusListCredential(LIST, [], generateSigningKey(), NOW));
    expect(forged).toMatchObject({ checked: true, error: expect.any(String) });
  });
});
