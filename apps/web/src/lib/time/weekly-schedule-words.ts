/**
 * A group's weekly rule in words, twice: as the viewer's clock shows it and as the group states
 * it. The rule is a wall time in the group's zone, so the viewer's weekday and hour come from real
 * occurrences (the next one of each weekday), converted; never from a fixed offset between zones.
 * Pure: the zones and "now" are arguments.
 */
import type { ScheduleView } from '@respite/protocol';
import { formatLocalTime } from './time-format';
import { readWallTime, wallTimeOf } from './zoned-time';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** Weeks looked at for a change of hour during the year: a whole year and a week. */
const WEEKS_SCANNED = 53;
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface ScheduleInWords {
  /** "Every Monday at 2:00 AM": the rule on the viewer's clock, from the next occurrences. */
  viewer: string;
  /** "Every Sunday at 7:00 PM in Chicago": the rule as the group states it. */
  group: string;
  /** "1 hour 30 minutes". */
  duration: string;
  /** The viewer's zone is the group's: one line says it all. */
  sameZone: boolean;
  /**
   * Set when, on the viewer's clock, the sessions move during the year because the two zones
   * change their clocks on different dates: "Monday at 1:00 AM".
   */
  otherTimes: string | null;
}

/** "America/Chicago" → "Chicago"; "America/Argentina/Buenos_Aires" → "Buenos Aires"; "UTC" stays. */
export function placeOfZone(zone: string): string {
  const last = zone.includes('/') && !zone.startsWith('Etc/') ? zone.slice(zone.lastIndexOf('/') + 1) : zone;
  return last.replace(/_/g, ' ');
}

/** "America/New_York" → "America/New York". */
export function zoneInWords(zone: string): string {
  return zone.replace(/_/g, ' ');
}

function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function formatMinutes(total: number): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  if (hours === 0) return `${minutes} minutes`;
  const h = `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  return minutes === 0 ? h : `${h} ${minutes} minutes`;
}

function cadenceWords(everyWeeks: number, dayWords: string): string {
  if (everyWeeks <= 1) return `Every ${dayWords}`;
  if (everyWeeks === 2) return `Every other ${dayWords}`;
  return `Every ${everyWeeks} weeks on ${dayWords}`;
}

/** ISO weekday (1 = Monday) of a "YYYY-MM-DD" calendar date. */
function isoWeekdayOfDate(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** A calendar date moved by whole days: "YYYY-MM-DD". */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Where an instant falls on a clock in `zone`: its ISO weekday and its "HH:MM". */
function onClock(instant: number, zone: string): { weekday: number; time: string } {
  const wall = wallTimeOf(instant, zone);
  return { weekday: isoWeekdayOfDate(wall.slice(0, 10)), time: wall.slice(11, 16) };
}

/**
 * The start of the next occurrence of `weekday` at the rule's wall time, after `now`. A date whose
 * wall time the clocks skip is passed over: the rule's usual hour is what is being described.
 */
function nextStartOn(weekday: number, schedule: ScheduleView, now: number): number | null {
  const today = wallTimeOf(now, schedule.timeZone).slice(0, 10);
  for (let days = 0; days < 7 * 3; days += 1) {
    const date = addDays(today, days);
    if (isoWeekdayOfDate(date) !== weekday) continue;
    const read = readWallTime(`${date}T${schedule.localStartTime}`, schedule.timeZone);
    if (read.ok && read.instant > now) return read.instant;
  }
  return null;
}

/**
 * The same wall time, `weeks` later in the group's zone: starts one week apart in instants, then
 * corrects by the change of offset found (at most two corrections: a zone changes once a night).
 * Null when that date's wall time does not exist.
 */
function sameWallTimeWeeksLater(first: number, weeks: number, zone: string): number | null {
  const wanted = `${addDays(wallTimeOf(first, zone).slice(0, 10), weeks * 7)}T${wallTimeOf(first, zone).slice(11)}`;
  let candidate = first + weeks * WEEK_MS;
  for (let step = 0; step < 3; step += 1) {
    const shown = wallTimeOf(candidate, zone);
    if (shown === wanted) return candidate;
    candidate += Date.parse(`${wanted}:00Z`) - Date.parse(`${shown}:00Z`);
  }
  return null;
}

const cache = new Map<string, ScheduleInWords>();

/** The rule in words for a viewer in `viewerZone`, from the occurrences after `now`. */
export function describeScheduleFor(input: { schedule: ScheduleView; viewerZone: string; now: number }): ScheduleInWords {
  const { schedule, viewerZone, now } = input;
  // Same words all day: keyed by the hour, so a page that re-renders does not recompute.
  const key = JSON.stringify([schedule, viewerZone, Math.floor(now / 3_600_000)]);
  const known = cache.get(key);
  if (known) return known;

  const weekdays = [...new Set(schedule.weekdays)].filter((day) => day >= 1 && day <= 7).sort((a, b) => a - b);
  const groupDays = listInWords(weekdays.map((day) => WEEKDAY_NAMES[day - 1]!));
  const place = placeOfZone(schedule.timeZone);
  const group = `${cadenceWords(schedule.everyWeeks, groupDays)} at ${formatLocalTime(schedule.localStartTime)} in ${place}`;
  const sameZone = viewerZone === schedule.timeZone;

  const next: { weekday: number; time: string }[] = [];
  const others = new Map<string, { weekday: number; time: string }>();
  for (const weekday of weekdays) {
    const first = nextStartOn(weekday, schedule, now);
    if (first === null) continue;
    const seen = onClock(first, viewerZone);
    next.push(seen);
    for (let weeks = 1; weeks < WEEKS_SCANNED && !sameZone; weeks += 1) {
      const later = sameWallTimeWeeksLater(first, weeks, schedule.timeZone);
      if (later === null) continue;
      const other = onClock(later, viewerZone);
      if (other.weekday !== seen.weekday || other.time !== seen.time) others.set(`${other.weekday} ${other.time}`, other);
    }
  }
  next.sort((a, b) => a.weekday - b.weekday);

  let viewer: string;
  const times = new Set(next.map((seen) => seen.time));
  if (next.length === 0) {
    viewer = group;
  } else if (times.size === 1) {
    const dayWords = listInWords(next.map((seen) => WEEKDAY_NAMES[seen.weekday - 1]!));
    viewer = `${cadenceWords(schedule.everyWeeks, dayWords)} at ${formatLocalTime(next[0]!.time)}`;
  } else {
    const [head, ...rest] = next.map((seen) => `${WEEKDAY_NAMES[seen.weekday - 1]} at ${formatLocalTime(seen.time)}`);
    viewer = `${cadenceWords(schedule.everyWeeks, head!)}${rest.length ? `${rest.length > 1 ? ', ' : ' and '}${listInWords(rest)}` : ''}`;
  }
  const otherTimes = others.size === 0
    ? null
    : listInWords([...others.values()]
      .sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time))
      .map((other) => `${WEEKDAY_NAMES[other.weekday - 1]} at ${formatLocalTime(other.time)}`));

  const words: ScheduleInWords = { viewer, group, duration: formatMinutes(schedule.durationMinutes), sameZone, otherTimes };
  if (cache.size > 200) cache.clear();
  cache.set(key, words);
  return words;
}
