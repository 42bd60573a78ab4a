import { describe, expect, it } from 'vitest';
import { CloseCode, shouldReconnect } from './protocol.ts';

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
