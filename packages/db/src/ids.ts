import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** 16 characters from a 32-letter alphabet without look-alikes: 80 random bits, URL-safe. */
export function newId(): string {
  const bytes = randomBytes(16);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 31];
  return id;
}
