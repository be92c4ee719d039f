/**
 * Turns each group's weekly rule into session records for the weeks ahead. Session ids derive from
 * the group and the occurrence's rule-given start, so every node planning at once creates each
 * session only once, and a moved or cancelled occurrence still names the same session.
 * Exceptions are honoured only while a session is still `scheduled`: an open room is never re-timed.
 */
import { createHash } from 'node:crypto';
import { plannedOccurrencesBetween, timesForOccurrence } from '@respite/domain';
import type { Clock } from '../clock';
import type { GroupRecord } from '../stores/group.store';
import type { Stores } from '../stores/stores';

export const PLANNING_HORIZON_MS = 21 * 24 * 60 * 60_000;

export function occurrenceSessionId(groupId: string, startsAt: number): string {
  return createHash('sha256').update(`${groupId}:${startsAt}`).digest('base64url').slice(0, 20);
}

export interface PlannedChange {
  kind: 'cancelled' | 'rescheduled';
  sessionId: string;
  localDate: string;
}

export class SessionPlanner {
  constructor(private readonly deps: { stores: Stores; clock: Clock }) {}

  async planGroup(group: GroupRecord): Promise<number> {
    return (await this.planGroupChanges(group)).created;
  }

  /**
   * Creates missing sessions, cancels the cancelled ones and re-times the moved ones (their due
   * check moves with them). Answers what changed, so the caller can tell members.
   */
  async planGroupChanges(group: GroupRecord): Promise<{ created: number; changes: PlannedChange[] }> {
    const { stores, clock } = this.deps;
    const now = clock.now();
    let created = 0;
    const changes: PlannedChange[] = [];
    for (const occurrence of plannedOccurrencesBetween(group.schedule, now, now + PLANNING_HORIZON_MS)) {
      const sessionId = occurrenceSessionId(group.id, occurrence.originalStartsAt);
      const times = timesForOccurrence(occurrence.startsAt, (occurrence.endsAt - occurrence.startsAt) / 60_000);
      const outcome = await stores.sessions.create({
        id: sessionId, groupId: group.id, ...times, state: 'scheduled', openedAt: null, closedAt: null,
      });
      if (outcome === 'created') created += 1;
      if (occurrence.status === 'cancelled') {
        if (await stores.sessions.cancel(sessionId, now)) changes.push({ kind: 'cancelled', sessionId, localDate: occurrence.localDate });
        continue;
      }
      if (outcome === 'exists') {
        const existing = await stores.sessions.get(sessionId);
        if (existing?.state === 'scheduled' && (existing.startsAt !== times.startsAt || existing.endsAt !== times.endsAt)) {
          const retimed = await stores.sessions.retime(sessionId, ['scheduled'], { ...times, checkAt: times.lobbyOpensAt });
          if (retimed) changes.push({ kind: 'rescheduled', sessionId, localDate: occurrence.localDate });
        }
      }
    }
    return { created, changes };
  }

  async planAll(): Promise<number> {
    let created = 0;
    for (const groupId of await this.deps.stores.groups.listGroupIds()) {
      const group = await this.deps.stores.groups.getGroup(groupId);
      if (group) created += await this.planGroup(group);
    }
    return created;
  }
}
