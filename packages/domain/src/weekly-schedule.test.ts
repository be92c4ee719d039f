import { DateTime } from 'luxon';
import { occurrencesBetween, type WeeklyRule } from './weekly-schedule';

const sundayChicago: WeeklyRule = {
  weekdays: [7], everyWeeks: 1, localStartTime: '19:00', timeZone: 'America/Chicago', durationMinutes: 90, anchorDate: '2026-01-04',
};

function local(instant: number, zone: string) {
  return DateTime.fromMillis(instant, { zone }).toFormat("ccc yyyy-MM-dd HH:mm");
}

describe('weekly occurrences', () => {
  it('keeps Sunday 19:00 Chicago at 19:00 local across the November daylight-saving change', () => {
    const from = Date.UTC(2026, 9, 20);
    const occurrences = occurrencesBetween(sundayChicago, from, from + 28 * 86_400_000);
    expect(occurrences.map((occurrence) => local(occurrence.startsAt, 'America/Chicago'))).toEqual([
      'Sun 2026-10-25 19:00', 'Sun 2026-11-01 19:00', 'Sun 2026-11-08 19:00', 'Sun 2026-11-15 19:00',
    ]);
    // The UTC instant moves by an hour when the clocks do.
    expect(occurrences.map((occurrence) => new Date(occurrence.startsAt).getUTCHours())).toEqual([0, 1, 1, 1]);
    expect(occurrences.every((occurrence) => occurrence.endsAt - occurrence.startsAt === 90 * 60_000)).toBe(true);
  });

  it('counts every N weeks from the anchor week', () => {
    const fortnightly = { ...sundayChicago, everyWeeks: 2 };
    const from = Date.UTC(2026, 0, 1);
    const dates = occurrencesBetween(fortnightly, from, from + 42 * 86_400_000).map((occurrence) => occurrence.localDate);
    expect(dates).toEqual(['2026-01-04', '2026-01-18', '2026-02-01']);
  });

  it('moves a start in the spring-forward gap forward, and takes the earlier of a repeated hour', () => {
    const gap: WeeklyRule = { ...sundayChicago, localStartTime: '02:30', anchorDate: '2026-03-01' };
    const [spring] = occurrencesBetween(gap, Date.UTC(2026, 2, 8), Date.UTC(2026, 2, 9));
    expect(local(spring!.startsAt, 'America/Chicago')).toBe('Sun 2026-03-08 03:30');
    const overlap: WeeklyRule = { ...sundayChicago, localStartTime: '01:30', anchorDate: '2026-10-25' };
    const [fall] = occurrencesBetween(overlap, Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 2));
    expect(DateTime.fromMillis(fall!.startsAt, { zone: 'America/Chicago' }).offset).toBe(-300); // CDT, the first 01:30
  });
});
