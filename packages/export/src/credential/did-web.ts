import type { SigningKey } from './keys.ts';

/**
 * The did:web a deployment at `publicUrl` issues under: only for `https://` (did:web resolves over
 * HTTPS, so anything else could never be resolved by a verifier); null otherwise. A port is
 * percent-encoded and a path becomes `:`-separated segments, as the did:web method says.
 */
export function didWebFor(publicUrl: string | undefined): string | null {
  if (!publicUrl) return null;
  const url = new URL(publicUrl);
  if (url.protocol !== 'https:') return null;
  const path = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', encodeURIComponent(url.host), ...path].join(':');
}

/** Where a did:web's document is: `/.well-known/did.json` for a bare host, `<path>/did.json` otherwise. */
export function didWebDocumentUrl(did: string): string {
  const [method, host, ...path] = did.split(':').slice(1);
  if (method !== 'web' || !host) throw new Error(`Not a did:web: ${did}`);
  const base = `https://${decodeURIComponent(host)}`;
  return path.length === 0 ? `${base}/.well-known/did.json` : `${base}/${path.map(decodeURIComponent).join('/')}/did.json`;
}

/** A key that retired from signing: kept so what it signed keeps verifying. */
export interface RetiredKey {
  publicKeyMultibase: string;
  retiredAt: string;
}

/** The key as it signs under `did` (its verification method is `did#<its multibase>`). */
export function keyUnder(key: SigningKey, did: string): SigningKey {
  return { ...key, did, verificationMethod: `${did}#${key.publicKeyMultibase}` };
}

/**
 * The DID document served at `/.well-known/did.json`: the signing key first, then every retired
 * key, each a Multikey verification method and an assertion method — credentials signed before a
 * rotation keep verifying; new ones are signed with the current key only. Retired keys are not
 * marked `revoked` (the Controlled Identifiers term): verifiers would then reject what they
 * signed while they were current. Which key is current, and since when the others retired, is
 * in `GET /api/issuer`.
 */
export function didWebDocument(did: string, current: SigningKey, retired: readonly RetiredKey[] = []): object {
  return didDocument(did, [current.publicKeyMultibase, ...retired.map((k) => k.publicKeyMultibase)]);
}

/** A DID document whose keys (Ed25519 Multikeys, in order) are each a verification and an assertion method: did:web's and did:key's alike. */
export function didDocument(did: string, publicKeyMultibases: readonly string[]): object {
  const methods = publicKeyMultibases.map((publicKeyMultibase) => ({
    id: `${did}#${publicKeyMultibase}`,
    type: 'Multikey',
    controller: did,
    publicKeyMultibase,
  }));
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}
