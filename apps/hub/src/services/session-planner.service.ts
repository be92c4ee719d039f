/**
 * Turns each group's weekly rule into session records for the weeks ahead. Session ids derive from
 * the group and the occurrence, so every node planning at once creates each session only once.
 */
import { createHash } from 'node:crypto';
import { occurrencesBetween, timesForOccurrence } from '@respite/domain';
import type { Clock } from '../clock';
import type { GroupRecord } from '../stores/group.store';
import type { Stores } from '../stores/stores';

export const PLANNING_HORIZON_MS = 21 * 24 * 60 * 60_000;

export function occurrenceSessionId(groupId: string, startsAt: number): string {
  return createHash('sha256').update(`${groupId}:${startsAt}`).digest('base64url').slice(0, 20);
}

export class SessionPlanner {
  constructor(private readonly deps: { stores: Stores; clock: Clock }) {}

  async planGroup(group: GroupRecord): Promise<number> {
    const now = this.deps.clock.now();
    let created = 0;
    for (const occurrence of occurrencesBetween(group.schedule, now, now + PLANNING_HORIZON_MS)) {
      const times = timesForOccurrence(occurrence.startsAt, group.schedule.durationMinutes);
      const outcome = await this.deps.stores.sessions.create({
        id: occurrenceSessionId(group.id, occurrence.startsAt), groupId: group.id, ...times,
        state: 'scheduled', openedAt: null, closedAt: null,
      });
      if (outcome === 'created') created += 1;
    }
    return created;
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
