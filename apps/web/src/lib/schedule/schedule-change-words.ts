/**
 * A cancelled, moved or restored session in words a member takes in at a glance, in the viewer's
 * zone: "Sunday 13 Dec session is cancelled", "Moved: now Monday 14 Dec, 7:00 PM CST". Pure: the
 * zone is an argument. It never names anyone: schedule changes carry times only.
 */
import type { ScheduleChangeView, ScheduleRescheduledUpdate } from '@respite/protocol';

const LOCALE = 'en-US';

function parts(iso: string, timeZone: string, options: Intl.DateTimeFormatOptions): Record<string, string> {
  return Object.fromEntries(new Intl.DateTimeFormat(LOCALE, { timeZone, ...options }).formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
}

/** "Sunday 13 Dec": the day of an instant in the viewer's zone. */
export function formatShortDay(iso: string, timeZone: string): string {
  const { weekday, day, month } = parts(iso, timeZone, { weekday: 'long', day: 'numeric', month: 'short' });
  return `${weekday} ${day} ${month}`;
}

/** "7:00 PM CST": the time of day with the zone's short name. */
export function formatTimeWithZone(iso: string, timeZone: string): string {
  const { hour, minute, dayPeriod, timeZoneName } = parts(iso, timeZone, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  return `${hour}:${minute} ${dayPeriod} ${timeZoneName}`;
}

/** "Monday 14 Dec, 7:00 PM CST". */
export function formatShortDateTime(iso: string, timeZone: string): string {
  return `${formatShortDay(iso, timeZone)}, ${formatTimeWithZone(iso, timeZone)}`;
}

export interface ChangeWords {
  title: string;
  detail: string;
}

/** The notice on a group's card and page. */
export function describeChange(change: ScheduleChangeView, timeZone: string): ChangeWords {
  const usualDay = formatShortDay(change.usualStartsAt, timeZone);
  if (change.kind === 'cancelled' || change.startsAt === null) {
    return { title: `${usualDay} session is cancelled`, detail: `It was due at ${formatTimeWithZone(change.usualStartsAt, timeZone)}. Nothing opens that day.` };
  }
  return { title: `Moved: now ${formatShortDateTime(change.startsAt, timeZone)}`, detail: `Instead of ${formatShortDateTime(change.usualStartsAt, timeZone)}.` };
}

/**
 * What a live region says when the hub tells of a change. `changes` are the group's fresh
 * upcoming changes (read after the update), used for the usual time of a cancelled session.
 * Null for updates a member need not hear of (an extension shows on the room's own clock).
 */
export function describeLiveUpdate(update: ScheduleRescheduledUpdate, groupName: string, changes: readonly ScheduleChangeView[], timeZone: string): string | null {
  const session = update.session;
  switch (update.change) {
    case 'cancelled': {
      const usual = changes.find((change) => change.localDate === update.localDate)?.usualStartsAt ?? session?.startsAt;
      return usual ? `${groupName}: ${formatShortDay(usual, timeZone)} session is cancelled.` : `${groupName}: a session is cancelled.`;
    }
    case 'restored':
      return session
        ? `${groupName}: ${formatShortDay(session.startsAt, timeZone)} session is back on, at ${formatTimeWithZone(session.startsAt, timeZone)}.`
        : `${groupName}: a cancelled session is back on.`;
    case 'moved':
      return session ? `${groupName}: session moved, now ${formatShortDateTime(session.startsAt, timeZone)}.` : `${groupName}: a session has moved.`;
    case 'extended':
      return null;
  }
}
