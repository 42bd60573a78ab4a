import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** 24 characters of a 32-letter alphabet: 120 random bits, as the Lucia design asks. */
export function randomString(): string {
  let out = '';
  for (const byte of randomBytes(24)) out += ALPHABET[byte & 31];
  return out;
}

export function hashSecret(secret: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(secret).digest());
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

/** A token is `<id>.<secret>`; anything else is not one of ours. */
export function parseToken(token: string): { id: string; secret: string } | null {
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  const shape = /^[a-z2-9]{24}$/;
  return shape.test(id) && shape.test(secret) ? { id, secret } : null;
}
