import { describe, expect, it } from 'vitest';
import { clientIpFrom } from './client-ip.ts';

describe('client address', () => {
  it('is the socket peer unless proxies are trusted', () => {
    expect(clientIpFrom('10.0.0.9', '203.0.113.7', 0)).toBe('10.0.0.9');
    expect(clientIpFrom(undefined, undefined, 0)).toBe('unknown');
  });

  it('behind trusted proxies, is the entry that many hops from the right; what the client prepends is ignored', () => {
    expect(clientIpFrom('10.0.0.9', '203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientIpFrom('10.0.0.9', '198.51.100.1, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientIpFrom('10.0.0.9', '198.51.100.1, 203.0.113.7, 10.0.0.2', 2)).toBe('203.0.113.7');
    expect(clientIpFrom('10.0.0.9', '2001:db8::1', 1)).toBe('2001:db8::1');
  });

  it('falls back to the peer when the header is missing, too short or not an address', () => {
    expect(clientIpFrom('10.0.0.9', undefined, 1)).toBe('10.0.0.9');
    expect(clientIpFrom('10.0.0.9', '203.0.113.7', 2)).toBe('10.0.0.9');
    expect(clientIpFrom('10.0.0.9', 'not-an-ip', 1)).toBe('10.0.0.9');
  });
});
