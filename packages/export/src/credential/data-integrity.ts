import { createHash, sign, verify } from 'node:crypto';
import * as jcsModule from 'canonicalize';
import { multibaseDecode, multibaseEncode, publicKeyFromDidKey, publicKeyObject, type SigningKey } from './keys.ts';

// canonicalize (RFC 8785 JCS) ships CommonJS whose typings claim an ES default export: Node and
// bundlers alike hand its module.exports (the function) over as the namespace's default.
const canonicalize = jcsModule.default as unknown as (value: unknown) => string | undefined;

export type JsonObject = { [key: string]: unknown };

export interface ProofOptions {
  created: string;
  verificationMethod: string;
  proofPurpose?: string;
}

function jcs(value: unknown): string {
  const out = canonicalize(value);
  if (out === undefined) throw new Error('This value has no JSON canonical form.');
  return out;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** eddsa-jcs-2022 hashing: SHA-256(JCS(proof config)) ‖ SHA-256(JCS(document)). */
export function hashData(document: JsonObject, proofConfig: JsonObject): Buffer {
  return Buffer.concat([sha256(jcs(proofConfig)), sha256(jcs(document))]);
}

/** Adds a Data Integrity proof with the eddsa-jcs-2022 cryptosuite (W3C vc-di-eddsa): how items were signed before eddsa-rdfc-2022. */
export function signCredential<T extends JsonObject>(unsecured: T, key: SigningKey, options: ProofOptions): T & { proof: JsonObject } {
  const proofConfig: JsonObject = {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-jcs-2022',
    created: options.created,
    verificationMethod: options.verificationMethod,
    proofPurpose: options.proofPurpose ?? 'assertionMethod',
    ...(unsecured['@context'] ? { '@context': unsecured['@context'] } : {}),
  };
  const signature = sign(null, hashData(unsecured, proofConfig), key.privateKey);
  return { ...unsecured, proof: { ...proofConfig, proofValue: multibaseEncode(signature) } };
}

export type Verification = { valid: true } | { valid: false; reason: string };

/**
 * The credential's issuer DID: `issuer` must be a DID string or an object whose `id` is one.
 * Anything else (missing, a number, an id that is not a DID) names nobody, so nothing it carries
 * can be trusted.
 */
export function issuerOf(credential: unknown): string | null {
  if (typeof credential !== 'object' || credential === null) return null;
  const issuer = (credential as JsonObject).issuer;
  const id =
    typeof issuer === 'string' ? issuer : typeof issuer === 'object' && issuer !== null && !Array.isArray(issuer) ? (issuer as JsonObject).id : undefined;
  return typeof id === 'string' && /^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$/.test(id) ? id : null;
}

/**
 * Checks an eddsa-jcs-2022 proof (items issued before eddsa-rdfc-2022; `verifyCredential` in
 * verify.ts picks the check by cryptosuite). The key comes from the proof's did:key verification method,
 * or from `publicKey` when the caller resolved it some other way.
 */
export function verifyJcs(secured: unknown, publicKey?: Uint8Array): Verification {
  if (typeof secured !== 'object' || secured === null || Array.isArray(secured)) return { valid: false, reason: 'not a JSON object' };
  const { proof, ...document } = secured as JsonObject;
  if (typeof proof !== 'object' || proof === null || Array.isArray(proof)) return { valid: false, reason: 'no proof' };
  const { proofValue, ...proofConfig } = proof as JsonObject;
  if (proofConfig.type !== 'DataIntegrityProof' || proofConfig.cryptosuite !== 'eddsa-jcs-2022') {
    return { valid: false, reason: 'proof is not a DataIntegrityProof with the eddsa-jcs-2022 cryptosuite' };
  }
  if (proofConfig.proofPurpose !== 'assertionMethod') return { valid: false, reason: 'proof purpose is not assertionMethod' };
  if (document['@context'] !== undefined && jcs(document['@context']) !== jcs(proofConfig['@context'])) {
    return { valid: false, reason: "the proof's @context does not match the credential's" };
  }
  if (typeof proofValue !== 'string') return { valid: false, reason: 'proofValue is missing' };
  let key: Uint8Array;
  let signature: Uint8Array;
  try {
    key = publicKey ?? publicKeyFromDidKey(String(proofConfig.verificationMethod));
    signature = multibaseDecode(proofValue);
  } catch (error) {
    return { valid: false, reason: (error as Error).message };
  }
  const issuerId = issuerOf(document);
  // A caller that resolved the key itself (a test vector's https issuer) vouches for the issuer.
  const named = (d: JsonObject) => typeof d.issuer === 'string' || typeof (d.issuer as JsonObject | undefined)?.id === 'string';
  if (!issuerId && !(publicKey && named(document)))
    return { valid: false, reason: 'the credential names no issuer DID (issuer must be a DID or an object with a DID id)' };
  if (!publicKey && !String(proofConfig.verificationMethod).startsWith(`${issuerId}#`)) {
    return { valid: false, reason: 'the proof was not made with a key of the issuer' };
  }
  const ok = signature.length === 64 && verify(null, hashData(document, proofConfig), publicKeyObject(key), signature);
  return ok
    ? { valid: true }
    : { valid: false, reason: 'the signature does not match: the credential was changed after it was signed, or signed by another key' };
}
