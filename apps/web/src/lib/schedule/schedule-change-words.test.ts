import type { ScheduleRescheduledUpdate, SessionView } from '@respite/protocol';
import { describeChange, describeLiveUpdate, formatShortDateTime, formatShortDay } from './schedule-change-words';

// ICU versions differ on the space before AM/PM (a narrow no-break space or a plain one).
const loose = (text: string) => text.replace(/\u202f/g, ' ');

// Sunday 13 Dec 2026, 19:00 in Chicago (CST, −6) = Monday 14 Dec 01:00 UTC = 02:00 in Berlin.
const usual = '2026-12-14T01:00:00.000Z';
const moved = '2026-12-15T01:00:00.000Z';

describe('formatShortDay / formatShortDateTime', () => {
  it('names the day and time in the viewer’s zone, which may be another day than the group’s', () => {
    expect(formatShortDay(usual, 'America/Chicago')).toBe('Sunday 13 Dec');
    expect(formatShortDay(usual, 'Europe/Berlin')).toBe('Monday 14 Dec');
    expect(loose(formatShortDateTime(moved, 'America/Chicago'))).toBe('Monday 14 Dec, 7:00 PM CST');
    expect(loose(formatShortDateTime(moved, 'Asia/Kolkata'))).toBe('Tuesday 15 Dec, 6:30 AM GMT+5:30');
  });
});

describe('describeChange', () => {
  it('says a cancelled session in the viewer’s zone', () => {
    const words = describeChange({ localDate: '2026-12-13', kind: 'cancelled', usualStartsAt: usual, startsAt: null, endsAt: null }, 'America/Chicago');
    expect(words.title).toBe('Sunday 13 Dec session is cancelled');
    expect(loose(words.detail)).toBe('It was due at 7:00 PM CST. Nothing opens that day.');
  });

  it('says where a moved session now is, and where it would have been', () => {
    const words = describeChange({ localDate: '2026-12-13', kind: 'moved', usualStartsAt: usual, startsAt: moved, endsAt: '2026-12-15T02:30:00.000Z' }, 'Europe/Berlin');
    expect(loose(words.title)).toBe('Moved: now Tuesday 15 Dec, 2:00 AM GMT+1');
    expect(loose(words.detail)).toBe('Instead of Monday 14 Dec, 2:00 AM GMT+1.');
  });
});

describe('describeLiveUpdate', () => {
  const session = (startsAt: string, state: SessionView['state']): SessionView => ({
    id: 's1', groupId: 'g1', state, lobbyOpensAt: startsAt, startsAt, closingAt: startsAt, endsAt: startsAt,
  });
  const update = (change: ScheduleRescheduledUpdate['change'], startsAt: string): ScheduleRescheduledUpdate => ({
    groupId: 'g1', localDate: '2026-12-13', change, status: change === 'cancelled' ? 'cancelled' : 'scheduled', session: session(startsAt, change === 'cancelled' ? 'closed' : 'scheduled'),
  });

  it('says what happened, with the group’s name, in the viewer’s zone', () => {
    expect(describeLiveUpdate(update('cancelled', usual), 'Circle', [], 'America/Chicago')).toBe('Circle: Sunday 13 Dec session is cancelled.');
    expect(loose(describeLiveUpdate(update('restored', usual), 'Circle', [], 'America/Chicago')!)).toBe('Circle: Sunday 13 Dec session is back on, at 7:00 PM CST.');
    expect(loose(describeLiveUpdate(update('moved', moved), 'Circle', [], 'America/Chicago')!)).toBe('Circle: session moved, now Monday 14 Dec, 7:00 PM CST.');
    expect(describeLiveUpdate(update('extended', usual), 'Circle', [], 'America/Chicago')).toBeNull();
  });

  it('names a cancelled session by its usual time when the card knows it (a moved session cancelled later)', () => {
    const changes = [{ localDate: '2026-12-13', kind: 'cancelled' as const, usualStartsAt: usual, startsAt: null, endsAt: null }];
    expect(describeLiveUpdate(update('cancelled', moved), 'Circle', changes, 'America/Chicago')).toBe('Circle: Sunday 13 Dec session is cancelled.');
  });
});
