import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UNSUBSCRIBE_LINK_DAYS, unsubscribeLinks } from './unsubscribe.ts';

describe('unsubscribe links', () => {
  it('work until they expire, for the person and kind they were made for only', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    let now = Date.parse('2026-12-07T12:00:00Z');
    const links = unsubscribeLinks(
      privateKey,
      () => 'https://stint.example',
      () => now,
    );
    const url = new URL(links.url('u1', 'comment'));
    const [u, k, e, t] = ['u', 'k', 'e', 't'].map((p) => url.searchParams.get(p) ?? '') as [string, string, string, string];
    expect(links.verify(u, k, e, t)).toBe(true);
    expect(links.verify('u2', k, e, t)).toBe(false);
    expect(links.verify(u, 'mentioned', e, t)).toBe(false);
    expect(links.verify(u, k, String(Number(e) + 1), t)).toBe(false);
    expect(links.verify(u, k, '', t)).toBe(false);
    now += UNSUBSCRIBE_LINK_DAYS * 86_400_000 - 1000;
    expect(links.verify(u, k, e, t)).toBe(true);
    now += 2000;
    expect(links.verify(u, k, e, t)).toBe(false);
  });
});
