/**
 * What a member should hear of before their next session: the occurrences between now and the
 * next session that takes place (that one included) that are cancelled or take place at another
 * time than usual. Pure: the group, its sessions and "now" are arguments. Carries times only.
 */
import { DateTime } from 'luxon';
import { MAX_MOVE_DISTANCE_MS, plannedOccurrencesBetween } from '@respite/domain';
import type { ScheduleChangeView } from '@respite/protocol';
import type { GroupRecord } from '../stores/group.store';
import type { SessionRecord } from '../stores/session.store';
import { occurrenceSessionId } from './session-planner.service';

/** A card shows a few notices, not a season of them (a long break is several cancelled dates). */
export const MAX_UPCOMING_CHANGES = 5;

const iso = (instant: number) => new Date(instant).toISOString();

export function upcomingChanges(input: {
  group: GroupRecord;
  /** The group's sessions around now (any state). */
  sessions: readonly SessionRecord[];
  /** The open or next session that takes place, or null when none is planned. */
  nextSession: SessionRecord | null;
  now: number;
  /** How far to look when there is no next session. */
  lookAheadMs: number;
}): ScheduleChangeView[] {
  const { group, sessions, nextSession, now, lookAheadMs } = input;
  const until = nextSession ? nextSession.startsAt : now + lookAheadMs;
  const byId = new Map(sessions.map((session) => [session.id, session]));
  const usualMs = group.schedule.durationMinutes * 60_000;
  const changes: ScheduleChangeView[] = [];
  const named = new Set<string>();

  // Moves reach up to 7 days either way, so look that far past both ends.
  for (const occurrence of plannedOccurrencesBetween(group.schedule, now - MAX_MOVE_DISTANCE_MS, until + MAX_MOVE_DISTANCE_MS)) {
    const sessionId = occurrenceSessionId(group.id, occurrence.originalStartsAt);
    named.add(sessionId);
    const session = byId.get(sessionId);
    const usualStartsAt = occurrence.originalStartsAt;
    if (occurrence.status === 'cancelled' || session?.cancelledAt) {
      if (usualStartsAt + usualMs > now && usualStartsAt <= until) {
        changes.push({ localDate: occurrence.localDate, kind: 'cancelled', usualStartsAt: iso(usualStartsAt), startsAt: null, endsAt: null });
      }
      continue;
    }
    // A moved occurrence is news while it waits; once its room opens, the room says the rest.
    if (!occurrence.moved || (session && session.state !== 'scheduled')) continue;
    const startsAt = session?.startsAt ?? occurrence.startsAt;
    const endsAt = session?.endsAt ?? occurrence.endsAt;
    if (startsAt === usualStartsAt && endsAt === usualStartsAt + usualMs) continue; // moved back to its usual time
    if (endsAt > now && Math.min(usualStartsAt, startsAt) <= until) {
      changes.push({ localDate: occurrence.localDate, kind: 'moved', usualStartsAt: iso(usualStartsAt), startsAt: iso(startsAt), endsAt: iso(endsAt) });
    }
  }

  // Sessions an edit of the weekly rule cancelled: the new rule no longer names them.
  for (const session of sessions) {
    if (!session.cancelledAt || named.has(session.id) || session.endsAt <= now || session.startsAt > until) continue;
    const localDate = DateTime.fromMillis(session.startsAt, { zone: group.schedule.timeZone }).toISODate() ?? '';
    changes.push({ localDate, kind: 'cancelled', usualStartsAt: iso(session.startsAt), startsAt: null, endsAt: null });
  }

  return changes.sort((a, b) => a.usualStartsAt.localeCompare(b.usualStartsAt)).slice(0, MAX_UPCOMING_CHANGES);
}
