/**
 * Schedule management as use cases: platform admins create and edit groups and their weekly rules
 * and assign facilitators; a group's facilitators cancel or move an occurrence (and undo a
 * cancellation while its start is ahead), open a lobby early and extend a session within the limit. Every change lands in the stores first (views and feeds
 * read from there), then the group's people are told. Never touches message content.
 */
import { DateTime } from 'luxon';
import {
  CLOSING_WARNING_MINUTES_BEFORE_END, MAX_MOVE_DISTANCE_MS, type GroupSchedule, isRuleDate, nextTransitionAt,
  plannedOccurrencesBetween, timesForOccurrence, withCancelledDate, withMovedOccurrence, withoutCancelledDate,
} from '@respite/domain';
import {
  type GroupDetailView, type OccurrenceView, SESSION_EXTENSION_MAX_MINUTES, type ScheduleChangeKind, type SessionView, type RouteBody,
} from '@respite/protocol';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { GroupRecord } from '../stores/group.store';
import type { SessionRecord } from '../stores/session.store';
import type { Stores } from '../stores/stores';
import { AdminError, type AdminService } from './admin.service';
import type { LiveConnections } from './live-connections';
import { roomExpiry } from './room.service';
import type { ScheduleLive } from './schedule-live';
import { ServiceError } from './service-error';
import type { SessionLifecycleService } from './session-lifecycle.service';
import { type PlannedChange, PLANNING_HORIZON_MS, type SessionPlanner, occurrenceSessionId } from './session-planner.service';
import { toGroupSummaryView, toSessionView } from './view-mapping';

/** How far ahead the occurrence list reaches: the planning horizon, so every listed occurrence has a session. */
const OCCURRENCE_LIST_MS = PLANNING_HORIZON_MS;

export class ScheduleService {
  constructor(private readonly deps: {
    stores: Stores; clock: Clock; logger: Logger; live: LiveConnections; scheduleLive: ScheduleLive;
    planner: SessionPlanner; lifecycle: SessionLifecycleService; admin: AdminService;
  }) {}

  // --- platform admins -------------------------------------------------------------------------

  async adminListGroups(): Promise<(GroupDetailView & { anchorDate: string })[]> {
    const groups: (GroupDetailView & { anchorDate: string })[] = [];
    for (const groupId of await this.deps.stores.groups.listGroupIds()) {
      const group = await this.deps.stores.groups.getGroup(groupId);
      if (group) groups.push({ ...this.detail(group), anchorDate: group.schedule.anchorDate });
    }
    return groups.sort((a, b) => a.name.localeCompare(b.name));
  }

  async createGroup(body: RouteBody<'adminCreateGroup'>): Promise<GroupDetailView> {
    try {
      const group = await this.deps.admin.createGroup({
        name: body.name, description: body.description, norms: body.norms, capacity: body.capacity, sponsorId: body.sponsorId,
        ...body.schedule,
      });
      return this.detail(group);
    } catch (error) {
      if (error instanceof AdminError) throw new ServiceError('bad_request', error.message);
      throw error;
    }
  }

  /**
   * Edits a group. A new weekly rule keeps the exceptions; sessions planned under the old rule that
   * the new one no longer has are cancelled while still `scheduled` (members are told), and the new
   * rule's occurrences are planned at once. Sessions already open run on.
   */
  async updateGroup(groupId: string, body: RouteBody<'adminUpdateGroup'>): Promise<GroupDetailView> {
    const group = await this.requireGroup(groupId);
    const schedule: GroupSchedule = body.schedule
      ? { ...group.schedule, ...body.schedule, weekdays: [...new Set(body.schedule.weekdays)].sort() }
      : group.schedule;
    const updated: GroupRecord = {
      ...group,
      name: body.name?.trim() ?? group.name,
      description: body.description?.trim() ?? group.description,
      norms: body.norms ?? group.norms,
      capacity: body.capacity ?? group.capacity,
      schedule,
    };
    await this.deps.stores.groups.saveGroup(updated);
    const { changes } = await this.deps.planner.planGroupChanges(updated);
    if (body.schedule) changes.push(...(await this.cancelOrphans(updated)));
    await this.announce(updated.id, changes);
    return this.detail(updated);
  }

