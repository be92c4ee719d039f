/** What schedule management answers: upcoming occurrences with their exceptions applied. */
import type { SessionView } from './views';

export interface OccurrenceView {
  /** The rule-given local date in the group's zone: the name used to cancel or move it. */
  localDate: string;
  status: 'scheduled' | 'cancelled';
  moved: boolean;
  /** ISO instants; clients show them in the viewer's zone. */
  startsAt: string;
  endsAt: string;
  /** The session record, when planned (within the planning horizon). */
  session: SessionView | null;
  extendedMinutes: number;
}

/**
 * What happened to an occurrence, so a client can say it in words: `cancelled`, `moved` (re-timed
 * while waiting: a move or a rule edit), `restored` (a cancellation was undone: it takes place at
 * its usual time again), `extended` (an open session's end moved later).
 */
export type ScheduleChangeKind = 'cancelled' | 'moved' | 'restored' | 'extended';

export interface ScheduleRescheduledUpdate {
  groupId: string;
  /** The rule-given local date (group zone); empty for `extended`. */
  localDate: string;
  change: ScheduleChangeKind;
  status: 'scheduled' | 'cancelled';
  session: SessionView | null;
}

/**
 * A change a member should hear about before their next session: an occurrence between now and
 * the next session that takes place (included) that is cancelled, or that takes place at another
 * time than usual. Instants are ISO; clients show them in the viewer's zone.
 */
export interface ScheduleChangeView {
  /** The rule-given local date in the group's zone: the occurrence's name. */
  localDate: string;
  kind: 'cancelled' | 'moved';
  /** When it would usually have started (the rule's time). */
  usualStartsAt: string;
  /** When it now starts and ends; null when cancelled. */
  startsAt: string | null;
  endsAt: string | null;
}
