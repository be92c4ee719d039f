/**
 * What each session state means to a member: a short badge label and whether the room can be entered.
 * Pure and shared by the group list and the room. It must never decide access: the hub does that.
 */
import type { SessionState } from '@respite/protocol';

export const sessionStateLabels: Record<SessionState, string> = {
  scheduled: 'Scheduled',
  lobby: 'Waiting room open',
  live: 'Live now',
  closing: 'Ending soon',
  closed: 'Ended',
};

/** States in which a member may enter the room. */
export function isRoomOpen(state: SessionState): boolean {
  return state === 'lobby' || state === 'live' || state === 'closing';
}

/** The next instant worth counting down to, with what happens then; null once closed. */
export function nextMilestone(session: { state: SessionState; lobbyOpensAt: string; startsAt: string; endsAt: string }):
  | { at: string; label: string }
  | null {
  switch (session.state) {
    case 'scheduled':
      return { at: session.lobbyOpensAt, label: 'Waiting room opens in' };
    case 'lobby':
      return { at: session.startsAt, label: 'Starts in' };
    case 'live':
    case 'closing':
      return { at: session.endsAt, label: 'Ends in' };
    case 'closed':
      return null;
  }
}
