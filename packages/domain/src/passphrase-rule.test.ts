import { checkPassphrase } from './passphrase-rule';

describe('the passphrase rule', () => {
  it('accepts 15 characters or more with no composition rules', () => {
    expect(checkPassphrase('plain lowercase words')).toEqual({ ok: true });
    expect(checkPassphrase('🌊🌊🌊🌊🌊 tides of the sea')).toEqual({ ok: true });
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    expect(checkPassphrase('😀'.repeat(14)).ok).toBe(false);
    expect(checkPassphrase('😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰').ok).toBe(true);
  });

  it.each(['too short', 'correct horse battery staple', 'CorrectHorseBatteryStaple', 'aaaaaaaaaaaaaaaaaaaa', '123456789012345'])('refuses %s', (passphrase) => {
    expect(checkPassphrase(passphrase).ok).toBe(false);
  });

  it('refuses a passphrase built from the handle', () => {
    expect(checkPassphrase('dr.quietheron123', 'dr.quietheron').ok).toBe(false);
  });
});
