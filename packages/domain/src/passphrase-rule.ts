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
  if (handle && folded.includes(handle.toLowerCase()) && folded.length - handle.length < 8) {
    return { ok: false, reason: 'Your passphrase should not be built from your handle.' };
  }
  return { ok: true };
}
