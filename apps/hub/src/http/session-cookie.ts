/** The sign-in cookie: httpOnly, SameSite=Strict, Secure in production. The token never travels in a URL. */
import { parse as parseCookie, serialize } from 'cookie';
import { SESSION_COOKIE_NAME } from '@respite/protocol';

export function readSessionToken(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  const token = parseCookie(cookieHeader)[SESSION_COOKIE_NAME];
  return token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : null;
}

export function sessionCookie(token: string, expiresAt: number, secure: boolean, now: number): string {
  return serialize(SESSION_COOKIE_NAME, token, {
    httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: Math.max(0, Math.floor((expiresAt - now) / 1000)),
  });
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE_NAME, '', { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: 0 });
}
