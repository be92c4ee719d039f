/**
 * Retention: what the hub keeps durably is bounded by time, so a hub that runs for years holds
 * what its windows call for and no more. Run once a day by one node (a lifecycle duty), by the
 * hub's clock; the Redis expiries written with each record stay as a backstop. Deletes records of
 * closed sessions (and their seats) after their window, having first counted each held session
 * in the group's per-month figure the sponsor report reads; forgets those figures after their
 * window; drops moderation-record entries past the deployment's retention; deletes invite codes
 * long expired. Never reads message content (there is none in these records).
 */
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import {
  CLOSED_SESSION_RETENTION_MS, EXPIRED_INVITE_RETENTION_MS, SESSIONS_HELD_RETENTION_MONTHS,
} from '../stores/redis/redis-keys';
import type { Stores } from '../stores/stores';
import { reportMonth } from './sponsor-attendance';

export interface RetentionOutcome {
  sessionsDeleted: number;
  sessionsCounted: number;
  /** Sessions past their end and still not closed (a lost check): queued for the lifecycle to close. */
  sessionsRequeued: number;
  invitesDeleted: number;
}

/** The first month ('YYYY-MM', UTC) whose held-session count is still kept at `now`. */
export function firstKeptHeldMonth(now: number): string {
  const date = new Date(now);
  return reportMonth(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - (SESSIONS_HELD_RETENTION_MONTHS - 1), 1));
}

export class RetentionService {
  constructor(private readonly deps: { stores: Stores; clock: Clock; logger: Logger; moderationRetentionMs: number }) {}

  async sweep(): Promise<RetentionOutcome> {
    const { stores, clock, moderationRetentionMs } = this.deps;
    const now = clock.now();
    const outcome: RetentionOutcome = { sessionsDeleted: 0, sessionsCounted: 0, sessionsRequeued: 0, invitesDeleted: 0 };
    const sponsorIds = new Set<string>();
    for (const groupId of await stores.groups.listGroupIds()) {
      const group = await stores.groups.getGroup(groupId);
      for (const sponsorId of group?.sponsorIds ?? []) sponsorIds.add(sponsorId);
      for (const session of await stores.sessions.listForGroup(groupId, 0, now)) {
        // Idempotent: a close counts the session already; this catches a count lost to a failure.
        if (session.state === 'closed' && (await stores.sessions.countHeld(session.id, reportMonth(session.startsAt)))) outcome.sessionsCounted += 1;
        if (session.endsAt > now - CLOSED_SESSION_RETENTION_MS) continue;
        if (session.state !== 'closed') {
          await stores.sessions.scheduleCheck(session.id, now);
          outcome.sessionsRequeued += 1;
          continue;
        }
        await stores.sessionSeats.eraseSession(session.id);
        await stores.sessions.delete(session.id);
        outcome.sessionsDeleted += 1;
      }
      await stores.sessions.pruneHeldCounts(groupId, firstKeptHeldMonth(now));
      await stores.moderationRecord.prune(groupId, now - moderationRetentionMs);
    }
    for (const sponsorId of sponsorIds) {
      for (const code of await stores.sponsors.listInviteCodes(sponsorId)) {
        const invite = await stores.sponsors.getInvite(code);
        if (invite && invite.expiresAt <= now - EXPIRED_INVITE_RETENTION_MS) {
          await stores.sponsors.deleteInvite(code);
          outcome.invitesDeleted += 1;
        }
      }
    }
    if (outcome.sessionsRequeued > 0) {
      this.deps.logger.warn({ event: 'retention.stale_sessions', count: outcome.sessionsRequeued }, 'sessions past their end were not closed; queued to close');
    }
    return outcome;
  }
}
