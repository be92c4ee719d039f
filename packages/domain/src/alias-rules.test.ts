import { aliasKey, generateAlias, tidyAlias } from './alias-rules';

describe('aliases', () => {
  it('generates an adjective and a noun from the random source it is given', () => {
    expect(generateAlias(() => 0)).toBe('Quiet Heron');
    expect(generateAlias((max) => max - 1)).toMatch(/^\w+ \w+$/);
  });

  it('treats case, accents, width and spacing variants as the same alias', () => {
    expect(aliasKey('Quiet Héron')).toBe(aliasKey('quiet heron'));
    expect(aliasKey('ＱＵＩＥＴ heron')).toBe(aliasKey('Quiet  Heron'));
    expect(aliasKey('Quiet-Heron')).toBe(aliasKey('quiet heron'));
    expect(aliasKey('Quiet Heron')).not.toBe(aliasKey('Quiet Herons'));
  });

  it('tidies spacing for display', () => {
    expect(tidyAlias('  Quiet    Heron ')).toBe('Quiet Heron');
  });
});