  async assignFacilitator(groupId: string, handle: string): Promise<{ alias: string }> {
    try {
      return await this.deps.admin.assignFacilitator(handle, groupId);
    } catch (error) {
      // One answer for every refusal, so the route cannot be used to learn which handles exist.
      if (error instanceof AdminError) throw new ServiceError('bad_request', 'That handle cannot be made a facilitator of this group.');
      throw error;
    }
  }

  // --- facilitators --------------------------------------------------------------------------

  /** Upcoming occurrences (exceptions applied) with their sessions, from now to the planning horizon. */
  async listOccurrences(groupId: string): Promise<OccurrenceView[]> {
    const group = await this.requireGroup(groupId);
    const now = this.deps.clock.now();
    const sessions = await this.deps.stores.sessions.listForGroup(groupId, now - 24 * 60 * 60_000, now + OCCURRENCE_LIST_MS + MAX_MOVE_DISTANCE_MS);
    const byId = new Map(sessions.map((session) => [session.id, session]));
    return plannedOccurrencesBetween(group.schedule, now, now + OCCURRENCE_LIST_MS).flatMap((occurrence) => {
      const session = byId.get(occurrenceSessionId(groupId, occurrence.originalStartsAt)) ?? null;
      const startsAt = session && occurrence.status === 'scheduled' ? session.startsAt : occurrence.startsAt;
      const endsAt = session && occurrence.status === 'scheduled' ? session.endsAt : occurrence.endsAt;
      if (endsAt <= now || (session?.state === 'closed' && !session.cancelledAt)) return [];
      return [{
        localDate: occurrence.localDate, status: session?.cancelledAt ? 'cancelled' : occurrence.status, moved: occurrence.moved,
        startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString(),
        session: session ? toSessionView(session) : null, extendedMinutes: session?.extendedMinutes ?? 0,
      } satisfies OccurrenceView];
    });
  }

  async cancelOccurrence(groupId: string, localDate: string): Promise<OccurrenceView[]> {
    const group = await this.requireGroup(groupId);
    await this.requireChangeable(group, localDate);
    const updated = { ...group, schedule: withCancelledDate(group.schedule, localDate) };
    await this.deps.stores.groups.saveGroup(updated);
    await this.replan(updated);
    this.deps.logger.info({ event: 'schedule.occurrence_cancelled', groupId, localDate }, 'occurrence cancelled');
    return this.listOccurrences(groupId);
  }

  async moveOccurrence(groupId: string, body: RouteBody<'moveOccurrence'>): Promise<OccurrenceView[]> {
    const group = await this.requireGroup(groupId);
    const originalStartsAt = await this.requireChangeable(group, body.localDate);
    const startsAt = Date.parse(body.startsAt);
    const now = this.deps.clock.now();
    const lobbyOpensAt = timesForOccurrence(startsAt, 15).lobbyOpensAt;
    if (lobbyOpensAt <= now) throw new ServiceError('bad_request', 'The new time must leave the lobby time still ahead.', { fields: ['startsAt'] });
    if (Math.abs(startsAt - originalStartsAt) > MAX_MOVE_DISTANCE_MS) {
      throw new ServiceError('bad_request', 'An occurrence can move at most 7 days from its usual time.', { fields: ['startsAt'] });
    }
    const updated = { ...group, schedule: withMovedOccurrence(group.schedule, { localDate: body.localDate, startsAt, durationMinutes: body.durationMinutes }) };
    await this.deps.stores.groups.saveGroup(updated);
    await this.replan(updated);
    this.deps.logger.info({ event: 'schedule.occurrence_moved', groupId, localDate: body.localDate }, 'occurrence moved');
    return this.listOccurrences(groupId);
  }

