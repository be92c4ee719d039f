/**
 * Instants for test clocks, computed from the wall clock, never written as a calendar date: the
 * real Redis expires keys by its own clock, and a test clock fixed at a date drifts further from it
 * every day until the test fails (issue 16). `pnpm test:calendar` runs the suite on moved dates.
 */
import { DateTime } from 'luxon';

const day = 86_400_000;

/** The next ISO `weekday` (1 = Monday … 7 = Sunday) at `hour`:00 UTC, strictly after `from`. */
export function nextUtcWeekdayAt(weekday: number, hour: number, from = Date.now()): number {
  const start = new Date(from);
  let candidate = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), hour);
  const isoDay = ((new Date(candidate).getUTCDay() + 6) % 7) + 1;
  candidate += ((weekday - isoDay + 7) % 7) * day;
  return candidate <= from ? candidate + 7 * day : candidate;
}

/** The first instant after `from` at which `zone`'s UTC offset changes (to the hour), searched a year ahead. */
export function nextOffsetChange(zone: string, from = Date.now()): number {
  const offsetAt = (instant: number) => DateTime.fromMillis(instant, { zone }).offset;
  const before = offsetAt(from);
  for (let at = from + day; at <= from + 366 * day; at += day) {
    if (offsetAt(at) === before) continue;
    let hour = at - day;
    while (offsetAt(hour) === before) hour += 3_600_000;
    return hour;
  }
  throw new Error(`${zone} has no offset change in the coming year`);
}
