/**
 * Aliases: generated ("Quiet Heron") or chosen. Within a group an alias is unique by its key, which
 * folds case, width and accents, so "Quiet Heron" and "quiet héron" are the same alias.
 * The random source is an argument, so tests can drive it.
 */
const adjectives = [
  'Quiet', 'Gentle', 'Steady', 'Calm', 'Patient', 'Kind', 'Bright', 'Warm', 'Still', 'Brave', 'Careful', 'Clear',
  'Open', 'Hopeful', 'Mellow', 'Soft', 'Thoughtful', 'Wise', 'Humble', 'Easy', 'Rested', 'Silver', 'Golden', 'Amber',
];
const nouns = [
  'Heron', 'Willow', 'River', 'Harbor', 'Meadow', 'Cedar', 'Lantern', 'Sparrow', 'Otter', 'Maple', 'Brook', 'Pine',
  'Falcon', 'Fern', 'Tide', 'Ember', 'Finch', 'Aspen', 'Birch', 'Wren', 'Juniper', 'Cove', 'Stone', 'Lark',
];

export type RandomIndex = (exclusiveMax: number) => number;

export function generateAlias(randomIndex: RandomIndex): string {
  return `${adjectives[randomIndex(adjectives.length)]} ${nouns[randomIndex(nouns.length)]}`;
}

/**
 * Letters from other scripts that look like Latin ones (a small skeleton map in the spirit of
 * Unicode TR39 confusables), so "Facilitator Ѕam" with a Cyrillic Ѕ cannot imitate "Facilitator Sam".
 * Keys are lower case: the map applies after case folding.
 */
const confusableSkeleton: Record<string, string> = {
  // Cyrillic
  'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'һ': 'h', 'і': 'i', 'ї': 'i', 'ј': 'j', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p',
  'с': 'c', 'ѕ': 's', 'т': 't', 'у': 'y', 'х': 'x', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'ӏ': 'l', 'ɡ': 'g',
  // Greek
  'α': 'a', 'β': 'b', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x', 'ω': 'w',
  // Latin look-alikes
  'ı': 'i', 'ł': 'l', 'ƚ': 'l', 'ɩ': 'i', 'ʟ': 'l', 'ꞁ': 'l',
};

/** The comparison key: the same person-visible name gives the same key, look-alike letters included. */
export function aliasKey(alias: string): string {
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- per code point on purpose: the table maps single letters
  return [...alias
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}]/gu, '')
    .toLowerCase()]
    .map((character) => confusableSkeleton[character] ?? character)
    .join('')
    .replace(/[\s'-]+/g, ' ')
    .trim();
}

/** Whether `alias` would be read as `other` by a person: e.g. a member imitating the facilitator. */
export function aliasImitates(alias: string, other: string): boolean {
  return aliasKey(alias) === aliasKey(other);
}

/** Tidies a chosen alias for display: one space between words, composed characters. */
export function tidyAlias(alias: string): string {
  return alias.normalize('NFC').replace(/\s+/g, ' ').trim();
}
