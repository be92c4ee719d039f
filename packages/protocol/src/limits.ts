/** Numbers both sides must agree on. */
export const MESSAGE_MAX_CHARS = 2000;
export const PASSPHRASE_MIN_CHARS = 15;
export const PASSPHRASE_MAX_CHARS = 256;
export const HANDLE_MIN_CHARS = 3;
export const HANDLE_MAX_CHARS = 64;
export const ALIAS_MIN_CHARS = 2;
export const ALIAS_MAX_CHARS = 32;
/** Messages a join returns at most; a session rarely holds more. */
export const JOIN_HISTORY_MAX = 500;
/** Socket.IO's maxHttpBufferSize: the largest message (2,000 chars, 4 bytes each) plus framing. */
export const SOCKET_MAX_PAYLOAD_BYTES = 16 * 1024;
/** Largest accepted REST body. */
export const REST_MAX_BODY_BYTES = 16 * 1024;
/** The sign-in cookie's name in development and tests, served over plain http. */
export const SESSION_COOKIE_NAME = 'respite_session';
/**
 * Its name in production. A browser accepts a `__Host-` cookie only with Secure, Path=/ and no
 * Domain, so neither a plain-http page nor a sibling subdomain can plant or shadow the sign-in.
 */
export const SECURE_SESSION_COOKIE_NAME = `__Host-${SESSION_COOKIE_NAME}`;
