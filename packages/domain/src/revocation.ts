import { conflict, forbidden } from './errors.ts';
import type { Role } from './roles.ts';

/**
 * Bits in one Bitstring Status List: the specification's minimum (16 KiB), so that each item
 * hides among 131,072 and a verifier fetching the list learns nothing about which one it checks.
 */
export const STATUS_LIST_LENGTH = 131_072;

/** A list takes new items until half its bits are used, so a random free bit is found at once. */
export const STATUS_LIST_FILL = STATUS_LIST_LENGTH / 2;

export const REVOCATION_REASON_MAX = 500;

/**
 * How long a signed status list stays valid (`validUntil`): a saved copy stops proving "not
 * revoked" a day after it was signed. The server signs afresh every `STATUS_LIST_RESIGN_MS`, so
 * what it serves always has most of its day left; verifiers may cache it for `STATUS_LIST_TTL_MS`.
 */
export const STATUS_LIST_VALIDITY_MS = 24 * 60 * 60_000;
export const STATUS_LIST_RESIGN_MS = 60 * 60_000;
export const STATUS_LIST_TTL_MS = 60_000;

/** Where list `list` is published: stable, since every credential issued names it. */
export const statusListPath = (list: number): string => `/api/status/${list}`;

/**
 * Who may revoke a portfolio item, and when: the employer who rated the work (an item issued in
 * error is theirs to withdraw; the student can unpublish, not revoke), once. Operators revoke
 * through `stint revoke`, outside the rights table.
 */
export function assertCanRevoke(role: Role | null, revokedAt: string | null): void {
  if (role !== 'employer') throw forbidden('not_allowed', "Only the project's employer may revoke its portfolio item.");
  if (revokedAt) throw conflict('already_revoked', `This portfolio item was already revoked on ${revokedAt.slice(0, 10)}.`);
}
export const canRevoke = (role: Role | null, revokedAt: string | null) => role === 'employer' && !revokedAt;
