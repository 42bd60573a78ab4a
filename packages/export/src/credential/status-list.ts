import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { BitstringStatusList, checkStatus, createCredential } from '@digitalbazaar/vc-bitstring-status-list';
import { STATUS_LIST_LENGTH, STATUS_LIST_TTL_MS, STATUS_LIST_VALIDITY_MS } from '@stint/domain';
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

/** An instant as credentials write it: ISO 8601 to the second, UTC. */
export const credentialTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The signed BitstringStatusListCredential published at `listUrl` (Digital Bazaar's
 * vc-bitstring-status-list builds and GZIP-encodes the list): every revoked item's bit set,
 * signed by the issuer like the items, so a verifier trusts it for the same reason. It is valid
 * for a day from `signedAt` (a saved copy can't vouch for an item revoked since), and says how
 * long a verifier may cache it (`ttl`).
 */
export async function statusListCredential(
  listUrl: string,
  revoked: readonly number[],
  key: SigningKey,
  signedAt: number,
): Promise<JsonObject & { proof: JsonObject }> {
  const list = new BitstringStatusList({ length: STATUS_LIST_LENGTH });
  for (const index of revoked) list.setStatus(index, true);
  const unsigned = await createCredential({ id: listUrl, list, statusPurpose: 'revocation' });
  const validFrom = credentialTime(signedAt);
  const subject = { ...(unsigned.credentialSubject as JsonObject), ttl: STATUS_LIST_TTL_MS };
  return signRdfc(
    { ...unsigned, credentialSubject: subject, issuer: key.did, validFrom, validUntil: credentialTime(signedAt + STATUS_LIST_VALIDITY_MS) },
    key,
    { created: validFrom },
  );
}

export type RevocationCheck = { checked: false } | { checked: true; revoked: boolean } | { checked: true; error: string };

/**
 * Whether the issuer's status list marks `credential` revoked: the list credential is loaded
 * through `documentLoader` (which must know its URL), its own proof checked, its issuer matched
 * to the credential's; and it must be the list it says it is (its `id` is the URL it was loaded
 * from) and current (`validFrom` ≤ now < `validUntil`), or a copy saved before a revocation would
 * vouch for the item for ever. `{ checked: false }` for a credential with no status entry (items
 * issued before revocation existed).
 */
export async function checkRevocation(credential: JsonObject, documentLoader: DocumentLoader, now = Date.now()): Promise<RevocationCheck> {
  if (!credential.credentialStatus) return { checked: false };
  const listUrl = (credential.credentialStatus as { statusListCredential?: unknown }).statusListCredential;
  let loadedList: JsonObject | null = null;
  const capturing: DocumentLoader = async (url) => {
    const loaded = await documentLoader(url);
    if (url === listUrl) loadedList = loaded.document as JsonObject;
    return loaded;
  };
  const result = await checkStatus({ credential, documentLoader: capturing, suite: new DataIntegrityProof({ cryptosuite }), verifyMatchingIssuers: true });
  if (!result.verified) return { checked: true, error: result.error?.message ?? 'the status list could not be checked' };
  const list = loadedList as JsonObject | null;
  if (!list || list.id !== listUrl) return { checked: true, error: `the status list loaded from ${String(listUrl)} names itself ${String(list?.id)}` };
  const from = Date.parse(String(list.validFrom));
  const until = Date.parse(String(list.validUntil));
  if (!Number.isFinite(until) || !Number.isFinite(from)) return { checked: true, error: 'the status list says for how long it is valid' };
  if (now < from - CLOCK_SKEW_MS || now >= until)
    return { checked: true, error: `the status list is not current (valid ${String(list.validFrom)} to ${String(list.validUntil)})` };
  return { checked: true, revoked: result.results ? result.results.some((r) => r.status) : Boolean(result.status) };
}

/** Clocks disagree a little: a list signed a moment "in the future" is still current. */
const CLOCK_SKEW_MS = 5 * 60_000;
