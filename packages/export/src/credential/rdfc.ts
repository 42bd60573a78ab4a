import { sign } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { type DocumentLoader, documentLoader as offline } from './contexts.ts';
import type { JsonObject, Verification } from './data-integrity.ts';
import type { SigningKey } from './keys.ts';

/**
 * Adds a Data Integrity proof with the eddsa-rdfc-2022 cryptosuite, the one wallets and 1EdTech's
 * validator accept (through Digital Bazaar's @digitalbazaar/vc and data-integrity: the reference
 * implementation the W3C test suites run). The key stays a node:crypto key: the signer signs
 * what the suite hands it.
 */
export async function signRdfc<T extends JsonObject>(unsecured: T, key: SigningKey, options: { created: string }): Promise<T & { proof: JsonObject }> {
  const suite = new DataIntegrityProof({
    cryptosuite,
    date: options.created,
    signer: { id: key.verificationMethod, algorithm: 'Ed25519', sign: async ({ data }) => new Uint8Array(sign(null, data, key.privateKey)) },
  });
  return (await vc.issue({ credential: structuredClone(unsecured), suite, documentLoader: offline })) as T & { proof: JsonObject };
}

/** Checks an eddsa-rdfc-2022 proof: offline with shipped contexts and did:key, unless given a loader that resolves more. */
export async function verifyRdfc(secured: JsonObject, documentLoader: DocumentLoader = offline): Promise<Verification> {
  const result = await vc.verifyCredential({
    credential: secured,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader,
    // The proof only: whether it was revoked is its own check (checkRevocation), told apart in what people read.
    checkStatus: async () => ({ verified: true }),
  });
  if (result.verified) return { valid: true };
  const reasons = [result.error?.message, ...(result.error?.errors ?? []).map((e) => e.message)].filter(Boolean);
  return { valid: false, reason: `the eddsa-rdfc-2022 proof does not verify: ${[...new Set(reasons)].join('; ') || 'no reason given'}` };
}
