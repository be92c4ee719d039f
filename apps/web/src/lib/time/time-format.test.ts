import {
  formatClockTime, formatCountdown, formatLocalTime, formatSessionStart, supportedTimeZones,
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
