/**
 * Guards every /api request passes before its handler: CSRF (state changes need an allowed Origin
 * and a JSON body, which a cross-site form cannot send) and a body size cap.
 */
import type { NextFunction, Request, Response } from 'express';
import { failure } from '@respite/protocol';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfGuard(allowedOrigins: readonly string[]) {
  return (request: Request, response: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(request.method)) return next();
    const origin = request.headers.origin;
    const sameOrigin = origin === undefined ? request.headers['sec-fetch-site'] !== 'cross-site' : allowedOrigins.includes(origin);
    if (!sameOrigin || !request.is('application/json')) {
      response.status(403).json(failure('csrf_rejected', 'This request was refused because it did not come from the Respite app. Reload the page and try again.'));
      return;
    }
    next();
  };
}

/** A network address, for per-process rate limits only. It is never stored or logged. */
export function requesterOf(request: Request): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}
