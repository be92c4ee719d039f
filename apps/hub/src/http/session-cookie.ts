/** The sign-in cookie: httpOnly, SameSite=Strict, Secure in production. The token never travels in a URL. */
import { parse as parseCookie, serialize } from 'cookie';
import { SESSION_COOKIE_NAME } from '@respite/protocol';

export function readSessionToken(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  const token = parseCookie(cookieHeader)[SESSION_COOKIE_NAME];
  return token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : null;
}

/**
 * Max-Age is the sign-in's remaining lifetime to the nearest second: the answer is written a few
 * milliseconds after the sign-in was stored, and rounding down would turn a fresh 24-hour sign-in
 * into 86399. A cookie that outlives its sign-in by under half a second is only refused by the hub.
 */
export function sessionCookie(token: string, expiresAt: number, secure: boolean, now: number): string {
  return serialize(SESSION_COOKIE_NAME, token, {
    httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: Math.max(0, Math.round((expiresAt - now) / 1000)),
  });
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE_NAME, '', { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: 0 });
}
