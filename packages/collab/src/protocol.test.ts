import { describe, expect, it } from 'vitest';
import { CloseCode, fitCloseReason, MAX_CLOSE_REASON_BYTES, shouldReconnect } from './protocol.ts';

describe('close codes, as clients read them', () => {
  it('refusals stop the client retrying; being cut off for not reading, shutdowns and storage failures do not', () => {
    for (const code of [
      CloseCode.malformed,
      CloseCode.unauthenticated,
      CloseCode.forbidden,
      CloseCode.notFound,
      CloseCode.tooLarge,
      CloseCode.invalidShape,
      CloseCode.tooMany,
    ]) {
      expect(shouldReconnect(code), String(code)).toBe(false);
    }
    for (const code of [CloseCode.tooSlow, CloseCode.goingAway, CloseCode.internalError, 1006]) expect(shouldReconnect(code), String(code)).toBe(true);
  });
});

describe('fitCloseReason', () => {
  it('keeps a short reason, and cuts a long one at a character boundary to at most 123 bytes, marked', () => {
    expect(fitCloseReason('No such project.')).toBe('No such project.');
    for (const long of ['k'.repeat(300), 'ж'.repeat(100), '👩‍💻'.repeat(40), `a${'ж'.repeat(80)}`]) {
      const fitted = fitCloseReason(long);
      expect(new TextEncoder().encode(fitted).byteLength).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
      expect(fitted.endsWith('…')).toBe(true);
      expect(long.startsWith(fitted.slice(0, -1))).toBe(true);
      // Decodes back whole: no sequence was split.
      expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(fitted))).toBe(fitted);
    }
  });
});
