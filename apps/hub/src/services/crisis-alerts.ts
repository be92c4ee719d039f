/**
 * The crisis pathway: a member presses "I need support now" (from the room, the lobby or the
 * waiting room) or writes words that signal risk. In this order: the member's own sockets get the
 * resources at once, with whether a facilitator is in the room to hear; the alert is kept in the session's ephemeral space until a facilitator
 * acknowledges it (so a facilitator who reloads, or arrives later, still sees it); the session's
 * facilitators are told live; and the member is answered with who was reached.
 *
 * Nothing here reaches the durable moderation record: that a given alias reached out in crisis is
 * the member's state, not a facilitator's action, and must not outlive the session. Never holds text.
 */
import type { CrisisAlertView, CrisisResourceView, SupportReach, SupportRequestResult } from '@respite/protocol';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { newEntityId } from '../random-ids';
import type { StoredAlert } from '../stores/room-moderation.store';
import { toCrisisAlertView } from './view-mapping';
import type { SessionRecord } from '../stores/session.store';
import type { Stores } from '../stores/stores';
import type { ModerationLive } from './moderation-live';
import { type RoomMember, roomExpiry } from './room.service';
import { ServiceError } from './service-error';

export class CrisisAlerts {
  constructor(private readonly deps: {
    stores: Stores; moderationLive: ModerationLive; clock: Clock; logger: Logger; resources: () => CrisisResourceView[];
  }) {}

  async raise(session: SessionRecord, member: RoomMember, source: StoredAlert['source']): Promise<SupportRequestResult> {
    const { stores, moderationLive, clock, logger } = this.deps;
    const resources = this.deps.resources();
    // One presence read (on the ephemeral Redis, a millisecond) so the member is told at once who hears.
    const reached = await this.reach(session.id);
    moderationLive.crisisResources(session.id, member.memberRef, resources, reached);
    const alert: StoredAlert = { alertId: newEntityId(), memberRef: member.memberRef, alias: member.alias, source, at: clock.now() };
    try {
      await stores.roomModeration.addAlert(session.id, alert, roomExpiry(session));
    } catch (error) {
      // The live alert still goes out and the member still gets the resources: help first.
      logger.error({ event: 'crisis.alert_not_kept', sessionId: session.id, err: error }, 'could not keep a crisis alert; sent live only');
    }
    moderationLive.crisisAlerted(toCrisisAlertView(session.id, alert));
    logger.info({ event: 'crisis.alerted', sessionId: session.id, source }, 'crisis alert raised');
    return { resources, reached };
  }

  /** Who heard the alert: a facilitator present in the room (on any node, by the presence list), or nobody right now. */
  private async reach(sessionId: string): Promise<SupportReach> {
    try {
      const present = await this.deps.stores.presence.list(sessionId);
      return present.some((entry) => entry.role === 'facilitator') ? 'room_facilitator' : 'nobody';
    } catch {
      return 'nobody';
    }
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