  /**
   * Undoes a cancellation while the occurrence's usual start is still ahead: the date leaves the
   * exceptions, the session goes back to `scheduled` at the rule's times with its lifecycle check
   * queued (at once when the lobby time has already passed), and members hear it is back on.
   * Idempotent: a date that is not cancelled changes nothing and answers the list.
   */
  async restoreOccurrence(groupId: string, localDate: string): Promise<OccurrenceView[]> {
    const { stores, clock } = this.deps;
    const group = await this.requireGroup(groupId);
    const occurrence = this.ruleOccurrence(group, localDate);
    const now = clock.now();
    if (occurrence.originalStartsAt <= now) throw new ServiceError('session_closed', 'That session’s start has passed; it can no longer be put back on.');
    const sessionId = occurrenceSessionId(group.id, occurrence.originalStartsAt);
    const session = await stores.sessions.get(sessionId);
    const listed = group.schedule.cancelledDates?.includes(localDate) ?? false;
    if (!listed && !session?.cancelledAt) return this.listOccurrences(groupId);

    const updated = { ...group, schedule: withoutCancelledDate(group.schedule, localDate) };
    if (listed) await stores.groups.saveGroup(updated);
    const times = timesForOccurrence(occurrence.originalStartsAt, group.schedule.durationMinutes);
    const restored = await stores.sessions.uncancel(sessionId, { ...times, checkAt: Math.max(now, times.lobbyOpensAt) });
    // Plans the session if it was never made (or is gone), and tells of anything else the edit changed.
    await this.replan(updated);
    // Told when the session is waiting again: restored here, or planned afresh by the replan.
    const back = restored ?? (listed ? await stores.sessions.get(sessionId) : null);
    if (back?.state === 'scheduled') await this.announce(groupId, [{ kind: 'rescheduled', sessionId, localDate }], 'restored');
    this.deps.logger.info({ event: 'schedule.occurrence_restored', groupId, localDate }, 'occurrence restored');
    return this.listOccurrences(groupId);
  }

  /** Opens a scheduled session's lobby now; the lifecycle takes it from there. */
  async openLobbyEarly(session: SessionRecord): Promise<SessionView> {
    const now = this.deps.clock.now();
    const retimed = await this.deps.stores.sessions.retime(session.id, ['scheduled'], {
      lobbyOpensAt: Math.min(now, session.lobbyOpensAt), startsAt: session.startsAt, closingAt: session.closingAt, endsAt: session.endsAt, checkAt: now,
    });
    if (!retimed) throw new ServiceError('session_not_open', 'This session is no longer waiting to open.');
    await this.deps.lifecycle.advance(session.id);
    const opened = await this.deps.stores.sessions.get(session.id);
    return toSessionView(opened ?? retimed);
  }

  /** Adds minutes to the end (at most SESSION_EXTENSION_MAX_MINUTES in total), and keeps the room's keys alive that long. */
  async extendSession(session: SessionRecord, minutes: number): Promise<{ session: SessionView; extendedMinutes: number }> {
    const { stores, clock } = this.deps;
    const already = session.extendedMinutes ?? 0;
    if (already + minutes > SESSION_EXTENSION_MAX_MINUTES) {
      throw new ServiceError('bad_request', `A session can be extended by at most ${SESSION_EXTENSION_MAX_MINUTES} minutes in total.`, { fields: ['minutes'] });
    }
    const now = clock.now();
    const endsAt = session.endsAt + minutes * 60_000;
    const times = { lobbyOpensAt: session.lobbyOpensAt, startsAt: session.startsAt, endsAt, closingAt: Math.max(session.startsAt, endsAt - CLOSING_WARNING_MINUTES_BEFORE_END * 60_000) };
    // Back from the closing warning to live when the new warning time is still ahead.
    const state = session.state === 'closing' && now < times.closingAt ? 'live' : session.state;
    const retimed = await stores.sessions.retime(session.id, ['lobby', 'live', 'closing'], {
      ...times, extendedMinutes: already + minutes, checkAt: nextTransitionAt(times, state) ?? times.endsAt,
    });
    if (!retimed) throw new ServiceError('session_not_open', 'This session is not open.');
    await stores.messages.openRoom(session.id, roomExpiry(retimed));
    let current = retimed;
    if (state !== session.state && (await stores.sessions.transition(session.id, 'closing', 'live', now))) current = { ...retimed, state };
    this.deps.live.stateChanged(session.id, current.state, toSessionView(current));
    await this.announce(session.groupId, [{ kind: 'rescheduled', sessionId: session.id, localDate: '' }], 'extended');
    this.deps.logger.info({ event: 'session.extended', sessionId: session.id, minutes }, 'session extended');
    return { session: toSessionView(current), extendedMinutes: already + minutes };
  }

