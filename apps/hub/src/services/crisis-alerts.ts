/**
 * The crisis pathway: a member presses "I need support now" (from the room, the lobby or the
 * waiting room) or writes words that signal risk. In this order: the member's own sockets get the
 * resources at once, with whether a facilitator is in the room to hear; the alert is kept in the
 * session's ephemeral space until a facilitator acknowledges it (so a facilitator who reloads, or
 * arrives later, still sees it); the session's facilitators are told live. When none of them is in
 * the room, the alert climbs a ladder: the group's other facilitators wherever they are in the app,
 * then the on-call role; the first rung where a screen shows it is told to the member (a second
 * `crisis:resources`), and the member is answered with who was reached.
 *
 * Nothing here reaches the durable moderation record: that a given alias reached out in crisis is
 * the member's state, not a facilitator's action, and must not outlive the session. Never holds text.
 */
import type { CrisisAlertView, CrisisResourceView, EscalatedAlertView, SupportReach, SupportRequestResult } from '@respite/protocol';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { newEntityId } from '../random-ids';
import type { StoredAlert } from '../stores/room-moderation.store';
import { toCrisisAlertView } from './view-mapping';
import type { SessionRecord } from '../stores/session.store';
import type { Stores } from '../stores/stores';
import type { CrisisEscalation } from './crisis-escalation';
import type { ModerationLive } from './moderation-live';
import { type RoomMember, roomExpiry } from './room.service';
import { ServiceError } from './service-error';

export class CrisisAlerts {
  constructor(private readonly deps: {
    stores: Stores; moderationLive: ModerationLive; escalation: CrisisEscalation; clock: Clock; logger: Logger; resources: () => CrisisResourceView[];
  }) {}

  async raise(session: SessionRecord, member: RoomMember, source: StoredAlert['source']): Promise<SupportRequestResult> {
    const { stores, moderationLive, clock, logger } = this.deps;
    const resources = this.deps.resources();
    // One presence read (on the ephemeral Redis, a millisecond) so the member is told at once who hears.
    const facilitatorInRoom = await this.facilitatorInRoom(session.id);
    moderationLive.crisisResources(session.id, member.memberRef, resources, facilitatorInRoom ? 'room_facilitator' : 'nobody');
    const alert: StoredAlert = { alertId: newEntityId(), memberRef: member.memberRef, alias: member.alias, source, at: clock.now() };
    try {
      await stores.roomModeration.addAlert(session.id, alert, roomExpiry(session));
    } catch (error) {
      // The live alert still goes out and the member still gets the resources: help first.
      logger.error({ event: 'crisis.alert_not_kept', sessionId: session.id, err: error }, 'could not keep a crisis alert; sent live only');
    }
    const view = toCrisisAlertView(session.id, alert);
    moderationLive.crisisAlerted(view);
    const reached = facilitatorInRoom ? 'room_facilitator' : await this.escalate(session, view);
    if (reached !== 'room_facilitator' && reached !== 'nobody') moderationLive.crisisResources(session.id, member.memberRef, resources, reached);
    logger.info({ event: 'crisis.alerted', sessionId: session.id, source, reached }, 'crisis alert raised');
    return { resources, reached };
  }

  /** A facilitator present in the room, on any node, by the presence list. */
  private async facilitatorInRoom(sessionId: string): Promise<boolean> {
    try {
      return (await this.deps.stores.presence.list(sessionId)).some((entry) => entry.role === 'facilitator');
    } catch {
      return false;
    }
  }

  /**
   * No facilitator in the room: the group's other facilitators (by their memberships now, not as
   * they were at connect), then the on-call role. A rung counts only when a screen showed the alert.
   */
  private async escalate(session: SessionRecord, alert: CrisisAlertView): Promise<SupportReach> {
    const { stores, escalation, logger } = this.deps;
    try {
      const group = await stores.groups.getGroup(session.groupId);
      const about = { ...alert, groupId: session.groupId, groupName: group?.name ?? 'your group', startsAt: new Date(session.startsAt).toISOString() };
      const facilitators = await this.groupFacilitatorAccounts(session.groupId, alert.memberRef);
      if (await escalation.toAccounts(facilitators, { ...about, as: 'group_facilitator' } satisfies EscalatedAlertView) > 0) return 'group_facilitator';
      if (await escalation.toOnCall({ ...about, as: 'on_call' }) > 0) return 'on_call';
    } catch (error) {
      logger.error({ event: 'crisis.escalation_failed', sessionId: session.id, err: error }, 'could not escalate a crisis alert');
    }
    return 'nobody';
  }

  /** Accounts facilitating the group now (an active facilitator membership), but the member who asked. */
  private async groupFacilitatorAccounts(groupId: string, exceptMemberRef: string): Promise<string[]> {
    const { groups } = this.deps.stores;
    const memberships = await Promise.all((await groups.memberAccountIds(groupId)).map((accountId) => groups.getMembership(groupId, accountId)));
    return memberships
      .filter((membership) => membership?.role === 'facilitator' && membership.status === 'active' && membership.memberRef !== exceptMemberRef)
      .map((membership) => membership!.accountId);
  }

  async acknowledge(session: SessionRecord, facilitator: RoomMember, alertId: string): Promise<void> {
    if (!(await this.deps.stores.roomModeration.acknowledgeAlert(session.id, alertId))) {
      throw new ServiceError('not_found', 'That alert is not open: another facilitator may have acknowledged it.');
    }
    this.deps.moderationLive.alertAcknowledged({ sessionId: session.id, alertId, byAlias: facilitator.alias });
    this.deps.logger.info({ event: 'crisis.acknowledged', sessionId: session.id }, 'crisis alert acknowledged');
  }

  async open(sessionId: string): Promise<CrisisAlertView[]> {
    return (await this.deps.stores.roomModeration.listAlerts(sessionId)).map((alert) => toCrisisAlertView(sessionId, alert));
  }
}
