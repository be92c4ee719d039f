/**
 * Unicode variants of a handle are never a way around the per-handle sign-in limit, nor a way to
 * make a second account that reads like the first. Full-width letters, mathematical letters, the
 * Kelvin sign, NFD and NFC accents, zero-width characters inside, Cyrillic look-alikes, leading and
 * trailing spaces: each is either refused by the schema with a typed `bad_request` (400) or is the
 * same handle (its NFKC form, case variants), which counts against the same limit and is "taken" at
 * sign-up. Production limits, memory stores, an injected clock: no waiting for real windows.
 */
import { rateLimitRules } from '../services/rate-limit-rules';
import { ManualClock } from '../clock';
import { type TestHub, callApi, startTestHub } from '../testing/hub-harness';
import { recordTally } from './security-tally';

const PASSPHRASE = 'amber meadow under slow rain';
const fullWidth = (text: string) => text.replace(/[!-~]/g, (character) => String.fromCodePoint(character.codePointAt(0)! + 0xfee0));
const mathBold = (text: string) => text.replace(/[a-z]/g, (character) => String.fromCodePoint(0x1d41a + character.charCodeAt(0) - 97));

/** Variants of `handle` (lower-case ASCII holding k, i, o, e), by name. */
function variantsOf(handle: string): Record<string, string> {
  const middle = Math.floor(handle.length / 2);
  const inside = (mark: string) => `${handle.slice(0, middle)}${mark}${handle.slice(middle)}`;
  return {
    'upper case': handle.toUpperCase(),
    'full-width': fullWidth(handle),
    'full-width, NFKC-normalised': fullWidth(handle).normalize('NFKC'),
    'mathematical bold': mathBold(handle),
    'mathematical bold, NFKC-normalised': mathBold(handle).normalize('NFKC'),
    'Kelvin sign for k': handle.replace('k', '\u212A'),
    'dotless i': handle.replace('i', '\u0131'),
    'dotted capital I': handle.replace('i', '\u0130'),
    'accent, NFC': inside('\u00e9'),
    'accent, NFD': inside('\u00e9').normalize('NFD'),
    'combining dot above': inside('\u0307'),
    'zero-width joiner inside': inside('\u200d'),
    'zero-width non-joiner inside': inside('\u200c'),
    'zero-width space inside': inside('\u200b'),
    'word joiner inside': inside('\u2060'),
    'soft hyphen inside': inside('\u00ad'),
    'byte-order mark first': `\ufeff${handle}`,
    'Cyrillic o': handle.replace('o', '\u043e'),
    'Cyrillic e': handle.replace('e', '\u0435'),
    'Cyrillic k': handle.replace('k', '\u043a'),
    'Greek omicron': handle.replace('o', '\u03bf'),
    'trailing space': `${handle} `,
    'leading space': ` ${handle}`,
    'trailing tab': `${handle}\t`,
    'trailing no-break space': `${handle}\u00a0`,
    'trailing ideographic space': `${handle}\u3000`,
    'right-to-left override first': `\u202e${handle}`,
  };
}

/** The same handle in every way the hub must treat it so: ASCII only, equal once lower-cased. */
const sameHandle = (variant: string, handle: string) => /^[\x21-\x7e]+$/.test(variant) && variant.toLowerCase() === handle;

