import type { User } from '@stint/domain';
import { constantTimeEqual, hashSecret, parseToken, randomString } from './token.ts';

export const SESSION_INACTIVITY_TIMEOUT_MS = 10 * 24 * 60 * 60 * 1000;
/** How stale `lastVerifiedAt` may get before a request writes it again (and re-sets the cookie). */
export const SESSION_ACTIVITY_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export interface Session {
  id: string;
  userId: string;
  secretHash: Uint8Array;
  createdAt: number;
  lastVerifiedAt: number;
}

/** Where sessions live; `apps/server` hands in one backed by `@stint/db`. */
export interface SessionStore {
  insert(session: Session): Promise<void>;
  find(id: string): Promise<{ session: Session; user: User } | undefined>;
  touch(id: string, lastVerifiedAt: number): Promise<void>;
  delete(id: string): Promise<void>;
  deleteAllOf(userId: string): Promise<void>;
}

export interface ValidSession {
  user: User;
  session: Session;
  /** True when this validation extended the session: re-send the cookie. */
  refreshed: boolean;
}

export interface Sessions {
  create(userId: string): Promise<{ token: string; session: Session }>;
  validate(token: string): Promise<ValidSession | null>;
  invalidate(sessionId: string): Promise<void>;
  /** Ends every session of the user ("sign out everywhere"). */
  invalidateAll(userId: string): Promise<void>;
}

/**
 * Sessions as the Lucia project designs them now: the token is `<id>.<secret>`, only
 * SHA-256(secret) is stored and it is compared in constant time, so a leaked database holds no
 * usable token; a session ends after 10 days without use.
 */
export function createSessions(store: SessionStore, clock: () => number = Date.now): Sessions {
  return {
    async create(userId) {
      const id = randomString();
      const secret = randomString();
      const now = clock();
      const session: Session = { id, userId, secretHash: hashSecret(secret), createdAt: now, lastVerifiedAt: now };
      await store.insert(session);
      return { token: `${id}.${secret}`, session };
    },

    async validate(token) {
      const parsed = parseToken(token);
      if (!parsed) return null;
      const found = await store.find(parsed.id);
      if (!found) return null;
      if (!constantTimeEqual(hashSecret(parsed.secret), found.session.secretHash)) return null;
      const now = clock();
      if (now - found.session.lastVerifiedAt >= SESSION_INACTIVITY_TIMEOUT_MS) {
        await store.delete(parsed.id);
        return null;
      }
      if (now - found.session.lastVerifiedAt < SESSION_ACTIVITY_CHECK_INTERVAL_MS) {
        return { ...found, refreshed: false };
      }
      await store.touch(parsed.id, now);
      return { user: found.user, session: { ...found.session, lastVerifiedAt: now }, refreshed: true };
    },

    invalidate: (sessionId) => store.delete(sessionId),
    invalidateAll: (userId) => store.deleteAllOf(userId),
  };
}
