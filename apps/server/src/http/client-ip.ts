import { isIP } from 'node:net';

/**
 * The address a request came from. Behind `trustedHops` proxies (a load balancer in front of
 * several processes), the socket's peer is the nearest proxy and the client is the entry that
 * many hops from the right of X-Forwarded-For: each proxy appends the address it saw. Entries
 * further left are whatever the client claimed, so they are never used; without trusted
 * proxies the header is ignored altogether.
 */
export function clientIpFrom(remoteAddress: string | undefined, forwardedFor: string | undefined, trustedHops: number): string {
  const peer = remoteAddress ?? 'unknown';
  if (trustedHops === 0 || !forwardedFor) return peer;
  const chain = forwardedFor.split(',').map((entry) => entry.trim());
  const client = chain[chain.length - trustedHops];
  return client && isIP(client) ? client : peer;
}
