import { describe, expect, it } from 'vitest';
import { hashData, type JsonObject, signCredential } from './data-integrity.ts';
import vectors from './fixtures/vc-di-eddsa-jcs.json' with { type: 'json' };
import { generateSigningKey, publicKeyFromMultibase, secretKeyMultibase, signingKeyFromMultibase } from './keys.ts';
import { verifyCredential } from './verify.ts';

const { proof, ...unsigned } = vectors.signed as JsonObject & { proof: JsonObject };
const { proofValue, ...proofConfig } = proof;

describe('eddsa-jcs-2022 against the W3C vc-di-eddsa test vectors', () => {
  it('derives the published public key from the published secret key', () => {
    const key = signingKeyFromMultibase(vectors.keyPair.privateKeyMultibase);
    expect(key.publicKeyMultibase).toBe(vectors.keyPair.publicKeyMultibase);
    expect(secretKeyMultibase(key)).toBe(vectors.keyPair.privateKeyMultibase);
  });

  it('hashes the JCS form of the document to the published document hash', () => {
    // The vectors' combined-hash file predates the proof config gaining @context; its document half still applies.
    expect(hashData(unsigned, proofConfig).subarray(32).toString('hex')).toBe(vectors.documentHashHex);
  });

  it('reproduces the published proofValue', () => {
    const key = signingKeyFromMultibase(vectors.keyPair.privateKeyMultibase);
    const signed = signCredential(unsigned, key, { created: String(proofConfig.created), verificationMethod: String(proofConfig.verificationMethod) });
    expect(signed.proof.proofValue).toBe(proofValue);
    expect(signed).toEqual(vectors.signed);
  });

  it('verifies the published credential, and fails it when any field changes', async () => {
    const publicKey = publicKeyFromMultibase(vectors.keyPair.publicKeyMultibase);
    expect(await verifyCredential(vectors.signed, { publicKey })).toEqual({ valid: true });
    const tampered = structuredClone(vectors.signed) as JsonObject & { credentialSubject: JsonObject };
    tampered.credentialSubject.alumniOf = 'The School of Forgery';
    expect(await verifyCredential(tampered, { publicKey })).toMatchObject({ valid: false, reason: expect.stringMatching(/signature does not match/) });
  });
});

describe('credentials signed with a did:key', () => {
  it('verify without any other key material, and name the reason when they fail', async () => {
    const key = generateSigningKey();
    const signed = signCredential({ '@context': ['https://www.w3.org/ns/credentials/v2'], issuer: { id: key.did }, name: 'x' }, key, {
      created: '2026-11-22T00:00:00Z',
      verificationMethod: key.verificationMethod,
    });
    expect(await verifyCredential(signed)).toEqual({ valid: true });
    expect(await verifyCredential({ ...signed, name: 'y' })).toMatchObject({ valid: false });
    const other = generateSigningKey();
    expect(await verifyCredential({ ...signed, issuer: { id: other.did } })).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/key of the issuer/),
    });
    expect(await verifyCredential({ ...signed, proof: { ...signed.proof, cryptosuite: 'eddsa-rdfc-2022' } })).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/eddsa-rdfc-2022 proof does not verify/),
    });
    expect(await verifyCredential({ ...signed, proof: { ...signed.proof, proofValue: 'zzz' } })).toMatchObject({ valid: false });
    expect(await verifyCredential('nope')).toMatchObject({ valid: false });
  });
});
