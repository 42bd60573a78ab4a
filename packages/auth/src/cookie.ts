import { SESSION_INACTIVITY_TIMEOUT_MS } from './sessions.ts';

export const SESSION_COOKIE = 'stint_session';

export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: 'Lax';
  path: '/';
  secure: boolean;
  maxAge: number;
}

/** `secure` when the public URL is https, so local http development still works. */
export function sessionCookieOptions(publicUrl: string | undefined): SessionCookieOptions {
  return {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: publicUrl?.startsWith('https:') ?? false,
    maxAge: Math.floor(SESSION_INACTIVITY_TIMEOUT_MS / 1000),
  };
}

/** Reads a bearer token from an `Authorization` header value. */
export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}
