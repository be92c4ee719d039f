/**
 * What members hear of before their next session, worked out by hand for one weekly group
 * (Sundays 19:00 America/Chicago, 90 minutes): which cancellations and moves are listed, and when.
 */
import { type GroupSchedule, occurrencesBetween, timesForOccurrence, withCancelledDate, withMovedOccurrence } from '@respite/domain';
import type { GroupRecord } from '../stores/group.store';
import type { SessionRecord } from '../stores/session.store';
import { MAX_UPCOMING_CHANGES, upcomingChanges } from './schedule-changes';
import { occurrenceSessionId } from './session-planner.service';

const hour = 3_600_000;
const rule: GroupSchedule = { weekdays: [7], everyWeeks: 1, localStartTime: '19:00', timeZone: 'America/Chicago', durationMinutes: 90, anchorDate: '2026-01-04' };
// Sundays 13, 20 and 27 Dec 2026 at 19:00 CST = 01:00 UTC the next day.
const dec13 = Date.UTC(2026, 11, 14, 1);
const dec20 = dec13 + 7 * 24 * hour;
const dec27 = dec20 + 7 * 24 * hour;
const now = Date.UTC(2026, 11, 10, 12); // Thursday 10 Dec

const groupWith = (schedule: GroupSchedule): GroupRecord => ({ id: 'group-1', name: 'Circle', description: '', norms: [], capacity: 10, schedule, sponsorIds: [], createdAt: 0 });
const sessionAt = (usualStart: number, changes: Partial<SessionRecord> = {}): SessionRecord => ({
  id: occurrenceSessionId('group-1', usualStart), groupId: 'group-1', ...timesForOccurrence(usualStart, 90), state: 'scheduled', openedAt: null, closedAt: null, ...changes,
});
const nextOf = (sessions: SessionRecord[]) => sessions.find((session) => session.state !== 'closed' && session.endsAt > now) ?? null;
const changesFor = (schedule: GroupSchedule, sessions: SessionRecord[], at = now) =>
  upcomingChanges({ group: groupWith(schedule), sessions, nextSession: nextOf(sessions), now: at, lookAheadMs: 35 * 24 * hour });

describe('upcomingChanges', () => {
  it('is empty when nothing changed', () => {
    expect(changesFor(rule, [sessionAt(dec13), sessionAt(dec20)])).toEqual([]);
  });

  it('lists the cancelled 13 Dec before the next session (20 Dec), but not a cancellation after it', () => {
    const schedule = withCancelledDate(withCancelledDate(rule, '2026-12-13'), '2026-12-27');
    const sessions = [sessionAt(dec13, { state: 'closed', closedAt: now, cancelledAt: now }), sessionAt(dec20), sessionAt(dec27, { state: 'closed', closedAt: now, cancelledAt: now })];
    expect(changesFor(schedule, sessions)).toEqual([
      { localDate: '2026-12-13', kind: 'cancelled', usualStartsAt: '2026-12-14T01:00:00.000Z', startsAt: null, endsAt: null },
    ]);
  });

  it('keeps a cancellation listed until its usual end, then drops it', () => {
    const schedule = withCancelledDate(rule, '2026-12-13');
    const sessions = [sessionAt(dec13, { state: 'closed', closedAt: now, cancelledAt: now }), sessionAt(dec20)];
    expect(changesFor(schedule, sessions, dec13 + hour)).toHaveLength(1);
    expect(changesFor(schedule, sessions, dec13 + 90 * 60_000)).toEqual([]);
  });

  it('lists a move of the next session, with its usual and new times, until its room opens', () => {
    const newStart = dec13 + 24 * hour;
    const schedule = withMovedOccurrence(rule, { localDate: '2026-12-13', startsAt: newStart });
    const moved = { ...sessionAt(dec13), ...timesForOccurrence(newStart, 90) };
    expect(changesFor(schedule, [moved, sessionAt(dec20)])).toEqual([{
      localDate: '2026-12-13', kind: 'moved', usualStartsAt: '2026-12-14T01:00:00.000Z', startsAt: '2026-12-15T01:00:00.000Z', endsAt: '2026-12-15T02:30:00.000Z',
    }]);
    expect(changesFor(schedule, [{ ...moved, state: 'lobby' }, sessionAt(dec20)])).toEqual([]);
    // Moved back to its usual time: nothing to tell.
    expect(changesFor(withMovedOccurrence(rule, { localDate: '2026-12-13', startsAt: dec13 }), [sessionAt(dec13)])).toEqual([]);
  });

  it('lists a cancellation and, after it, a later session moved earlier that is now the next one', () => {
    // 13 Dec cancelled; 20 Dec moved to Tuesday 15 Dec, which is now the next session.
    const newStart = dec13 + 2 * 24 * hour;
    const schedule = withMovedOccurrence(withCancelledDate(rule, '2026-12-13'), { localDate: '2026-12-20', startsAt: newStart });
    const sessions = [sessionAt(dec13, { state: 'closed', closedAt: now, cancelledAt: now }), { ...sessionAt(dec20), ...timesForOccurrence(newStart, 90) }, sessionAt(dec27)];
    expect(changesFor(schedule, sessions).map((change) => [change.localDate, change.kind, change.startsAt])).toEqual([
      ['2026-12-13', 'cancelled', null], ['2026-12-20', 'moved', '2026-12-16T01:00:00.000Z'],
    ]);
  });

  it('names a session a rule edit cancelled, by its own date in the group’s zone', () => {
    const mondays: GroupSchedule = { ...rule, weekdays: [1] };
    const orphan = sessionAt(dec13, { state: 'closed', closedAt: now, cancelledAt: now });
    const monday = Date.UTC(2026, 11, 15, 1);
    const next = { ...sessionAt(monday), id: occurrenceSessionId('group-1', monday) };
    expect(changesFor(mondays, [orphan, next])).toEqual([{ localDate: '2026-12-13', kind: 'cancelled', usualStartsAt: '2026-12-14T01:00:00.000Z', startsAt: null, endsAt: null }]);
  });

  it('lists at most a few, when a long break leaves no next session', () => {
    let schedule = rule;
    const sessions: SessionRecord[] = [];
    for (const occurrence of occurrencesBetween(rule, now, now + 35 * 24 * hour)) {
      schedule = withCancelledDate(schedule, occurrence.localDate);
      sessions.push(sessionAt(occurrence.startsAt, { state: 'closed', closedAt: now, cancelledAt: now }));
    }
    expect(sessions.length).toBeGreaterThan(MAX_UPCOMING_CHANGES - 1);
    const listed = changesFor(schedule, sessions);
    expect(listed).toHaveLength(Math.min(sessions.length, MAX_UPCOMING_CHANGES));
    expect(listed[0]!.localDate).toBe('2026-12-13');
  });
});
