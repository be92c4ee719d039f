/**
 * What makes a passphrase acceptable (NIST SP 800-63B / OWASP ASVS V6): length in characters,
 * no composition rules, not on a list of common choices, not the handle itself.
 * The passphrase is never truncated or altered: what is checked is what gets hashed.
 */
import { PASSPHRASE_MAX_CHARS, PASSPHRASE_MIN_CHARS } from '@respite/protocol';
import { commonPassphrases } from './common-passphrases';

export type PassphraseVerdict = { ok: true } | { ok: false; reason: string };

const commonSet = new Set(commonPassphrases.map((entry) => entry.toLowerCase()));

export function checkPassphrase(passphrase: string, handle?: string): PassphraseVerdict {
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points on purpose, the unit the limits use
  const length = [...passphrase].length;
  if (length < PASSPHRASE_MIN_CHARS) {
    return { ok: false, reason: `Use at least ${PASSPHRASE_MIN_CHARS} characters. A few unrelated words work well.` };
  }
  if (length > PASSPHRASE_MAX_CHARS) return { ok: false, reason: `Use at most ${PASSPHRASE_MAX_CHARS} characters.` };
  const folded = passphrase.toLowerCase();
  if (commonSet.has(folded) || commonSet.has(folded.replace(/\s+/g, ''))) {
    return { ok: false, reason: 'That passphrase is too common. Try a few words that only you would put together.' };
  }
  if (new Set(folded).size <= 2) return { ok: false, reason: 'That passphrase repeats too few characters. Try a few unrelated words.' };
  if (handle && folded.includes(handle.toLowerCase()) && folded.length - handle.length < HANDLE_SLACK_CHARS) {
    return { ok: false, reason: builtFromHandleReason };
  }
  return { ok: true };
}

/** Fewer characters than this besides the handle, and the passphrase counts as built from it. */
const HANDLE_SLACK_CHARS = 8;
export const builtFromHandleReason = 'Your passphrase should not be built from your handle.';

/**
 * Every handle the rule above would refuse this passphrase for: the parts of it (lower-cased) with
 * fewer than HANDLE_SLACK_CHARS characters left over, at most 36 of them. For a change of
 * passphrase, where the hub holds only the handle's keyed digest: it digests each part and compares.
 */
export function handleShapedParts(passphrase: string): string[] {
  const folded = passphrase.toLowerCase();
  const parts = new Set<string>();
  for (let length = Math.max(1, folded.length - HANDLE_SLACK_CHARS + 1); length <= folded.length; length += 1) {
    for (let start = 0; start + length <= folded.length; start += 1) parts.add(folded.slice(start, start + length));
  }
  return [...parts];
}