  // --- helpers -------------------------------------------------------------------------------

  /** The rule's occurrence on `localDate` (exceptions applied), or `bad_request` when the group does not meet then. */
  private ruleOccurrence(group: GroupRecord, localDate: string) {
    if (!isRuleDate(group.schedule, localDate)) throw new ServiceError('bad_request', 'The group does not meet on that date.', { fields: ['localDate'] });
    const day = DateTime.fromISO(localDate, { zone: group.schedule.timeZone });
    const [occurrence] = plannedOccurrencesBetween(group.schedule, day.startOf('day').toMillis(), day.endOf('day').toMillis())
      .filter((candidate) => candidate.localDate === localDate);
    if (!occurrence) throw new ServiceError('bad_request', 'The group does not meet on that date.', { fields: ['localDate'] });
    return occurrence;
  }

  /** The occurrence must be a rule date whose session (if planned) has not opened. Answers its rule start. */
  private async requireChangeable(group: GroupRecord, localDate: string): Promise<number> {
    const occurrence = this.ruleOccurrence(group, localDate);
    const session = await this.deps.stores.sessions.get(occurrenceSessionId(group.id, occurrence.originalStartsAt));
    if (session && session.state !== 'scheduled') {
      throw new ServiceError(session.state === 'closed' ? 'session_closed' : 'session_not_open', 'That session has already opened; end it from the room instead.');
    }
    if (!session && occurrence.endsAt <= this.deps.clock.now()) throw new ServiceError('session_closed', 'That occurrence is over.');
    return occurrence.originalStartsAt;
  }

  /** Cancels still-scheduled sessions that the group's current rule no longer produces. */
  private async cancelOrphans(group: GroupRecord): Promise<PlannedChange[]> {
    const { stores, clock } = this.deps;
    const now = clock.now();
    const wanted = new Set(plannedOccurrencesBetween(group.schedule, now, now + PLANNING_HORIZON_MS + MAX_MOVE_DISTANCE_MS)
      .map((occurrence) => occurrenceSessionId(group.id, occurrence.originalStartsAt)));
    const changes: PlannedChange[] = [];
    for (const session of await stores.sessions.listForGroup(group.id, now, now + PLANNING_HORIZON_MS + MAX_MOVE_DISTANCE_MS)) {
      if (session.state !== 'scheduled' || wanted.has(session.id)) continue;
      const localDate = DateTime.fromMillis(session.startsAt, { zone: group.schedule.timeZone }).toISODate() ?? '';
      if (await stores.sessions.cancel(session.id, now)) changes.push({ kind: 'cancelled', sessionId: session.id, localDate });
    }
    return changes;
  }

  private async replan(group: GroupRecord): Promise<void> {
    const { changes } = await this.deps.planner.planGroupChanges(group);
    await this.announce(group.id, changes);
  }

  /**
   * Tells every member of the group (on every node) about each changed occurrence. A re-timing is
   * a move unless the caller names it (an undone cancellation, an extension).
   */
  private async announce(groupId: string, changes: PlannedChange[], retimedAs: Exclude<ScheduleChangeKind, 'cancelled'> = 'moved'): Promise<void> {
    if (changes.length === 0) return;
    const accountIds = await this.deps.stores.groups.memberAccountIds(groupId);
    for (const change of changes) {
      const session = await this.deps.stores.sessions.get(change.sessionId);
      this.deps.scheduleLive.rescheduled(accountIds, {
        groupId, localDate: change.localDate, change: change.kind === 'cancelled' ? 'cancelled' : retimedAs,
        status: change.kind === 'cancelled' ? 'cancelled' : 'scheduled', session: session ? toSessionView(session) : null,
      });
    }
  }

  private detail(group: GroupRecord): GroupDetailView {
    return { ...toGroupSummaryView(group, null, null), norms: [...group.norms] };
  }

  private async requireGroup(groupId: string): Promise<GroupRecord> {
    const group = await this.deps.stores.groups.getGroup(groupId);
    if (!group) throw new ServiceError('not_found', 'That group does not exist.');
    return group;
  }
}
