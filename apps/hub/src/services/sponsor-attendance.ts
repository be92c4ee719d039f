/**
 * Counts attendance for sponsors from a content-free event: a member entered a session's room.
 * Each sponsor whose seat opens the group gets the member added to its (group, month) distinct
 * count as a keyed digest, so the store holds no account id, no list and no per-session figure.
 * Never reads or counts message text; never fails a join (errors are logged and dropped).
 */
import { createHmac } from 'node:crypto';
import type { Logger } from '../logger';
import type { GroupRecord } from '../stores/group.store';
import { SPONSOR_ATTENDANCE_RETENTION_MS } from '../stores/redis/redis-keys';
import type { Stores } from '../stores/stores';

/** What RoomService tells its recorder when someone enters a room. */
export interface AttendanceRecorder {
  memberEntered(input: { group: GroupRecord; accountId: string; role: 'member' | 'facilitator'; sessionStartsAt: number }): Promise<void>;
}

/** YYYY-MM of an instant, in UTC. */
export function reportMonth(instant: number): string {
  return new Date(instant).toISOString().slice(0, 7);
}

/** The first instant after the month `YYYY-MM` (UTC). */
export function monthEnd(month: string): number {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return Date.UTC(year, monthNumber, 1);
}

export class SponsorAttendance implements AttendanceRecorder {
  constructor(private readonly deps: { stores: Stores; secret: string; logger: Logger }) {}

  async memberEntered(input: { group: GroupRecord; accountId: string; role: 'member' | 'facilitator'; sessionStartsAt: number }): Promise<void> {
    const { group } = input;
    // No sponsor opens this group: nothing to count, and nothing to read.
    if (input.role !== 'member' || group.sponsorIds.length === 0) return;
    try {
      const { stores } = this.deps;
      const month = reportMonth(input.sessionStartsAt);
      const expiresAt = monthEnd(month) + SPONSOR_ATTENDANCE_RETENTION_MS;
      for (const seat of await stores.sponsors.seatsOf(input.accountId)) {
        if (!seat.groupIds.includes(group.id) || !group.sponsorIds.includes(seat.sponsorId)) continue;
        // Keyed by the server secret and scoped to one (sponsor, group, month): not linkable across them.
        const digest = createHmac('sha256', this.deps.secret).update(`attendance:${seat.sponsorId}:${group.id}:${month}:${input.accountId}`).digest('base64url');
        await stores.sponsors.recordAttendance(seat.sponsorId, group.id, month, digest, expiresAt);
      }
    } catch (error) {
      this.deps.logger.warn({ event: 'attendance.record_failed', groupId: group.id, err: error }, 'could not count attendance');
    }
  }
}
