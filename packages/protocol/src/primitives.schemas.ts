/**
 * Building blocks for every payload schema. Strings are checked to be well-formed Unicode
 * (no lone surrogates) and free of control characters, so nothing downstream has to.
 */
import { z } from 'zod';
import {
  ALIAS_MAX_CHARS, ALIAS_MIN_CHARS, HANDLE_MAX_CHARS, HANDLE_MIN_CHARS, MESSAGE_MAX_CHARS,
  PASSPHRASE_MAX_CHARS,
} from './limits';

// Control characters are what these two refuse, so they name them.
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_NEWLINE_TAB = /[\u0000-\u0008\u000B-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001F\u007F]/;

function isWellFormed(value: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

/** A single-line text field: well-formed, no control characters. */
export const lineText = (max: number) =>
  z.string().max(max).refine(isWellFormed, 'must be well-formed text').refine((v) => !ANY_CONTROL.test(v), 'must be one line');

/** Opaque identifiers the server hands out (groups, sessions, member refs). */
export const entityId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'is not a valid id');

/** A message id: a Redis stream id, `<milliseconds>-<sequence>`, ordered by time. */
export const messageId = z.string().regex(/^\d{1,16}-\d{1,10}$/, 'is not a valid message id');

/** A client-chosen id that makes a send idempotent. */
export const clientMessageId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'is not a valid client id');

export const messageText = z
  .string()
  .max(MESSAGE_MAX_CHARS, `must be at most ${MESSAGE_MAX_CHARS} characters`)
  .refine(isWellFormed, 'must be well-formed text')
  .refine((v) => !CONTROL_EXCEPT_NEWLINE_TAB.test(v), 'must not hold control characters')
  .refine((v) => v.trim().length > 0, 'must not be empty');

/** Login handle: private, never shown. Case-insensitive; the server normalises it. */
export const handle = z
  .string()
  .min(HANDLE_MIN_CHARS, `must be at least ${HANDLE_MIN_CHARS} characters`)
  .max(HANDLE_MAX_CHARS, `must be at most ${HANDLE_MAX_CHARS} characters`)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'may hold only letters, digits, dots, dashes and underscores');

/** Passphrase length is checked by the domain rule (so the answer can say why); here only a hard cap. */
export const passphrase = z.string().max(PASSPHRASE_MAX_CHARS, `must be at most ${PASSPHRASE_MAX_CHARS} characters`).refine(isWellFormed, 'must be well-formed text');

export const inviteCode = z.string().regex(/^[A-Za-z0-9-]{6,40}$/, 'is not a valid invite code');

/** Shown once at sign-up: groups of letters and digits; spaces and dashes are ignored. */
export const recoveryCode = z.string().regex(/^[A-Za-z0-9 -]{16,64}$/, 'is not a valid recovery code');

export const alias = z
  .string()
  .min(ALIAS_MIN_CHARS, `must be at least ${ALIAS_MIN_CHARS} characters`)
  .max(ALIAS_MAX_CHARS, `must be at most ${ALIAS_MAX_CHARS} characters`)
  .regex(/^[\p{L}\p{M}][\p{L}\p{M}' -]*[\p{L}\p{M}]$/u, 'may hold only letters, spaces, dashes and apostrophes');

/** An IANA time zone name, e.g. America/Chicago. */
export const timeZone = z
  .string()
  .max(64)
  .refine((value) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }, 'is not a known time zone');

/** An instant, always UTC, ISO 8601. */
export const instant = z.iso.datetime({ offset: false });
