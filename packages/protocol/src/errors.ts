/**
 * The closed list of error codes any answer may carry. Clients branch on `code`;
 * `message` is for people. A new failure mode gets a new code here, never a free-form string.
 */
export const errorCodes = [
  'bad_request', // the payload failed its schema, or carried unknown fields
  'unknown_event', // a socket event (or REST route) that the contract does not declare
  'unauthenticated', // no valid sign-in
  'forbidden', // signed in, but this role may not do this here
  'not_found',
  'conflict', // the request clashes with current state (handle taken, alias taken, already a member)
  'invalid_credentials', // unknown handle or wrong passphrase: deliberately indistinguishable
  'invite_invalid', // unknown, expired, paused, revoked or full invite code
  'passphrase_rejected', // too short, too long or too common
  'norms_not_accepted',
  'session_not_open', // the session is not in a state that allows this (scheduled, closed...)
  'session_closed', // the session has ended and its messages are erased
  'rate_limited',
  'payload_too_large',
  'csrf_rejected',
  'unavailable', // a dependency (Redis) failed: the action did not happen, retry later
  'internal', // anything unexpected; details go to the log, not the client
  'muted', // a facilitator muted this member for a while: retryAfterMs says until when
  'chat_paused', // a facilitator paused the chat: only facilitators can write
  'room_locked', // a facilitator locked the room against new entries (or removed this member from it)
  'session_full', // every seat is taken and this member holds none: say you will attend to join the waitlist
  'awaiting_admission', // manual admission: wait in the lobby until a facilitator admits you, then join again
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** For rate_limited and a busy unavailable: how long to wait before trying again (the message says it in words). */
  retryAfterMs?: number;
  /** For bad_request: which fields failed, by path. Never echoes the submitted values. */
  fields?: string[];
}

/** HTTP status for each code, so REST and socket answers stay consistent. */
export const httpStatusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  unknown_event: 404,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_credentials: 401,
  invite_invalid: 400,
  passphrase_rejected: 400,
  norms_not_accepted: 403,
  session_not_open: 409,
  session_closed: 410,
  rate_limited: 429,
  payload_too_large: 413,
  csrf_rejected: 403,
  unavailable: 503,
  internal: 500,
  muted: 403,
  chat_paused: 409,
  room_locked: 403,
  session_full: 409,
  awaiting_admission: 409,
};
