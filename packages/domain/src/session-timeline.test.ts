import { isForward, nextTransitionAt, stateAt, timesForOccurrence } from './session-timeline';

const start = Date.UTC(2026, 10, 22, 1, 0);
const times = timesForOccurrence(start, 90);
const minute = 60_000;

describe('the session timeline', () => {
  it('opens the lobby 10 minutes early and warns 5 minutes before the end', () => {
    expect(times).toEqual({ lobbyOpensAt: start - 10 * minute, startsAt: start, closingAt: start + 85 * minute, endsAt: start + 90 * minute });
  });

  it.each([
    [-11, 'scheduled'], [-10, 'lobby'], [-1, 'lobby'], [0, 'live'], [84, 'live'], [85, 'closing'], [89, 'closing'], [90, 'closed'], [500, 'closed'],
  ])('at %i minutes from the start, the state is %s', (offset, state) => {
    expect(stateAt(times, start + offset * minute)).toBe(state);
  });

  it('stays closed once closed early', () => {
    expect(stateAt(times, start + 10 * minute, start + 5 * minute)).toBe('closed');
  });

  it('only moves forward, and knows when the next change is due', () => {
    expect(isForward('lobby', 'live')).toBe(true);
    expect(isForward('live', 'lobby')).toBe(false);
    expect(isForward('live', 'live')).toBe(false);
    expect(nextTransitionAt(times, 'scheduled')).toBe(times.lobbyOpensAt);
    expect(nextTransitionAt(times, 'closing')).toBe(times.endsAt);
    expect(nextTransitionAt(times, 'closed')).toBeNull();
  });

  it('never puts the closing warning before the start of a very short session', () => {
    const short = timesForOccurrence(start, 3);
    expect(short.closingAt).toBe(start);
  });
});
