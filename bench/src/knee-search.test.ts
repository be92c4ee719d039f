import { type KneeProbe, kneeOf, nextKneeMultiplier } from './knee-search';

const LADDER = [2, 4, 8, 16];

/** Runs the search against a server that holds up to `capacity` (and a generator that gives up above `generatorCapacity`). */
function search(capacity: number, generatorCapacity = Number.POSITIVE_INFINITY): KneeProbe[] {
  const tried: KneeProbe[] = [{ multiplier: 1, held: true, generatorBound: false }];
  for (let next = nextKneeMultiplier(LADDER, tried); next !== null; next = nextKneeMultiplier(LADDER, tried)) {
    tried.push({ multiplier: next, held: next <= capacity, generatorBound: next > generatorCapacity });
    expect(tried.length).toBeLessThan(12);
  }
  return tried;
}

describe('the knee search', () => {
  it('climbs the ladder, then searches the gap below the first failure in quarter steps', () => {
    const tried = search(3.2);
    expect(tried.map((probe) => probe.multiplier)).toEqual([1, 2, 4, 2.5, 3, 3.5]);
    expect(kneeOf(tried)).toEqual({ multiplier: 3, limitedBy: 'server' });
  });

  it('stops at the first quarter step that fails', () => {
    const tried = search(2.2);
    expect(tried.map((probe) => probe.multiplier)).toEqual([1, 2, 4, 2.5]);
    expect(kneeOf(tried)).toEqual({ multiplier: 2, limitedBy: 'server' });
  });

  it('searches between ×4 and ×8 in steps of one', () => {
    expect(kneeOf(search(7.9))).toEqual({ multiplier: 7, limitedBy: 'server' });
    expect(search(5.5).map((probe) => probe.multiplier)).toEqual([1, 2, 4, 8, 5, 6]);
  });

  it('reports the top of the ladder when nothing failed', () => {
    expect(kneeOf(search(100))).toEqual({ multiplier: 16, limitedBy: 'ladder' });
  });

  it('does not count a step the generator could not carry: it searches below it, and says the generator stopped it', () => {
    const tried = search(100, 5.5);
    expect(tried.map((probe) => probe.multiplier)).toEqual([1, 2, 4, 8, 5, 6]);
    expect(kneeOf(tried)).toEqual({ multiplier: 5, limitedBy: 'generator' });
    // The server failing below the generator's limit is the server's knee.
    expect(kneeOf(search(4.5, 6.5))).toEqual({ multiplier: 4, limitedBy: 'server' });
    // A step that held but with the generator over its limit is not counted as held.
    expect(kneeOf([{ multiplier: 1, held: true, generatorBound: false }, { multiplier: 2, held: true, generatorBound: true }])).toEqual({ multiplier: 1, limitedBy: 'generator' });
  });

  it('a server that fails at the Sunday rate has no knee', () => {
    expect(kneeOf([{ multiplier: 1, held: false, generatorBound: false }])).toEqual({ multiplier: 0, limitedBy: 'server' });
  });
});
