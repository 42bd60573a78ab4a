import { type DocumentLoader, didWebDocument, didWebFor, keyUnder, makeDocumentLoader, type RetiredKey, type SigningKey } from '@stint/export/identity';
import type { Keyring } from './signing-key.ts';

/** Who this deployment issues portfolio credentials as. */
export interface Issuer {
  /** The key that signs now, under the deployment's DID (did:web on https, else did:key). */
  key: SigningKey;
  retired: readonly RetiredKey[];
  /** The document served at /.well-known/did.json; null under did:key. */
  didDocument: object | null;
  /** Resolves this deployment's own did:web without the network; did:key as always. */
  documentLoader: DocumentLoader;
  /** Whether a credential's issuer DID is one this deployment has issued under. */
  ours(did: string): boolean;
}

/**
 * did:web for a deployment whose PUBLIC_URL is https (what wallets and Credly-style issuers use:
 * the issuer is the organisation's domain, and keys can rotate under it), did:key otherwise. The
 * DIDs it has issued under before — the did:key of the current key from before PUBLIC_URL was
 * https, and each retired key's — stay its own, so old items keep passing the issuer check.
 */
export function makeIssuer(keyring: Keyring, publicUrl: string | undefined): Issuer {
  const web = didWebFor(publicUrl);
  const key = web ? keyUnder(keyring.current, web) : keyring.current;
  const didDocument = web ? didWebDocument(web, keyring.current, keyring.retired) : null;
  const dids = new Set([key.did, keyring.current.did, ...keyring.retired.map((k) => `did:key:${k.publicKeyMultibase}`)]);
  if (web) dids.add(web);
  return {
    key,
    retired: keyring.retired,
    didDocument,
    documentLoader: makeDocumentLoader(async (did) => (did === web ? (didDocument ?? undefined) : undefined)),
    ours: (did) => dids.has(did),
  };
}
