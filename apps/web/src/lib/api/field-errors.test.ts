import { fieldErrorsFrom } from './field-errors';

describe('fieldErrorsFrom', () => {
  it('puts field paths next to their fields, with a description when given', () => {
    const result = fieldErrorsFrom(
      { code: 'bad_request', message: 'Some fields need another look.', fields: ['handle', 'passphrase'] },
      { known: ['handle', 'passphrase'], describe: { handle: 'Use letters and digits.' } },
    );
    expect(result).toEqual({ fields: { handle: 'Use letters and digits.', passphrase: 'Some fields need another look.' }, form: null });
  });

  it('routes a code to the field it concerns', () => {
    const result = fieldErrorsFrom(
      { code: 'passphrase_rejected', message: 'That passphrase is too common.' },
      { known: ['passphrase'], codeFields: { passphrase_rejected: 'passphrase' } },
    );
    expect(result).toEqual({ fields: { passphrase: 'That passphrase is too common.' }, form: null });
  });

  it('falls back to a form-level message for unknown paths and other codes', () => {
    expect(fieldErrorsFrom({ code: 'bad_request', message: 'Check the form.', fields: ['other'] }, { known: ['handle'] })).toEqual({
      fields: {},
      form: 'Check the form.',
    });
    expect(fieldErrorsFrom({ code: 'rate_limited', message: 'Wait a minute.' }, { known: ['handle'] }).form).toBe('Wait a minute.');
  });
});
