import { createHmac, type KeyObject, sign, timingSafeEqual } from 'node:crypto';
import type { NotificationKind } from '@stint/domain';

export interface UnsubscribeLinks {
  /** A link that turns emails of `kind` off for `userId`, without signing in. */
  url(userId: string, kind: NotificationKind): string;
  verify(userId: string, kind: string, token: string): boolean;
}

/**
 * Unsubscribe links carry an HMAC of (person, kind), so they work from any mail client without a
 * session and can't be forged for someone else. The HMAC key is derived from the issuer's key
 * (an Ed25519 signature is deterministic), so every process of a deployment agrees on it and
 * there is no second secret to keep.
 */
export function unsubscribeLinks(privateKey: KeyObject, baseUrl: () => string): UnsubscribeLinks {
  const key = sign(null, Buffer.from('stint unsubscribe links v1'), privateKey);
  const mac = (userId: string, kind: string) => createHmac('sha256', key).update(`${userId}\n${kind}`).digest('base64url');
  return {
    url: (userId, kind) => `${baseUrl()}/api/unsubscribe?u=${encodeURIComponent(userId)}&k=${kind}&t=${mac(userId, kind)}`,
    verify(userId, kind, token) {
      const want = Buffer.from(mac(userId, kind));
      const got = Buffer.from(token);
      return want.length === got.length && timingSafeEqual(want, got);
    },
  };
}
