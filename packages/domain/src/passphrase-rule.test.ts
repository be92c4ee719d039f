import { checkPassphrase, handleShapedParts } from './passphrase-rule';

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

  describe('the parts a handle could be (for a change of passphrase, where only the handle\'s digest is known)', () => {
    it('holds the handle whenever the rule refuses the passphrase for it, and nothing shorter than the rule looks at', () => {
      const parts = handleShapedParts('Dr.QuietHeron123');
      expect(parts).toContain('dr.quietheron');
      expect(parts).toContain('dr.quietheron123');
      expect(parts).not.toContain('quiet');
      expect(parts.length).toBeLessThanOrEqual(36);
    });

    it('agrees with the rule: it refuses the passphrase for every part, and for a handle not among them it does not', () => {
      const passphrase = 'lanterns over a winter harbour';
      for (const part of handleShapedParts(passphrase)) expect({ part, ok: checkPassphrase(passphrase, part).ok }).toEqual({ part, ok: false });
      expect(checkPassphrase(passphrase, 'harbour').ok).toBe(true);
      expect(handleShapedParts(passphrase)).not.toContain('harbour');
    });
  });
});
