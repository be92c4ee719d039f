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

/** The comparison key: the same person-visible name gives the same key. */
export function aliasKey(alias: string): string {
  return alias
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s'-]+/g, ' ')
    .trim();
}

/** Tidies a chosen alias for display: one space between words, composed characters. */
export function tidyAlias(alias: string): string {
  return alias.normalize('NFC').replace(/\s+/g, ' ').trim();
}
