import { constantTimeEqual, hashSecret, parseToken, randomString } from './token.ts';

/**
 * A token for a link sent by email (an invitation): `<id>.<secret>`, of which only the id and the
 * secret's SHA-256 are stored, so a copy of the database opens no link.
 */
export function newLinkToken(): { id: string; token: string; secretHash: string } {
  const id = randomString();
  const secret = randomString();
  return { id, token: `${id}.${secret}`, secretHash: Buffer.from(hashSecret(secret)).toString('hex') };
}

/** The stored row's id from a link's token, or null when the string is not one of ours. */
export const linkTokenId = (token: string): string | null => parseToken(token)?.id ?? null;

/** Whether the token's secret is the one whose hash was stored (in constant time). */
export function linkTokenMatches(token: string, secretHash: string): boolean {
  const parsed = parseToken(token);
  return parsed !== null && constantTimeEqual(hashSecret(parsed.secret), new Uint8Array(Buffer.from(secretHash, 'hex')));
}