describe('Unicode variants of a handle', () => {
  const clock = new ManualClock(Date.now());
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'memory', clock, realRateLimits: true });
  });
  afterAll(() => hub.stop());

  async function newAccount(): Promise<string> {
    const handle = `kilo-owner-${Math.random().toString(36).slice(2, 8)}`;
    const signUp = await callApi(hub, 'POST', '/api/auth/sign-up', { inviteCode: hub.demo.inviteCode, handle, passphrase: PASSPHRASE });
    expect(signUp.body.ok).toBe(true);
    return handle;
  }

  const signIn = (handle: string, passphrase: string) => callApi(hub, 'POST', '/api/auth/sign-in', { handle, passphrase });
  /** The per-address limit (30 a minute) must never be what answers here: each burst stays under it and the clock then moves a minute. */
  const nextMinute = () => clock.advance(61_000);

  it('are refused with a typed validation error or counted against the same per-handle limit, in either order', async () => {
    const handle = await newAccount();
    const variants = Object.entries(variantsOf(handle));
    const perHandle = rateLimitRules.signInPerHandle.limit;

    // With the right passphrase each spelling either signs the owner in (it is the same handle) or is
    // refused by the schema with 400 bad_request. An answer of 401 would mean a look-alike that is a
    // different handle, with a counter of its own.
    nextMinute();
    const answered = [];
    for (const [index, [name, variant]] of variants.entries()) {
      if (index % (perHandle - 1) === perHandle - 2) clock.advance(rateLimitRules.signInPerHandle.windowMs); // the probe never meets a limit
      const answer = await signIn(variant, PASSPHRASE);
      answered.push({ name, variant, status: answer.status, code: answer.body.ok ? 'ok' : answer.body.error.code });
    }
    expect(answered.filter((answer) => !(answer.status === 400 && answer.code === 'bad_request') && !(answer.status === 200 && answer.code === 'ok'))).toEqual([]);
    const refused = answered.filter((answer) => answer.code === 'bad_request').map((answer): [string, string] => [answer.name, answer.variant]);
    const same = answered.filter((answer) => answer.code === 'ok').map((answer): [string, string] => [answer.name, answer.variant]);
    for (const [name, variant] of variants) if (sameHandle(variant, handle)) expect(same.map(([sameName]) => sameName)).toContain(name);
    clock.advance(rateLimitRules.signInPerHandle.windowMs);

    // Guesses spread over the same-handle variants share one counter: at most `perHandle` are answered.
    nextMinute();
    const spread = [];
    for (let index = 0; index < perHandle + 5; index += 1) spread.push(await signIn(same[index % same.length]![1], `wrong guess ${index}`));
    expect(spread.filter((answer) => answer.status === 401).length).toBe(perHandle);
    expect(spread.slice(perHandle).every((answer) => answer.status === 429)).toBe(true);
    // The limit is on the handle, not on the spelling: the plain handle and every variant are now held, even with the right passphrase.
    nextMinute();
    for (const spelling of [handle, ...same.map(([, variant]) => variant)]) expect((await signIn(spelling, PASSPHRASE)).status).toBe(429);
    // A refused variant is still refused as invalid, not let through because the handle is held.
    for (const [, variant] of refused.slice(0, 3)) expect((await signIn(variant, PASSPHRASE)).status).toBe(400);

    // After the window, the owner's plain handle works; then exhausting it with the plain handle holds the variants too.
    clock.advance(rateLimitRules.signInPerHandle.windowMs);
    expect((await signIn(handle, PASSPHRASE)).body.ok).toBe(true);
    for (let index = 0; index < perHandle; index += 1) await signIn(handle, `another wrong guess ${index}`);
    for (const [, variant] of same) expect((await signIn(variant, PASSPHRASE)).status).toBe(429);
    recordTally({ area: 'handle variants', fuzzCases: variants.length * 2 });
  });

  it('at sign-up: no variant makes a second account; each is refused by the schema or found taken', async () => {
    clock.advance(rateLimitRules.signUpPerAddress.windowMs);
    const handle = await newAccount();
    const variants = Object.entries(variantsOf(handle));
    let attempts = 0;
    for (const [name, variant] of variants) {
      if (attempts === rateLimitRules.signUpPerAddress.limit - 2) {
        clock.advance(rateLimitRules.signUpPerAddress.windowMs);
        attempts = 0;
      }
      attempts += 1;
      const answer = await callApi(hub, 'POST', '/api/auth/sign-up', { inviteCode: hub.demo.inviteCode, handle: variant, passphrase: 'another person entirely here' });
      const code = answer.body.ok ? 'ok' : answer.body.error.code;
      expect({ name, code }).toEqual({ name, code: sameHandle(variant, handle) ? 'conflict' : expect.stringMatching(/^(bad_request|conflict)$/) });
    }
  });
});
