import { describe, expect, it } from 'vitest';
import {
  bearerToken,
  createAttemptLimiter,
  createSessions,
  type FailureLog,
  hashPassword,
  isSameOriginRequest,
  SESSION_ACTIVITY_CHECK_INTERVAL_MS,
  SESSION_INACTIVITY_TIMEOUT_MS,
  type Session,
  type SessionStore,
  sessionCookieOptions,
  verifyAgainstDecoy,
  verifyPassword,
} from './index.ts';

function memoryStore() {
  const rows = new Map<string, Session>();
  const writes: string[] = [];
  const store: SessionStore = {
    insert: async (s) => void rows.set(s.id, { ...s }),
    find: async (id) => {
      const session = rows.get(id);
      return session && { session: { ...session }, user: { id: session.userId, email: 'a@b.c', name: 'A', accountType: 'student' as const } };
    },
    touch: async (id, at) => {
      writes.push(id);
      const s = rows.get(id);
      if (s) s.lastVerifiedAt = at;
    },
    delete: async (id) => void rows.delete(id),
    deleteAllOf: async (userId) => {
      for (const [id, s] of rows) if (s.userId === userId) rows.delete(id);
    },
  };
  return { store, rows, writes };
}

describe('sessions', () => {
  it('issue <id>.<secret> tokens of 120 bits each and store only the SHA-256 of the secret', async () => {
    const { store, rows } = memoryStore();
    const { token, session } = await createSessions(store).create('u1');
    const [id, secret] = token.split('.');
    expect(id).toMatch(/^[a-z2-9]{24}$/);
    expect(secret).toMatch(/^[a-z2-9]{24}$/);
    const stored = rows.get(id!)!;
    expect(stored.secretHash.byteLength).toBe(32);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(session.id).toBe(id);
  });

  it('accept the real token and refuse a forged secret, a bare id and garbage', async () => {
    const { store } = memoryStore();
    const sessions = createSessions(store);
    const { token } = await sessions.create('u1');
    const [id, secret] = token.split('.') as [string, string];
    expect((await sessions.validate(token))?.user.id).toBe('u1');
    const forged = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
    expect(await sessions.validate(forged)).toBeNull();
    expect(await sessions.validate(id)).toBeNull();
    expect(await sessions.validate('')).toBeNull();
    expect(await sessions.validate('x'.repeat(5000))).toBeNull();
  });

  it('end after 10 days without use, and refresh at most hourly while used', async () => {
    let now = 1_000_000;
    const { store, writes, rows } = memoryStore();
    const sessions = createSessions(store, () => now);
    const { token, session } = await sessions.create('u1');

    now += SESSION_ACTIVITY_CHECK_INTERVAL_MS - 1;
    expect((await sessions.validate(token))?.refreshed).toBe(false);
    expect(writes).toEqual([]);

    now += 1;
    expect((await sessions.validate(token))?.refreshed).toBe(true);
    expect(writes).toEqual([session.id]);

    // Used every 9 days, it lives on well past 10 days from creation.
    for (let i = 0; i < 3; i++) {
      now += 9 * 24 * 60 * 60 * 1000;
      expect(await sessions.validate(token)).not.toBeNull();
    }
    now += SESSION_INACTIVITY_TIMEOUT_MS;
    expect(await sessions.validate(token)).toBeNull();
    expect(rows.has(session.id)).toBe(false);
  });

  it('invalidate ends a session at once', async () => {
    const { store } = memoryStore();
    const sessions = createSessions(store);
    const { token, session } = await sessions.create('u1');
    await sessions.invalidate(session.id);
    expect(await sessions.validate(token)).toBeNull();
  });
});

