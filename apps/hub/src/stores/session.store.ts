/**
 * Session records and the lifecycle's queue of due transitions (durable). Holds times and states
 * only, never content. Transitions are claimed atomically, so each runs once across hub nodes.
 * The same queue carries the lifecycle's duties (planning ahead, retention), so each runs on one
 * node at a time and one that fell due while every node was down runs at the next start.
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

/** A lifecycle duty: work that is not one session's, queued in the due queue beside the sessions. */
export type LifecycleDuty = 'planning' | 'retention';

export const DUTY_CHECK_PREFIX = 'duty:';

/**
 * Claiming a duty does not remove it: the same atomic step moves it this far ahead (a lease), so it
 * is never absent from the queue, and if the node that claimed it dies, another runs it after this.
 */
export const DUTY_LEASE_MS = 10 * 60_000;

/** The due-queue entry of a duty. Session ids never contain a colon, so the two cannot meet. */
export function dutyCheckId(duty: LifecycleDuty): string {
  return `${DUTY_CHECK_PREFIX}${duty}`;
}

/** The duty a claimed due-queue entry names, or null when it names a session. */
export function dutyOfCheck(checkId: string): LifecycleDuty | null {
  if (!checkId.startsWith(DUTY_CHECK_PREFIX)) return null;
  const duty = checkId.slice(DUTY_CHECK_PREFIX.length);
  return duty === 'planning' || duty === 'retention' ? duty : null;
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
  /**
   * Claims due checks: each due session id is returned to exactly one caller and leaves the queue;
   * a due duty is returned to one caller and moved `DUTY_LEASE_MS` ahead in the same step.
   */
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
  /**
   * Queues a lifecycle duty at `at`: 'replace' moves it there, 'if-absent' queues it only when it is
   * not queued at all (a node's start must not postpone a duty another node queued earlier).
   */
  queueDuty(duty: LifecycleDuty, at: number, mode: 'replace' | 'if-absent'): Promise<void>;
  /**
   * Counts a closed, not cancelled session once in its group's held sessions of `month` (the
   * sponsor report's figure, which outlives the session record). True only for the call that counted it.
   */
  countHeld(sessionId: string, month: string): Promise<boolean>;
  /** Held sessions of a group per month ('YYYY-MM'), 0 for a month with none. */
  heldCounts(groupId: string, months: readonly string[]): Promise<number[]>;
  /** Forgets the group's held-session counts of months before `firstKept` ('YYYY-MM'). */
  pruneHeldCounts(groupId: string, firstKept: string): Promise<void>;
  /** Deletes a session record: its hash, its entry in the group's list and any due check (retention). */
  delete(sessionId: string): Promise<void>;
}
