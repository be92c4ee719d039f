/**
 * Checks the browser can make before asking the hub, with the same limits as the protocol, so a
 * typo is caught at once. The hub checks again and has the last word (common passphrases, etc.).
 * Pure. It must never send, log or keep what it checks.
 */
import {
  ALIAS_MAX_CHARS, ALIAS_MIN_CHARS, HANDLE_MAX_CHARS, HANDLE_MIN_CHARS, PASSPHRASE_MAX_CHARS, PASSPHRASE_MIN_CHARS,
} from '@respite/protocol';

const HANDLE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const ALIAS_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M}' -]*[\p{L}\p{M}]$/u;
const INVITE_PATTERN = /^[A-Za-z0-9-]{6,40}$/;
const RECOVERY_PATTERN = /^[A-Za-z0-9 -]{16,64}$/;

export function checkHandle(handle: string): string | null {
  if (handle.length === 0) return 'Enter a handle.';
  if (handle.length < HANDLE_MIN_CHARS) return `Use at least ${HANDLE_MIN_CHARS} characters.`;
  if (handle.length > HANDLE_MAX_CHARS) return `Use at most ${HANDLE_MAX_CHARS} characters.`;
  if (!HANDLE_PATTERN.test(handle)) return 'Use letters, digits, dots, dashes and underscores, starting with a letter or digit.';
  return null;
}

/** Counts characters as people see them (code points), as the hub does. */
export function passphraseLength(passphrase: string): number {
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points on purpose, as the hub counts
  return [...passphrase].length;
}

export function checkNewPassphrase(passphrase: string): string | null {
  const length = passphraseLength(passphrase);
  if (length === 0) return 'Enter a passphrase.';
  if (length < PASSPHRASE_MIN_CHARS) return `Use at least ${PASSPHRASE_MIN_CHARS} characters: a few unrelated words work well.`;
  if (passphrase.length > PASSPHRASE_MAX_CHARS) return `Use at most ${PASSPHRASE_MAX_CHARS} characters.`;
  return null;
}

export function checkConfirmation(passphrase: string, confirmation: string): string | null {
  if (confirmation.length === 0) return 'Enter the passphrase again.';
  return confirmation === passphrase ? null : 'The two passphrases differ. Type the same one in both fields.';
}

export function checkInviteCode(code: string): string | null {
  if (code.trim().length === 0) return 'Enter the invite code you were given.';
  return INVITE_PATTERN.test(code.trim()) ? null : 'Invite codes hold letters, digits and dashes only. Check it and try again.';
}

export function checkRecoveryCode(code: string): string | null {
  if (code.trim().length === 0) return 'Enter your recovery code.';
  return RECOVERY_PATTERN.test(code.trim()) ? null : 'Recovery codes hold letters, digits, spaces and dashes. Check it and try again.';
}

/** An empty alias is fine: the hub generates one. */
export function checkAlias(alias: string): string | null {
  const value = alias.trim();
  if (value.length === 0) return null;
  if (value.length < ALIAS_MIN_CHARS || value.length > ALIAS_MAX_CHARS) {
    return `Use ${ALIAS_MIN_CHARS} to ${ALIAS_MAX_CHARS} characters, or leave it empty to get one.`;
  }
  if (!ALIAS_PATTERN.test(value)) return 'Use letters, spaces, dashes and apostrophes, starting and ending with a letter.';
  return null;
}
