/**
 * When a session's states begin, and which state it is in at a given instant.
 * Pure: the clock is an argument.
 */
import type { SessionState } from '@respite/protocol';

export const LOBBY_OPENS_MINUTES_BEFORE = 10;
export const CLOSING_WARNING_MINUTES_BEFORE_END = 5;

export interface SessionTimes {
  lobbyOpensAt: number;
  startsAt: number;
  closingAt: number;
  endsAt: number;
}

export function timesForOccurrence(startsAt: number, durationMinutes: number): SessionTimes {
  const endsAt = startsAt + durationMinutes * 60_000;
  return {
    lobbyOpensAt: startsAt - LOBBY_OPENS_MINUTES_BEFORE * 60_000,
    startsAt,
    closingAt: Math.max(startsAt, endsAt - CLOSING_WARNING_MINUTES_BEFORE_END * 60_000),
    endsAt,
  };
}

/** The state the clock says a session should be in. A session closed early stays closed. */
export function stateAt(times: SessionTimes, now: number, closedAt: number | null = null): SessionState {
  if (closedAt !== null && closedAt <= now) return 'closed';
  if (now >= times.endsAt) return 'closed';
  if (now >= times.closingAt) return 'closing';
  if (now >= times.startsAt) return 'live';
  if (now >= times.lobbyOpensAt) return 'lobby';
  return 'scheduled';
}

const order: Record<SessionState, number> = { scheduled: 0, lobby: 1, live: 2, closing: 3, closed: 4 };

/** States only move forward: a transition to an earlier state is never taken. */
export function isForward(from: SessionState, to: SessionState): boolean {
  return order[to] > order[from];
}

/** The next instant at which the state changes, or null once closed. */
export function nextTransitionAt(times: SessionTimes, state: SessionState): number | null {
  switch (state) {
    case 'scheduled': return times.lobbyOpensAt;
    case 'lobby': return times.startsAt;
    case 'live': return times.closingAt;
    case 'closing': return times.endsAt;
    case 'closed': return null;
  }
}
