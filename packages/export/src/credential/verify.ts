import type { DocumentLoader } from './contexts.ts';
import { issuerOf, type JsonObject, type Verification, verifyJcs } from './data-integrity.ts';
import { verifyRdfc } from './rdfc.ts';

/**
 * Checks a credential's proof, whichever cryptosuite Stint signed it with: eddsa-rdfc-2022 (items
 * issued now) or eddsa-jcs-2022 (items issued before, which keep verifying). Either way the key
 * must be the issuer's own: a did:key verification method under the issuer's DID.
 * `publicKey` (jcs only) is for test vectors whose issuer is not a did:key; `documentLoader`
 * (rdfc only) resolves more than did:key — a did:web the caller knows or may fetch.
 */
export async function verifyCredential(secured: unknown, options: { publicKey?: Uint8Array; documentLoader?: DocumentLoader } = {}): Promise<Verification> {
  if (typeof secured !== 'object' || secured === null || Array.isArray(secured)) return { valid: false, reason: 'not a JSON object' };
  const proof = (secured as JsonObject).proof;
  if (typeof proof !== 'object' || proof === null || Array.isArray(proof)) return { valid: false, reason: 'no proof (or more than one)' };
  const { cryptosuite, type, proofPurpose, verificationMethod } = proof as JsonObject;
  if (cryptosuite !== 'eddsa-rdfc-2022') return verifyJcs(secured, options.publicKey);
  if (type !== 'DataIntegrityProof') return { valid: false, reason: 'proof is not a DataIntegrityProof' };
  if (proofPurpose !== 'assertionMethod') return { valid: false, reason: 'proof purpose is not assertionMethod' };
  const issuer = issuerOf(secured);
  if (!issuer) return { valid: false, reason: 'the credential names no issuer DID (issuer must be a DID or an object with a DID id)' };
  if (!String(verificationMethod).startsWith(`${issuer}#`)) return { valid: false, reason: 'the proof was not made with a key of the issuer' };
  return verifyRdfc(secured as JsonObject, options.documentLoader);
}
