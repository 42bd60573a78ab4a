import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, testApp } from './test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const expectError = (res: { status: number; json: any }, status: number, code: string) => {
  expect(res.status, JSON.stringify(res.json)).toBe(status);
  expect(res.json.error.code).toBe(code);
  expect(res.json.error.message.length).toBeGreaterThan(10);
};

describe('signup and login', () => {
  it('signs up with a session cookie (HttpOnly, SameSite=Lax, Path=/) and a token that works as Bearer', async () => {
    const res = await t.call('POST', '/api/auth/signup', { body: { email: 'Ada@Example.test', password: 'long enough password', name: 'Ada' } });
    expect(res.status).toBe(201);
    expect(res.json.user).toMatchObject({ email: 'ada@example.test', name: 'Ada' });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^stint_session=[a-z2-9]{24}\.[a-z2-9]{24};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect((await t.call('GET', '/api/me', { token: res.json.token })).json.user.email).toBe('ada@example.test');
    expect((await t.call('GET', '/api/me', { cookie: res.json.token })).json.user.name).toBe('Ada');
  });

  it('refuses a taken email (any case) with 409 email_taken and creates nothing', async () => {
    await t.signup('Bo');
    const first = await t.call('POST', '/api/auth/signup', { body: { email: 'dup@example.test', password: 'long enough password', name: 'A' } });
    expect(first.status).toBe(201);
    expectError(
      await t.call('POST', '/api/auth/signup', { body: { email: 'DUP@example.test', password: 'another password!', name: 'B' } }),
      409,
      'email_taken',
    );
    const login = await t.call('POST', '/api/auth/login', { body: { email: 'dup@example.test', password: 'long enough password' } });
    expect(login.json.user.name).toBe('A');
  });

  it('keeps what someone signed up as (student unless they say), and says so on /api/me and at login', async () => {
    const employer = await t.call('POST', '/api/auth/signup', {
      body: { email: 'boss@example.test', password: 'long enough password', name: 'Boss', accountType: 'employer' },
    });
    expect(employer.json.user.accountType).toBe('employer');
    expect((await t.call('GET', '/api/me', { token: employer.json.token })).json.user.accountType).toBe('employer');
    const login = await t.call('POST', '/api/auth/login', { body: { email: 'boss@example.test', password: 'long enough password' } });
    expect(login.json.user).toEqual({ id: employer.json.user.id, email: 'boss@example.test', name: 'Boss', accountType: 'employer' });
    const unsaid = await t.call('POST', '/api/auth/signup', { body: { email: 'kid@example.test', password: 'long enough password', name: 'Kid' } });
    expect(unsaid.json.user.accountType).toBe('student');
    const bad = await t.call('POST', '/api/auth/signup', {
      body: { email: 'x@example.test', password: 'long enough password', name: 'X', accountType: 'admin' },
    });
    expectError(bad, 400, 'invalid_input');
    expect(bad.json.error.message).toMatch(/accountType/);
  });

  it('names each bad signup field', async () => {
    const res = await t.call('POST', '/api/auth/signup', { body: { email: 'nope', password: 'short', name: '' } });
    expectError(res, 400, 'invalid_input');
    expect(res.json.error.message).toMatch(/email/);
    expect(res.json.error.message).toMatch(/password/);
    expect(res.json.error.message).toMatch(/name/);
    // For people, each field's problem as a sentence without its key (the form shows the label).
    const fields = res.json.error.fields as Array<{ field: string; message: string }>;
    expect(fields.map((f) => f.field).sort()).toEqual(['email', 'name', 'password']);
    for (const f of fields) expect(f.message).not.toMatch(new RegExp(`^${f.field}:`));
    expect(fields.find((f) => f.field === 'password')!.message).toMatch(/^A password needs/);
  });

  it('answers a wrong password and an unknown email alike: 401 invalid_credentials', async () => {
    const user = await t.signup('Cy');
    expectError(await t.call('POST', '/api/auth/login', { body: { email: user.email, password: 'wrong password' } }), 401, 'invalid_credentials');
    expectError(await t.call('POST', '/api/auth/login', { body: { email: 'ghost@example.test', password: 'whatever' } }), 401, 'invalid_credentials');
  });

  it('ten failures for one email from many addresses lock nobody out: the owner signs in from elsewhere, only slowed down', async () => {
    const user = await t.signup('Di');
    for (let i = 0; i < 10; i++) {
      t.setIp(`10.1.0.${i}`);
      expect((await t.call('POST', '/api/auth/login', { body: { email: user.email, password: `wrong ${i}` } })).status).toBe(401);
    }
    t.setIp('10.1.1.1');
    const started = Date.now();
    expect((await t.call('POST', '/api/auth/login', { body: { email: user.email, password: 'long enough password' } })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });

  it('limits failed logins per email and address: the 11th attempt in 15 minutes is 429 with Retry-After, even with the right password', async () => {
    const user = await t.signup('Dee');
    t.setIp('10.2.0.1');
    for (let i = 0; i < 10; i++) expect((await t.call('POST', '/api/auth/login', { body: { email: user.email, password: `wrong ${i}` } })).status).toBe(401);
    const blocked = await t.call('POST', '/api/auth/login', { body: { email: user.email, password: 'long enough password' } });
    expectError(blocked, 429, 'rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    t.clock.now += 15 * 60 * 1000 + 1000;
    expect((await t.call('POST', '/api/auth/login', { body: { email: user.email, password: 'long enough password' } })).status).toBe(200);
    t.setIp('10.0.0.1');
  });

  it('limits failed logins per IP across many emails', async () => {
    t.setIp('10.9.9.9');
    for (let i = 0; i < 10; i++) {
      await t.call('POST', '/api/auth/login', { body: { email: `spray${i}@example.test`, password: 'guess' } });
    }
    expectError(await t.call('POST', '/api/auth/login', { body: { email: 'spray99@example.test', password: 'guess' } }), 429, 'rate_limited');
    t.setIp('10.0.0.1');
  });
});

describe('sessions', () => {
  it('logout ends the session server-side', async () => {
    const user = await t.signup('Ed');
    expect((await t.call('POST', '/api/auth/logout', { token: user.token })).status).toBe(204);
    expectError(await t.call('GET', '/api/me', { token: user.token }), 401, 'unauthenticated');
    expectError(await t.call('POST', '/api/auth/logout', { token: user.token }), 401, 'unauthenticated');
  });

  it('rejects forged, truncated and garbage tokens with 401', async () => {
    const user = await t.signup('Fay');
    const [id, secret] = user.token.split('.') as [string, string];
    for (const token of [`${id}.${'a'.repeat(24)}`, `${id}.${secret.slice(1)}`, id, 'garbage', `${'b'.repeat(24)}.${secret}`]) {
      expectError(await t.call('GET', '/api/me', { token }), 401, 'unauthenticated');
    }
  });

  it('expires a session after 10 days without use, and clears the stale cookie', async () => {
    const user = await t.signup('Gus');
    t.clock.now += 9 * 24 * 60 * 60 * 1000;
    const refreshed = await t.call('GET', '/api/me', { cookie: user.token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('set-cookie')).toMatch(/^stint_session=/);
    t.clock.now += 10 * 24 * 60 * 60 * 1000;
    const expired = await t.call('GET', '/api/me', { cookie: user.token });
    expectError(expired, 401, 'unauthenticated');
    expect(expired.headers.get('set-cookie')).toMatch(/stint_session=;/);
  });

  it('holds cookie-borne unsafe requests to our origin; bearer scripts are exempt', async () => {
    const user = await t.signup('Hal');
    const project = { title: 'CSRF check', summary: 's', skills: ['x'], estimatedHours: 1, compensation: { amount: 1, currency: 'USD' } };
    expectError(
      await t.call('POST', '/api/projects', { cookie: user.token, body: project, headers: { 'sec-fetch-site': 'cross-site' } }),
      403,
      'cross_origin_request',
    );
    expectError(
      await t.call('POST', '/api/projects', { cookie: user.token, body: project, headers: { origin: 'https://evil.test' } }),
      403,
      'cross_origin_request',
    );
    expectError(await t.call('POST', '/api/projects', { cookie: user.token, body: project }), 403, 'cross_origin_request');
    expect((await t.call('POST', '/api/projects', { cookie: user.token, body: project, headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(201);
    expect((await t.call('POST', '/api/projects', { cookie: user.token, body: project, headers: { origin: ORIGIN } })).status).toBe(201);
    expect((await t.call('POST', '/api/projects', { token: user.token, body: project, headers: { origin: 'https://evil.test' } })).status).toBe(201);
    expectError(
      await t.call('POST', '/api/auth/login', { body: { email: user.email, password: 'long enough password' }, headers: { 'sec-fetch-site': 'cross-site' } }),
      403,
      'cross_origin_request',
    );
  });
});
