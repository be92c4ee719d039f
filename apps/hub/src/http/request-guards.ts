/**
 * Guards every /api request passes before its handler: CSRF (state changes need an allowed Origin
 * and a JSON body, which a cross-site form cannot send) and a body size cap.
 */
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { failure } from '@respite/protocol';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The error type `refuseEmptyBody` throws; the API router answers it `csrf_rejected`. */
export const EMPTY_BODY_ERROR_TYPE = 'csrf.empty_body';

export const csrfRejected = () => failure('csrf_rejected', 'This request was refused because it did not come from the Respite app. Reload the page and try again.');

/**
 * Whether the request announces body bytes: a Content-Length above zero, or a chunked body (whose
 * emptiness only shows once it is read: `refuseEmptyBody`). `request.is()` alone is not enough:
 * it counts `Content-Length: 0` as a body.
 */
function announcesBody(request: Request): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return request.headers['transfer-encoding'] !== undefined;
}

export function csrfGuard(allowedOrigins: readonly string[]) {
  return (request: Request, response: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(request.method)) return next();
    const origin = request.headers.origin;
    const sameOrigin = origin === undefined ? request.headers['sec-fetch-site'] !== 'cross-site' : allowedOrigins.includes(origin);
    if (!sameOrigin || !announcesBody(request) || !request.is('application/json')) {
      response.status(403).json(csrfRejected());
      return;
    }
    next();
  };
}

/** express.json's `verify`: a state-changing request whose chunked body turned out empty is body-less too. */
export function refuseEmptyBody(request: IncomingMessage, _response: unknown, body: Buffer): void {
  if (body.length === 0 && !SAFE_METHODS.has(request.method ?? '')) {
    throw Object.assign(new Error('a state-changing request needs a body'), { type: EMPTY_BODY_ERROR_TYPE, status: 403 });
  }
}

/** A network address, for per-process rate limits only. It is never stored or logged. */
export function requesterOf(request: Request): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}
