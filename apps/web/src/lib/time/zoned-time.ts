/**
 * Wall times in a named IANA zone, for forms that take a date and time "in <zone>": a
 * `datetime-local` value (YYYY-MM-DDTHH:MM, no zone) read as a wall time in that zone, and back.
 * Never the browser's zone unless it is the zone named. Pure: the zone is an argument.
 */

const HOUR_MS = 3_600_000;

export type WallTimeReading =
  | { ok: true; instant: number; /** The wall time occurs twice (clocks go back); the earlier was taken. */ repeated: boolean }
  | { ok: false; reason: 'invalid' | 'nonexistent' };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** "YYYY-MM-DDTHH:MM": the wall time of `instant` in `zone`, as a datetime-local input wants it. */
export function wallTimeOf(instant: number, zone: string): string {
  const parts = Object.fromEntries(formatterFor(zone).formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * Reads a datetime-local value as a wall time in `zone`. A time the clocks skip (a spring-forward
 * gap) does not exist and is refused rather than guessed; a time that occurs twice (fall back)
 * is the earlier instant, as the schedule's own rule does.
 */
export function readWallTime(value: string, zone: string): WallTimeReading {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value.trim());
  if (!match) return { ok: false, reason: 'invalid' };
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const wanted = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}`;
  if (Number.isNaN(asUtc) || wallTimeOf(asUtc, 'UTC') !== wanted) return { ok: false, reason: 'invalid' };
  // Every offset the zone uses within a day of this wall time gives a candidate; keep those that
  // really show the wanted wall time. Half-hour and 45-minute zones and changes come out the same.
  const offsets = new Set<number>();
  for (let step = -26; step <= 26; step += 1) {
    const probe = asUtc + step * HOUR_MS;
    offsets.add(Date.parse(`${wallTimeOf(probe, zone)}:00Z`) - probe);
  }
  const candidates = [...offsets].map((offset) => asUtc - offset).filter((instant) => wallTimeOf(instant, zone) === wanted);
  const unique = [...new Set(candidates)].sort((a, b) => a - b);
  if (unique.length === 0) return { ok: false, reason: 'nonexistent' };
  return { ok: true, instant: unique[0]!, repeated: unique.length > 1 };
}
