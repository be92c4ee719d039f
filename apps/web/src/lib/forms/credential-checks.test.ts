import {
  checkAlias, checkConfirmation, checkHandle, checkInviteCode, checkNewPassphrase, checkRecoveryCode, passphraseLength,
} from './credential-checks';

describe('credential checks', () => {
  it('accepts handles of letters, digits, dots, dashes and underscores', () => {
    expect(checkHandle('dr.quiet_heron-2')).toBeNull();
    expect(checkHandle('ab')).toMatch(/at least 3/);
    expect(checkHandle('.hidden')).toMatch(/starting with a letter or digit/);
    expect(checkHandle('has space')).not.toBeNull();
  });

  it('asks for at least 15 characters in a passphrase, counted as people see them', () => {
    expect(checkNewPassphrase('short words')).toMatch(/at least 15/);
    expect(checkNewPassphrase('correct horse battery')).toBeNull();
    expect(passphraseLength('🌿🌿')).toBe(2);
  });

  it('checks that the confirmation matches', () => {
    expect(checkConfirmation('a b c', 'a b c')).toBeNull();
    expect(checkConfirmation('a b c', 'a b d')).toMatch(/differ/);
    expect(checkConfirmation('a b c', '')).toMatch(/again/);
  });

  it('checks the shape of invite and recovery codes', () => {
    expect(checkInviteCode('DEMO-1234')).toBeNull();
    expect(checkInviteCode('no spaces here')).not.toBeNull();
    expect(checkRecoveryCode('ABCD EFGH IJKL MNOP')).toBeNull();
    expect(checkRecoveryCode('short')).not.toBeNull();
  });

  it('allows an empty alias and checks a given one', () => {
    expect(checkAlias('')).toBeNull();
    expect(checkAlias('Quiet Heron')).toBeNull();
    expect(checkAlias("O'Brien-Lake")).toBeNull();
    expect(checkAlias('Heron 2')).not.toBeNull();
  });
});
