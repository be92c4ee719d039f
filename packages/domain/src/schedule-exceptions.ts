/**
 * A schedule's exceptions (cancelled dates, moved occurrences) applied to the weekly rule's
 * occurrences. An occurrence keeps its rule-given start as its identity (`originalStartsAt`), so a
 * moved or cancelled occurrence still names the same session. Pure: no clock, no I/O.
 */
import { DateTime } from 'luxon';
import { type Occurrence, type WeeklyRule, occurrencesBetween } from './weekly-schedule';

/** A moved occurrence, named by its rule-given local date. */
export interface MovedOccurrence {
  localDate: string;
  startsAt: number;
  /** The new duration; the rule's duration when absent. */
  durationMinutes?: number;
}

export interface ScheduleExceptions {
  /** Local dates (YYYY-MM-DD, the group's zone) whose occurrence does not take place. */
  cancelledDates?: string[];
  movedOccurrences?: MovedOccurrence[];
}

/** A weekly rule with its exceptions: what a group's schedule record holds. */
export type GroupSchedule = WeeklyRule & ScheduleExceptions;

export interface PlannedOccurrence extends Occurrence {
  /** The start the rule gives; stable across moves, so it can name the session. */
  originalStartsAt: number;
  status: 'scheduled' | 'cancelled';
  moved: boolean;
}

/** How far from its rule-given start an occurrence may move. */
export const MAX_MOVE_DISTANCE_MS = 7 * 24 * 60 * 60_000;

export function applyExceptions(occurrence: Occurrence, exceptions: ScheduleExceptions): PlannedOccurrence {
  const base = { ...occurrence, originalStartsAt: occurrence.startsAt, moved: false };
  if (exceptions.cancelledDates?.includes(occurrence.localDate)) return { ...base, status: 'cancelled' };
  const move = exceptions.movedOccurrences?.find((candidate) => candidate.localDate === occurrence.localDate);
  if (!move) return { ...base, status: 'scheduled' };
  const durationMs = move.durationMinutes !== undefined ? move.durationMinutes * 60_000 : occurrence.endsAt - occurrence.startsAt;
  return { ...base, startsAt: move.startsAt, endsAt: move.startsAt + durationMs, status: 'scheduled', moved: true };
}

/**
 * Occurrences of the rule whose rule-given times meet [from, until), with exceptions applied.
 * Cancelled occurrences are kept (status 'cancelled'), so callers can tell people about them.
 */
export function plannedOccurrencesBetween(schedule: GroupSchedule, from: number, until: number): PlannedOccurrence[] {
  return occurrencesBetween(schedule, from, until).map((occurrence) => applyExceptions(occurrence, schedule));
}

/** Whether `localDate` (YYYY-MM-DD) is a date on which the rule has an occurrence. */
export function isRuleDate(rule: WeeklyRule, localDate: string): boolean {
  const day = DateTime.fromISO(localDate, { zone: rule.timeZone });
  if (!day.isValid) return false;
  const start = day.startOf('day').toMillis();
  return occurrencesBetween(rule, start, day.endOf('day').toMillis()).some((occurrence) => occurrence.localDate === localDate);
}

/** Adds a cancelled date (dropping any move of it). */
export function withCancelledDate(schedule: GroupSchedule, localDate: string): GroupSchedule {
  return {
    ...schedule,
    cancelledDates: [...new Set([...(schedule.cancelledDates ?? []), localDate])].sort(),
    movedOccurrences: (schedule.movedOccurrences ?? []).filter((move) => move.localDate !== localDate),
  };
}

/** Drops a cancelled date: the occurrence takes place again at the rule's time. */
export function withoutCancelledDate(schedule: GroupSchedule, localDate: string): GroupSchedule {
  return { ...schedule, cancelledDates: (schedule.cancelledDates ?? []).filter((date) => date !== localDate) };
}

/** Records (or replaces) a move of the occurrence on `move.localDate`. */
export function withMovedOccurrence(schedule: GroupSchedule, move: MovedOccurrence): GroupSchedule {
  return {
    ...schedule,
    cancelledDates: (schedule.cancelledDates ?? []).filter((date) => date !== move.localDate),
    movedOccurrences: [...(schedule.movedOccurrences ?? []).filter((existing) => existing.localDate !== move.localDate), move]
      .sort((a, b) => a.localDate.localeCompare(b.localDate)),
  };
}
