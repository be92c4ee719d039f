/**
 * Turns instants, durations and weekly schedules into words, in the viewer's time zone.
 * Pure: the zone, the locale and "now" are arguments. It must never guess a zone from a message.
 */
import type { ScheduleView } from '@respite/protocol';

const LOCALE = 'en-US';

/** The browser's IANA zone, or UTC when the browser will not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** True when the runtime knows this IANA zone name. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat(LOCALE, { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone to show times in: the account's choice, else the browser's. */
export function viewerTimeZone(accountZone: string | null | undefined): string {
  return accountZone && isKnownTimeZone(accountZone) ? accountZone : browserTimeZone();
}

/** Every zone the runtime knows, for a picker; always contains `ensure` when given. */
export function supportedTimeZones(ensure?: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = ['UTC'];
  }
  if (ensure && !zones.includes(ensure)) zones = [...zones, ensure].sort();
  if (!zones.includes('UTC')) zones = ['UTC', ...zones];
  return zones;
}

/** "Sunday, March 9 at 7:00 PM CDT": a session start, with the zone's short name. */
export function formatSessionStart(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE, {
    timeZone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** "7:04 PM": the time a message was sent. */
export function formatClockTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE, { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/**
 * A time left, in words a reader takes in at a glance: "2 days 3 h", "1 h 05 min", "12 min",
 * "4 min 09 s" (seconds only in the last ten minutes), "0 s" once it is over.
 */
export function formatCountdown(ms: number): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${days} ${days === 1 ? 'day' : 'days'}${hours > 0 ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${hours} h ${pad(minutes)} min`;
  if (totalSeconds >= 600) return `${minutes} min`;
  if (minutes > 0) return `${minutes} min ${pad(seconds)} s`;
  return `${seconds} s`;
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "19:00" → "7:00 PM". */
export function formatLocalTime(hhmm: string): string {
  const [h = '0', m = '00'] = hhmm.split(':');
  const hour = Number(h);
  const suffix = hour >= 12 ? 'PM' : 'AM';
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${hour12}:${m.padStart(2, '0')} ${suffix}`;
}

function formatMinutes(total: number): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  if (hours === 0) return `${minutes} minutes`;
  const h = `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  return minutes === 0 ? h : `${h} ${minutes} minutes`;
}

/** "Every Sunday at 7:00 PM (America/Chicago time), for 1 hour 30 minutes". */
export function describeSchedule(schedule: ScheduleView): string {
  const days = [...schedule.weekdays]
    .sort((a, b) => a - b)
    .map((d) => WEEKDAY_NAMES[d - 1])
    .filter((d): d is string => Boolean(d));
  const dayWords = listInWords(days);
  const cadence =
    schedule.everyWeeks <= 1
      ? `Every ${dayWords}`
      : schedule.everyWeeks === 2
        ? `Every other ${dayWords}`
        : `Every ${schedule.everyWeeks} weeks on ${dayWords}`;
  return `${cadence} at ${formatLocalTime(schedule.localStartTime)} (${schedule.timeZone.replace(/_/g, ' ')} time), for ${formatMinutes(schedule.durationMinutes)}`;
}

const WEEKDAY_ORDER = new Map(WEEKDAY_NAMES.map((name, index) => [name, index]));

/**
 * "Every Monday at 1:00 AM, for 1 hour": a weekly schedule as it falls in `timeZone`, read from its
 * next occurrences (a rule set in the group's zone can fall on another weekday in the viewer's, and
 * at an hour that moves when only one of the two zones changes for daylight saving: then both hours
 * are named). With no occurrence to read, the rule in the group's own zone.
 */
export function describeScheduleInZone(schedule: ScheduleView, upcoming: readonly { startsAt: string }[], timeZone: string): string {
  if (upcoming.length === 0) return describeSchedule(schedule);
  const weekday = new Intl.DateTimeFormat(LOCALE, { timeZone, weekday: 'long' });
  const clock = new Intl.DateTimeFormat(LOCALE, { timeZone, hour: 'numeric', minute: '2-digit' });
  const days = new Set<string>();
  const times = new Set<string>();
  for (const occurrence of upcoming) {
    const instant = new Date(occurrence.startsAt);
    days.add(weekday.format(instant));
    times.add(clock.format(instant).replace(/\s/g, ' '));
  }
  const dayWords = listInWords([...days].sort((a, b) => (WEEKDAY_ORDER.get(a) ?? 0) - (WEEKDAY_ORDER.get(b) ?? 0)));
  const cadence =
    schedule.everyWeeks <= 1
      ? `Every ${dayWords}`
      : schedule.everyWeeks === 2
        ? `Every other ${dayWords}`
        : `Every ${schedule.everyWeeks} weeks on ${dayWords}`;
  const timeWords = times.size === 1 ? [...times][0] : `${[...times].join(' or ')} (the hour moves with daylight saving)`;
  return `${cadence} at ${timeWords}, for ${formatMinutes(schedule.durationMinutes)}`;
}
