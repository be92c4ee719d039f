import { aliasImitates, aliasKey, generateAlias, tidyAlias } from './alias-rules';

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

  it('treats look-alike letters from other scripts and invisible characters as the same alias', () => {
    expect(aliasKey('Facilitator \u0405am')).toBe(aliasKey('Facilitator Sam')); // Cyrillic Ѕ
    expect(aliasKey('F\u0430cilit\u0430tor S\u0430m')).toBe(aliasKey('Facilitator Sam')); // Cyrillic а
    expect(aliasKey('Facilitat\u03BFr Sam')).toBe(aliasKey('Facilitator Sam')); // Greek ο
    expect(aliasKey('Facili\u034Ftator Sam')).toBe(aliasKey('Facilitator Sam')); // combining grapheme joiner
    expect(aliasKey('Facilitator\u200B Sam')).toBe(aliasKey('Facilitator Sam')); // zero-width space
    expect(aliasImitates('Facilitator Sarn', 'Facilitator Sam')).toBe(false);
  });

  it('tidies spacing for display', () => {
    expect(tidyAlias('  Quiet    Heron ')).toBe('Quiet Heron');
  });
});
