/**
 * What the schedule service may ask of the live sockets: tell a group's people that an occurrence
 * changed. Implemented over the adapter, so it reaches every node. Carries times, never content.
 */
import type { ScheduleRescheduledUpdate } from '@respite/protocol';

export interface ScheduleLive {
  rescheduled(accountIds: string[], update: ScheduleRescheduledUpdate): void;
  /** A waiting member now holds a seat. */
  seatPromoted(accountId: string, update: { sessionId: string; groupId: string }): void;
}
