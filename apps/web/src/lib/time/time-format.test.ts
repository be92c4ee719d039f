import {
  describeSchedule, describeScheduleInZone, formatClockTime, formatCountdown, formatLocalTime, formatSessionStart, supportedTimeZones,
  viewerTimeZone,
} from './time-format';

describe('formatSessionStart', () => {
  it('shows the instant in the given zone, with the zone name', () => {
    // 2025-03-10 00:00 UTC is Sunday 7:00 PM in Chicago (CDT, after the DST change on March 9).
    // ICU versions differ on the joiner ("," or " at ") and the space before PM, so match around them.
    expect(formatSessionStart('2025-03-10T00:00:00.000Z', 'America/Chicago')).toMatch(/^Sunday, March 9(,| at) 7:00\sPM CDT$/);
    expect(formatSessionStart('2025-03-10T00:00:00.000Z', 'UTC')).toMatch(/^Monday, March 10(,| at) 12:00\sAM UTC$/);
  });
});

describe('formatClockTime', () => {
  it('shows hours and minutes in the given zone', () => {
    expect(formatClockTime('2025-01-15T18:04:00.000Z', 'America/New_York')).toBe('1:04 PM');
    expect(formatClockTime('2025-01-15T18:04:00.000Z', 'Asia/Kolkata')).toBe('11:34 PM');
  });
});

describe('formatCountdown', () => {
  it.each([
    [-5000, '0 s'],
    [0, '0 s'],
    [999, '1 s'],
    [45_000, '45 s'],
    [4 * 60_000 + 9_000, '4 min 09 s'],
    [12 * 60_000, '12 min'],
    [65 * 60_000, '1 h 05 min'],
    [26 * 3600_000, '1 day 2 h'],
    [48 * 3600_000, '2 days'],
  ])('%d ms reads "%s"', (ms, words) => {
    expect(formatCountdown(ms)).toBe(words);
  });
});

describe('describeSchedule', () => {
  const base = { weekdays: [7], everyWeeks: 1, localStartTime: '19:00', timeZone: 'America/Chicago', durationMinutes: 90 };

  it('says a weekly schedule in words', () => {
    expect(describeSchedule(base)).toBe('Every Sunday at 7:00 PM (America/Chicago time), for 1 hour 30 minutes');
  });

  it('handles several days and longer cadences', () => {
    expect(describeSchedule({ ...base, weekdays: [4, 1], everyWeeks: 2, durationMinutes: 60 })).toBe(
      'Every other Monday and Thursday at 7:00 PM (America/Chicago time), for 1 hour',
    );
    expect(describeSchedule({ ...base, weekdays: [1, 3, 5], everyWeeks: 3, durationMinutes: 45, timeZone: 'America/New_York' })).toBe(
      'Every 3 weeks on Monday, Wednesday and Friday at 7:00 PM (America/New York time), for 45 minutes',
    );
  });
});

describe('formatLocalTime', () => {
  it('turns 24-hour times into 12-hour times', () => {
    expect(formatLocalTime('00:05')).toBe('12:05 AM');
    expect(formatLocalTime('12:30')).toBe('12:30 PM');
    expect(formatLocalTime('07:00')).toBe('7:00 AM');
  });
});

describe('viewerTimeZone', () => {
  it("prefers the account's zone when it is known", () => {
    expect(viewerTimeZone('Europe/Paris')).toBe('Europe/Paris');
  });
  it("falls back to the browser's zone", () => {
    const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(viewerTimeZone(null)).toBe(browser);
    expect(viewerTimeZone('Not/AZone')).toBe(browser);
  });
});

describe('supportedTimeZones', () => {
  it('lists IANA zones and always includes the one asked for', () => {
    const zones = supportedTimeZones('America/Chicago');
    expect(zones).toContain('America/Chicago');
    expect(zones).toContain('UTC');
  });
});

describe('describeScheduleInZone', () => {
  const sundayChicago = { weekdays: [7], everyWeeks: 1, localStartTime: '19:00', timeZone: 'America/Chicago', durationMinutes: 60 };
  it('reads the weekday and the hour in the viewer\'s zone from the next occurrences', () => {
    // Sunday 19:00 Chicago (CST, UTC-6) in January is Monday 01:00 in London (GMT).
    const january = [{ startsAt: '2027-01-11T01:00:00.000Z' }, { startsAt: '2027-01-18T01:00:00.000Z' }];
    expect(describeScheduleInZone(sundayChicago, january, 'Europe/London')).toBe('Every Monday at 1:00 AM, for 1 hour');
    expect(describeScheduleInZone(sundayChicago, january, 'America/Chicago')).toBe('Every Sunday at 7:00 PM, for 1 hour');
    expect(describeScheduleInZone({ ...sundayChicago, everyWeeks: 2, durationMinutes: 90 }, january, 'America/Chicago')).toBe('Every other Sunday at 7:00 PM, for 1 hour 30 minutes');
  });
  it('names both hours when only one of the zones has changed for daylight saving', () => {
    // March 2027: Chicago is on CDT from March 14, London stays on GMT until March 28.
    const march = [{ startsAt: '2027-03-08T01:00:00.000Z' }, { startsAt: '2027-03-15T00:00:00.000Z' }];
    expect(describeScheduleInZone(sundayChicago, march, 'Europe/London')).toBe('Every Monday at 1:00 AM or 12:00 AM (the hour moves with daylight saving), for 1 hour');
  });
  it('falls back to the rule in the group\'s zone with no occurrence to read', () => {
    expect(describeScheduleInZone(sundayChicago, [], 'Europe/London')).toBe(describeSchedule(sundayChicago));
  });
});
