import { waitInWords } from './wait-in-words';

describe('waitInWords', () => {
  it.each([
    [0, 'a few seconds'], [1, 'a few seconds'], [5_000, 'a few seconds'], [10_000, 'a few seconds'],
    [11_000, 'less than a minute'], [49_000, 'less than a minute'], [60_000, 'about a minute'],
    [89_000, 'about a minute'], [90_000, 'about 2 minutes'], [5 * 60_000, 'about 5 minutes'],
    [4 * 60_000 + 1_000, 'about 5 minutes'], [49 * 60_000, 'about 49 minutes'],
    [3_332_000, 'about an hour'], [60 * 60_000, 'about an hour'], [2 * 3_600_000, 'about 2 hours'],
    [3 * 86_400_000, 'about 3 days'],
  ])('%d ms is "%s"', (ms, words) => {
    expect(waitInWords(ms)).toBe(words);
  });
});
