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
export const SESSION_COOKIE_NAME = 'respite_session';
