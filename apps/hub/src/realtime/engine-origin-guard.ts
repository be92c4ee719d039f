/**
 * Engine.io checks `allowRequest` (our Origin allowlist) only at the handshake: a request that
 * carries an existing engine session id (`sid`) skips it. This guard runs on every engine.io HTTP
 * request, so a session id read or guessed by another site cannot be driven from that site's pages:
 * any request whose Origin header is present and not on the allowlist is refused with 403.
 * A WebSocket upgrade has no response object a middleware can write to (engine.io's stand-in only
 * closes the connection), so it is refused through engine.io instead, which answers it
 * `400 Bad Request` as it answers an upgrade that `allowRequest` refuses: a client always gets an
 * HTTP answer (docs/protocol.md §8).
 * A request without an Origin (same-origin GET polling in a browser) passes to engine.io, which
 * still requires a known sid. It never reads cookies or bodies and never logs the sid.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HubServer } from './socket-types';

export function guardEngineOrigins(io: HubServer, allowedOrigins: readonly string[]): void {
  io.engine.use((request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => {
    const origin = request.headers.origin;
    if (origin === undefined || allowedOrigins.includes(origin)) return next();
    if (request.headers.upgrade !== undefined) return next(new Error('origin not allowed'));
    response.writeHead(403, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ code: 4, message: 'Forbidden' }));
  });
}
