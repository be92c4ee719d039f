import { describeScheduleFor, placeOfZone } from './weekly-schedule-words';

// Expectations are written by hand from the zones' rules: Chicago is UTC-6 (CST) / UTC-5 (CDT,
// from 8 March to 1 November 2026); Berlin UTC+1 / UTC+2 (29 March to 25 October 2026); Kolkata
// UTC+5:30 all year.
const chicagoSunday = { weekdays: [7], everyWeeks: 1, localStartTime: '19:00', timeZone: 'America/Chicago', durationMinutes: 90 };

describe('describeScheduleFor', () => {
  it('says a Chicago Sunday evening as a Berlin Monday night, with the group’s own words beside it', () => {
    // Tuesday 1 December 2026: the next one is Sunday 6 December, 19:00 CST = Monday 02:00 CET.
    const words = describeScheduleFor({ schedule: chicagoSunday, viewerZone: 'Europe/Berlin', now: Date.parse('2026-12-01T12:00:00Z') });
    expect(words).toEqual({
      viewer: 'Every Monday at 2:00 AM',
      group: 'Every Sunday at 7:00 PM in Chicago',
      duration: '1 hour 30 minutes',
      sameZone: false,
      // Between the American and the European clock changes, the gap is 6 hours, not 7.
      otherTimes: 'Monday at 1:00 AM',
    });
  });

  it('takes the hour of the next occurrence, not of a fixed offset, in the weeks between clock changes', () => {
    // Monday 16 March 2026: Chicago is already on CDT, Berlin still on CET. Sunday 22 March 19:00 CDT = Monday 01:00 CET.
    const words = describeScheduleFor({ schedule: chicagoSunday, viewerZone: 'Europe/Berlin', now: Date.parse('2026-03-16T12:00:00Z') });
    expect(words.viewer).toBe('Every Monday at 1:00 AM');
    expect(words.otherTimes).toBe('Monday at 2:00 AM');
  });

  it('moves the half-hour zone with Chicago’s clock change only', () => {
    // 1 December 2026: 19:00 CST = 01:00 UTC = 06:30 in Kolkata; in summer 19:00 CDT = 05:30.
    const words = describeScheduleFor({ schedule: chicagoSunday, viewerZone: 'Asia/Kolkata', now: Date.parse('2026-12-01T12:00:00Z') });
    expect(words.viewer).toBe('Every Monday at 6:30 AM');
    expect(words.otherTimes).toBe('Monday at 5:30 AM');
  });

  it('says nothing about shifts for a viewer in the group’s zone', () => {
    const words = describeScheduleFor({ schedule: chicagoSunday, viewerZone: 'America/Chicago', now: Date.parse('2026-12-01T12:00:00Z') });
    expect(words).toMatchObject({ viewer: 'Every Sunday at 7:00 PM', sameZone: true, otherTimes: null });
  });

  it('keeps several days and the cadence, each day on the viewer’s calendar', () => {
    const schedule = { weekdays: [4, 1], everyWeeks: 2, localStartTime: '20:30', timeZone: 'America/New_York', durationMinutes: 60 };
    // 1 December 2026, EST (UTC-5): Monday 20:30 = Tuesday 01:30 UTC; Thursday 20:30 = Friday 01:30 UTC.
    const words = describeScheduleFor({ schedule, viewerZone: 'UTC', now: Date.parse('2026-12-01T12:00:00Z') });
    expect(words.viewer).toBe('Every other Tuesday and Friday at 1:30 AM');
    expect(words.group).toBe('Every other Monday and Thursday at 8:30 PM in New York');
    expect(words.duration).toBe('1 hour');
    expect(words.otherTimes).toBe('Tuesday at 12:30 AM and Friday at 12:30 AM');
  });

  it('names each day with its own hour when the days fall on different hours', () => {
    // Sunday 25 October 2026: Berlin changes back that night, Chicago on 1 November. From Monday
    // 19 October: Thursday 22 October 09:00 CEST = 02:00 CDT; Monday 26 October 09:00 CET = 03:00 CDT.
    const schedule = { weekdays: [1, 4], everyWeeks: 3, localStartTime: '09:00', timeZone: 'Europe/Berlin', durationMinutes: 45 };
    const words = describeScheduleFor({ schedule, viewerZone: 'America/Chicago', now: Date.parse('2026-10-19T12:00:00Z') });
    expect(words.viewer).toBe('Every 3 weeks on Monday at 3:00 AM and Thursday at 2:00 AM');
    expect(words.duration).toBe('45 minutes');
  });

  it('passes over a date whose start the clocks skip, to describe the usual hour', () => {
    // Sunday 8 March 2026 has no 02:30 in Chicago; the next real one is 15 March 02:30 CDT = 07:30 UTC.
    const schedule = { ...chicagoSunday, localStartTime: '02:30' };
    const words = describeScheduleFor({ schedule, viewerZone: 'UTC', now: Date.parse('2026-03-07T12:00:00Z') });
    expect(words.viewer).toBe('Every Sunday at 7:30 AM');
    expect(words.otherTimes).toBe('Sunday at 8:30 AM');
  });
});

describe('placeOfZone', () => {
  it('names the place of a zone, or the zone when it has none', () => {
    expect(placeOfZone('America/Chicago')).toBe('Chicago');
    expect(placeOfZone('America/Argentina/Buenos_Aires')).toBe('Buenos Aires');
    expect(placeOfZone('UTC')).toBe('UTC');
    expect(placeOfZone('Etc/GMT+5')).toBe('Etc/GMT+5');
  });
});
