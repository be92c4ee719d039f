/**
 * The sign-in cookie: httpOnly, SameSite=Strict, Secure in production. The token never travels in a URL.
 * In production (`secure`) it is named `__Host-respite_session`, and only that name is read: an
 * unprefixed cookie, which any subdomain or plain-http response could set, signs nobody in.
 * Development and tests on plain http use `respite_session` (a `__Host-` cookie needs Secure).
 */
import { parse as parseCookie, serialize } from 'cookie';
import { SECURE_SESSION_COOKIE_NAME, SESSION_COOKIE_NAME } from '@respite/protocol';

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE_NAME : SESSION_COOKIE_NAME;
}

export function readSessionToken(cookieHeader: string | undefined, secure: boolean): string | null {
  if (!cookieHeader) return null;
  const token = parseCookie(cookieHeader)[sessionCookieName(secure)];
  return token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : null;
}

/**
 * Max-Age is the sign-in's remaining lifetime to the nearest second: the answer is written a few
 * milliseconds after the sign-in was stored, and rounding down would turn a fresh 24-hour sign-in
 * into 86399. A cookie that outlives its sign-in by under half a second is only refused by the hub.
 */
export function sessionCookie(token: string, expiresAt: number, secure: boolean, now: number): string {
  // Path=/ and no Domain: both required of a __Host- cookie, and kept in development too.
  return serialize(sessionCookieName(secure), token, {
    httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: Math.max(0, Math.round((expiresAt - now) / 1000)),
  });
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(sessionCookieName(secure), '', { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: 0 });
}
