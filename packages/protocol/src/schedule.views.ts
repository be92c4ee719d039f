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

export interface ScheduleRescheduledUpdate {
  groupId: string;
  localDate: string;
  status: 'scheduled' | 'cancelled';
  session: SessionView | null;
}
