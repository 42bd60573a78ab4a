// The issuer's identity: its keys, its DID documents and the JSON-LD contexts credentials name.
// A server needs these from start-up, so they are a surface of their own (`@stint/export/identity`),
// light enough to load eagerly; rendering, Word export and signing load on first use from the
// package's main surface, which re-exports this one.
export { type DidResolver, type DocumentLoader, documentLoader, makeDocumentLoader, STINT_CONTEXT, STINT_CONTEXT_URL } from './credential/contexts.ts';
export { didWebDocument, didWebDocumentUrl, didWebFor, keyUnder, type RetiredKey } from './credential/did-web.ts';
export { generateSigningKey, type SigningKey, secretKeyMultibase, signingKeyFromMultibase } from './credential/keys.ts';
