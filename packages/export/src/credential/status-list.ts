import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { BitstringStatusList, checkStatus, createCredential } from '@digitalbazaar/vc-bitstring-status-list';
import { STATUS_LIST_LENGTH } from '@stint/domain';
import type { DocumentLoader } from './contexts.ts';
import type { JsonObject } from './data-integrity.ts';
import type { SigningKey } from './keys.ts';
import { signRdfc } from './rdfc.ts';

/** The `credentialStatus` an item carries: its bit in the revocation list at `listUrl`. */
export function revocationEntry(listUrl: string, index: number): JsonObject {
  return {
    id: `${listUrl}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: String(index),
    statusListCredential: listUrl,
  };
}

/**
 * The signed BitstringStatusListCredential published at `listUrl` (Digital Bazaar's
 * vc-bitstring-status-list builds and GZIP-encodes the list): every revoked item's bit set,
 * signed by the issuer like the items, so a verifier trusts it for the same reason.
 */
export async function statusListCredential(
  listUrl: string,
  revoked: readonly number[],
  key: SigningKey,
  validFrom: string,
): Promise<JsonObject & { proof: JsonObject }> {
  const list = new BitstringStatusList({ length: STATUS_LIST_LENGTH });
  for (const index of revoked) list.setStatus(index, true);
  const unsigned = await createCredential({ id: listUrl, list, statusPurpose: 'revocation' });
  return signRdfc({ ...unsigned, issuer: key.did, validFrom }, key, { created: validFrom });
}

export type RevocationCheck = { checked: false } | { checked: true; revoked: boolean } | { checked: true; error: string };

/**
 * Whether the issuer's status list marks `credential` revoked: the list credential is loaded
 * through `documentLoader` (which must know its URL), its own proof checked, its issuer matched
 * to the credential's. `{ checked: false }` for a credential with no status entry (items issued
 * before revocation existed).
 */
export async function checkRevocation(credential: JsonObject, documentLoader: DocumentLoader): Promise<RevocationCheck> {
  if (!credential.credentialStatus) return { checked: false };
  const result = await checkStatus({ credential, documentLoader, suite: new DataIntegrityProof({ cryptosuite }), verifyMatchingIssuers: true });
  if (!result.verified) return { checked: true, error: result.error?.message ?? 'the status list could not be checked' };
  return { checked: true, revoked: result.results ? result.results.some((r) => r.status) : Boolean(result.status) };
}