describe('passwords', () => {
  it('hash with argon2id and verify only the right password', async () => {
    const hashed = await hashPassword('correct horse battery');
    expect(hashed.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hashed, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hashed, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
    expect(await verifyAgainstDecoy('anything')).toBe(false);
  });
});

describe('login attempt limiter', () => {
  /** The window logic over a log in memory; @stint/db's log is checked in its storage contract. */
  function memoryLog(): FailureLog {
    const rows: Array<{ key: string; at: number; ticket?: string }> = [];
    return {
      recent: async (key, since, limit) =>
        rows
          .filter((r) => r.key === key && r.at > since)
          .map((r) => r.at)
          .sort((a, b) => b - a)
          .slice(0, limit),
      record: async (keys, at) => void rows.push(...keys.map((key) => ({ key, at }))),
      // One process, no await between the count and the record: atomic here.
      reserve: async (keys, at, since, limit) => {
        const full = keys
          .map((key) =>
            rows
              .filter((r) => r.key === key && r.at > since)
              .map((r) => r.at)
              .sort((x, y) => y - x),
          )
          .filter((t) => t.length >= limit);
        if (full.length > 0) return { fullSince: Math.max(...full.map((t) => t[limit - 1]!)) };
        const ticket = `t${rows.length}-${Math.random()}`;
        rows.push(...keys.map((key) => ({ key, at, ticket })));
        return { ticket };
      },
      release: async (ticket) => void rows.splice(0, rows.length, ...rows.filter((r) => r.ticket !== ticket)),
      clear: async (key) => void rows.splice(0, rows.length, ...rows.filter((r) => r.key !== key)),
    };
  }

  it('allows 10 failures in 15 minutes, refuses the 11th attempt, and says how long to wait', async () => {
    let now = 0;
    const limiter = createAttemptLimiter(memoryLog(), { clock: () => now });
    for (let i = 0; i < 10; i++) {
      expect(await limiter.retryAfterSeconds(['email:a', 'ip:1'])).toBe(0);
      await limiter.recordFailure(['email:a', 'ip:1']);
      now += 1000;
    }
    expect(await limiter.retryAfterSeconds(['email:a'])).toBe(15 * 60 - 10);
    expect(await limiter.retryAfterSeconds(['ip:1', 'email:other'])).toBeGreaterThan(0);
    expect(await limiter.retryAfterSeconds(['email:b', 'ip:2'])).toBe(0);
    now += 15 * 60 * 1000;
    expect(await limiter.retryAfterSeconds(['email:a', 'ip:1'])).toBe(0);
  });

  it('reserves before the attempt: the 11th is refused without being counted; a released one does not count', async () => {
    let now = 0;
    const limiter = createAttemptLimiter(memoryLog(), { clock: () => now });
    const tickets: string[] = [];
    for (let i = 0; i < 10; i++) {
      const reserved = await limiter.reserve(['pair', 'ip']);
      if (!('ticket' in reserved)) throw new Error(`refused at ${i}`);
      tickets.push(reserved.ticket);
      now += 1000;
    }
    expect(await limiter.reserve(['pair', 'ip'])).toEqual({ retryAfterSeconds: 15 * 60 - 10 });
    expect(await limiter.reserve(['other', 'ip'])).toEqual({ retryAfterSeconds: 15 * 60 - 10 });
    await limiter.release(tickets[0]!);
    expect(await limiter.reserve(['pair', 'ip'])).toHaveProperty('ticket');
  });

  it('forgets a key on reset', async () => {
    const limiter = createAttemptLimiter(memoryLog(), { limit: 1 });
    await limiter.recordFailure(['a', 'b']);
    await limiter.reset('a');
    expect(await limiter.retryAfterSeconds(['a'])).toBe(0);
    expect(await limiter.retryAfterSeconds(['b'])).toBeGreaterThan(0);
  });
});

describe('request origin', () => {
  const ours = ['http://127.0.0.1:3000'];
  it('lets safe methods through and holds unsafe ones to our origin', () => {
    expect(isSameOriginRequest({ method: 'GET', secFetchSite: 'cross-site', origin: 'https://evil.test' }, ours)).toBe(true);
    expect(isSameOriginRequest({ method: 'POST', secFetchSite: 'same-origin', origin: undefined }, ours)).toBe(true);
    expect(isSameOriginRequest({ method: 'POST', secFetchSite: 'same-site', origin: 'http://127.0.0.1:3000' }, ours)).toBe(false);
    expect(isSameOriginRequest({ method: 'POST', secFetchSite: 'cross-site', origin: undefined }, ours)).toBe(false);
    expect(isSameOriginRequest({ method: 'POST', secFetchSite: undefined, origin: 'http://127.0.0.1:3000' }, ours)).toBe(true);
    expect(isSameOriginRequest({ method: 'POST', secFetchSite: undefined, origin: 'https://evil.test' }, ours)).toBe(false);
    expect(isSameOriginRequest({ method: 'DELETE', secFetchSite: undefined, origin: undefined }, ours)).toBe(false);
  });
});

describe('cookies and bearer tokens', () => {
  it('mark the cookie Secure only for an https public URL', () => {
    expect(sessionCookieOptions('https://stint.example').secure).toBe(true);
    expect(sessionCookieOptions('http://127.0.0.1:3000').secure).toBe(false);
    expect(sessionCookieOptions(undefined)).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });
  it('read a bearer token and nothing else', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
