/**
 * Occurrences of a weekly rule, computed in the group's own time zone with luxon, so
 * "Sunday 19:00 America/Chicago" stays 19:00 local across daylight-saving changes.
 *
 * Nonexistent local times (the spring-forward gap) move forward by the gap, as luxon does:
 * 02:30 on a night that skips 02:00-03:00 becomes 03:30. Repeated local times (the fall-back
 * overlap) take the earlier of the two instants.
 */
import { DateTime } from 'luxon';

export interface WeeklyRule {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  everyWeeks: number;
  /** HH:MM in `timeZone`. */
  localStartTime: string;
  timeZone: string;
  durationMinutes: number;
  /** A local date (YYYY-MM-DD) in the first week the rule runs; "every N weeks" counts from its week. */
  anchorDate: string;
}

export interface Occurrence {
  startsAt: number;
  endsAt: number;
  /** The local date in the group's time zone, YYYY-MM-DD: the occurrence's stable name. */
  localDate: string;
}

function parseLocalTime(localStartTime: string): { hour: number; minute: number } {
  const [hour, minute] = localStartTime.split(':').map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0 };
}

/** Occurrences that end after `from` and start before `until`, in order. */
export function occurrencesBetween(rule: WeeklyRule, from: number, until: number): Occurrence[] {
  const { hour, minute } = parseLocalTime(rule.localStartTime);
  const anchorWeek = DateTime.fromISO(rule.anchorDate, { zone: rule.timeZone }).startOf('week');
  const durationMs = rule.durationMinutes * 60_000;
  let day = DateTime.fromMillis(from - durationMs, { zone: rule.timeZone }).startOf('day');
  const result: Occurrence[] = [];
  while (day.toMillis() < until) {
    // The weekday test first: the week count is the costly part, and most days fail the weekday.
    const weeksFromAnchor = rule.weekdays.includes(day.weekday) ? Math.round(day.startOf('week').diff(anchorWeek, 'weeks').weeks) : -1;
    if (weeksFromAnchor >= 0 && weeksFromAnchor % rule.everyWeeks === 0) {
      const start = localStart(day, hour, minute);
      const startsAt = start.toMillis();
      if (startsAt + durationMs > from && startsAt < until) {
        result.push({ startsAt, endsAt: startsAt + durationMs, localDate: day.toISODate() ?? '' });
      }
    }
    day = day.plus({ days: 1 });
  }
  return result;
}

/**
 * The instant for a local wall time, resolving gaps forward and overlaps to the earlier instant.
 * Overlaps are found by trying every offset the zone uses within six hours, so a half-hour change
 * (Australia/Lord_Howe) resolves like a whole-hour one.
 */
function localStart(day: DateTime, hour: number, minute: number): DateTime {
  const candidate = day.set({ hour, minute, second: 0, millisecond: 0 });
  const wallAsUtc = Date.UTC(day.year, day.month - 1, day.day, hour, minute);
  const sixHours = 6 * 3_600_000;
  const offsets = new Set([
    candidate.offset,
    DateTime.fromMillis(candidate.toMillis() - sixHours, { zone: day.zone }).offset,
    DateTime.fromMillis(candidate.toMillis() + sixHours, { zone: day.zone }).offset,
  ]);
  const matching = [...offsets]
    .map((offset) => wallAsUtc - offset * 60_000)
    .filter((instant) => {
      const local = DateTime.fromMillis(instant, { zone: day.zone });
      return local.hour === hour && local.minute === minute && local.day === day.day;
    });
  // No match: the wall time falls in a gap, and luxon has already moved it forward by the gap.
  return matching.length > 0 ? DateTime.fromMillis(Math.min(...matching), { zone: day.zone }) : candidate;
}
