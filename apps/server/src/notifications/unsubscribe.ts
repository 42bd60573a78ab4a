import { createHmac, type KeyObject, sign, timingSafeEqual } from 'node:crypto';
import type { NotificationKind } from '@stint/domain';

export interface UnsubscribeLinks {
  /** A link that turns emails of `kind` off for `userId`, without signing in, until it expires. */
  url(userId: string, kind: NotificationKind): string;
  /** Whether the link's signature holds and it has not expired (`expires`: seconds since the epoch, as in the link). */
  verify(userId: string, kind: string, expires: string, token: string): boolean;
}

/** How long an email's unsubscribe link works: long past any digest, short of for ever. */
export const UNSUBSCRIBE_LINK_DAYS = 90;

/**
 * Unsubscribe links carry an HMAC of (person, kind, expiry), so they work from any mail client
 * without a session, can't be forged for someone else, and stop working after a while. The HMAC key is derived from the issuer's key
 * (an Ed25519 signature is deterministic), so every process of a deployment agrees on it and
 * there is no second secret to keep.
 */
export function unsubscribeLinks(privateKey: KeyObject, baseUrl: () => string, clock: () => number = Date.now): UnsubscribeLinks {
  const key = sign(null, Buffer.from('stint unsubscribe links v2'), privateKey);
  const mac = (userId: string, kind: string, expires: string) => createHmac('sha256', key).update(`${userId}\n${kind}\n${expires}`).digest('base64url');
  return {
    url(userId, kind) {
      const expires = String(Math.floor(clock() / 1000) + UNSUBSCRIBE_LINK_DAYS * 86_400);
      return `${baseUrl()}/api/unsubscribe?u=${encodeURIComponent(userId)}&k=${kind}&e=${expires}&t=${mac(userId, kind, expires)}`;
    },
    verify(userId, kind, expires, token) {
      if (!/^\d{1,12}$/.test(expires) || Number(expires) * 1000 <= clock()) return false;
      const want = Buffer.from(mac(userId, kind, expires));
      const got = Buffer.from(token);
      return want.length === got.length && timingSafeEqual(want, got);
    },
  };
}
