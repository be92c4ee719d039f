/**
 * Session records and the lifecycle's queue of due transitions (durable). Holds times and states
 * only, never content. Transitions are claimed atomically, so each runs once across hub nodes.
 */
import type { SessionState } from '@respite/protocol';
import type { SessionTimes } from '@respite/domain';

export interface SessionRecord extends SessionTimes {
  id: string;
  groupId: string;
  state: SessionState;
  /** When the room first opened (lobby); null until then. Lets the hub tell a lost history from an empty one. */
  openedAt: number | null;
  closedAt: number | null;
  /** Set when the occurrence was cancelled: closed without ever opening. */
  cancelledAt?: number | null;
  /** Minutes a facilitator added to the end, in total (bounded by the extension limit). */
  extendedMinutes?: number;
}

export interface SessionStore {
  /** Creates the session and queues its first transition; 'exists' when the id is taken. */
  create(session: SessionRecord): Promise<'created' | 'exists'>;
  get(sessionId: string): Promise<SessionRecord | null>;
  /** Sessions of a group whose start lies in [from, until), by start. */
  listForGroup(groupId: string, from: number, until: number): Promise<SessionRecord[]>;
  /** Compare-and-set: moves from `from` to `to` only if the state is still `from`. */
  transition(sessionId: string, from: SessionState, to: SessionState, at: number): Promise<boolean>;
  /** Closes once: true only for the caller that closed it. */
  markClosed(sessionId: string, at: number): Promise<boolean>;
  /** Queues (or moves) the session's next lifecycle check. */
  scheduleCheck(sessionId: string, at: number): Promise<void>;
  /** Claims due checks: each due session id is returned to exactly one caller. */
  claimDueChecks(now: number, limit: number): Promise<string[]>;
  /**
   * Compare-and-set on the state: replaces the session's times (and extension total) only while its
   * state is one of `states`, and re-queues its next check at `checkAt`. Answers the updated record, or null.
   */
  retime(sessionId: string, states: readonly SessionState[], change: SessionTimes & { extendedMinutes?: number; checkAt: number }): Promise<SessionRecord | null>;
  /** Cancels a session that is still scheduled: closed without opening. True only for the caller that cancelled it. */
  cancel(sessionId: string, at: number): Promise<boolean>;
  /**
   * Undoes `cancel`: only a session that was cancelled (closed, never opened) goes back to
   * `scheduled` with the given times, its cancel and close marks cleared, its check queued at
   * `checkAt`. Answers the restored record, or null when it was not a cancelled session.
   */
  uncancel(sessionId: string, change: SessionTimes & { checkAt: number }): Promise<SessionRecord | null>;
}
