import { compareMessageIds, highestMessageId, mergeMessages, missesPredecessor } from './message-order';

describe('compareMessageIds', () => {
  it('orders by milliseconds first, then by sequence', () => {
    expect(compareMessageIds('1000-5', '1001-0')).toBeLessThan(0);
    expect(compareMessageIds('1001-0', '1000-5')).toBeGreaterThan(0);
    expect(compareMessageIds('1000-2', '1000-10')).toBeLessThan(0);
    expect(compareMessageIds('1000-3', '1000-3')).toBe(0);
  });

  it('compares numerically, not as text', () => {
    expect(compareMessageIds('999-0', '1000-0')).toBeLessThan(0);
    expect(compareMessageIds('1000-9', '1000-10')).toBeLessThan(0);
  });

  it('keeps precision for 16-digit millisecond parts', () => {
    expect(compareMessageIds('9007199254740993-0', '9007199254740992-0')).toBeGreaterThan(0);
  });
});

describe('mergeMessages', () => {
  const m = (id: string, text = id) => ({ id, text });

  it('returns every message once, ordered by id', () => {
    const merged = mergeMessages([m('1000-1'), m('1002-0')], [m('1001-0'), m('1000-1', 'copy'), m('999-0')]);
    expect(merged.map((x) => x.id)).toEqual(['999-0', '1000-1', '1001-0', '1002-0']);
    expect(merged[1]?.text).toBe('1000-1');
  });

  it('does not change its inputs', () => {
    const existing = [m('2-0'), m('1-0')];
    mergeMessages(existing, [m('3-0')]);
    expect(existing.map((x) => x.id)).toEqual(['2-0', '1-0']);
  });

  it('removes duplicates inside one batch', () => {
    expect(mergeMessages([], [m('5-0'), m('5-0')]).length).toBe(1);
  });
});

describe('highestMessageId', () => {
  it('finds the highest id, starting from the current one', () => {
    expect(highestMessageId(null, [])).toBeNull();
    expect(highestMessageId(null, ['5-1', '10-0', '9-9'])).toBe('10-0');
    expect(highestMessageId('11-0', ['5-1', '10-0'])).toBe('11-0');
  });
});

describe('missesPredecessor', () => {
  it('spots a broadcast whose previous message never arrived', () => {
    const known = new Set(['1-0', '2-0']);
    expect(missesPredecessor({ previousId: '2-0' }, known, true)).toBe(false);
    expect(missesPredecessor({ previousId: '3-0' }, known, true)).toBe(true);
  });

  it('trusts the first message of a session and messages from a complete history', () => {
    expect(missesPredecessor({ previousId: null }, new Set(), true)).toBe(false);
    expect(missesPredecessor({}, new Set(), true)).toBe(false);
    expect(missesPredecessor({ previousId: '9-0' }, new Set(), false)).toBe(false);
  });
});
