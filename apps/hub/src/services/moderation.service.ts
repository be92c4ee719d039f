/**
 * Moderation and safety in a live room: facilitators' actions, members' tools, the checks every
 * send passes (pause, mute, slow mode), the lobby (manual admission, lock, removal), and the crisis pathway (resources to the
 * member, a private alert to the facilitators). Every facilitator action and every alert goes to
 * the durable moderation record as who (alias, role), what, to whom (alias), when.
 * Never logs, records or forwards message text: alerts and records carry aliases and refs only.
 */
import { type CrisisDetector, createCrisisDetector } from '@respite/domain';
import {
  JOIN_HISTORY_MAX, type ModerationAction,
  type ModerationRecordEntryView, type RoomModerationView, type SupportiveReaction,
} from '@respite/protocol';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { ModerationSettings } from '../moderation-config';
import type { MembershipRecord } from '../stores/group.store';
import type { RoomSettings, StoredCheckInMessage, StoredReport } from '../stores/room-moderation.store';
import type { SessionRecord } from '../stores/session.store';
import type { Stores } from '../stores/stores';
import type { LiveConnections } from './live-connections';
import type { ModerationLive } from './moderation-live';
import type { RateLimiter } from './rate-limit-rules';
import { type RoomMember, roomExpiry } from './room.service';
import { RoomRights } from './room-rights';
import { ServiceError } from './service-error';
import type { CrisisAlerts } from './crisis-alerts';
import { moderationViewFor, toCheckInView, toReportView, toRoomModerationView } from './view-mapping';

const iso = (instant: number) => new Date(instant).toISOString();

export class ModerationService {
  private readonly detector: CrisisDetector;
  private readonly rights: RoomRights;

  constructor(private readonly deps: {
    stores: Stores; live: LiveConnections; moderationLive: ModerationLive; clock: Clock; logger: Logger; settings: ModerationSettings;
    rateLimiter: RateLimiter; crisisAlerts: CrisisAlerts;
  }) {
    this.detector = createCrisisDetector({ extraPatterns: deps.settings.crisisExtraPatterns });
    this.rights = new RoomRights(deps);
  }

  // ── state ────────────────────────────────────────────────────────────────────────────────

  async view(sessionId: string): Promise<RoomModerationView> {
    return toRoomModerationView(sessionId, await this.deps.stores.roomModeration.read(sessionId, this.deps.clock.now()));
  }

  private async broadcastState(sessionId: string): Promise<void> {
    this.deps.moderationLive.moderationChanged(await this.view(sessionId));
  }

  async snapshot(session: SessionRecord, asking: RoomMember) {
    const { roomModeration } = this.deps.stores;
    const isFacilitator = asking.role === 'facilitator';
    const [moderation, reports, checkIns] = await Promise.all([
      this.view(session.id).then((view) => moderationViewFor(view, asking)),
      isFacilitator ? roomModeration.listReports(session.id) : Promise.resolve([]),
      roomModeration.listCheckInMessages(session.id),
    ]);
    return {
      moderation,
      reports: reports.map((report) => toReportView(session.id, report)),
      checkIns: checkIns.filter((message) => isFacilitator || message.memberRef === asking.memberRef).map((message) => toCheckInView(session.id, message)),
    };
  }

  // ── the durable record ───────────────────────────────────────────────────────────────────

  private async record(session: SessionRecord, actor: RoomMember | null, action: ModerationAction, target: { alias: string } | null, amount: number | null = null) {
    const at = this.deps.clock.now();
    await this.deps.stores.moderationRecord.append(session.groupId, {
      at, action, actorAlias: actor?.alias ?? null, actorRole: actor?.role ?? null, targetAlias: target?.alias ?? null, amount,
    }, this.deps.settings.recordRetentionMs);
    if (actor?.role === 'facilitator') {
      this.deps.moderationLive.moderationActed({ sessionId: session.id, action, actorAlias: actor.alias, targetAlias: target?.alias ?? null });
    }
    this.deps.logger.info({ event: 'moderation.acted', sessionId: session.id, action }, 'moderation action');
  }

  async readRecord(groupId: string): Promise<ModerationRecordEntryView[]> {
    const entries = await this.deps.stores.moderationRecord.list(groupId, this.deps.clock.now(), this.deps.settings.recordRetentionMs);
    return entries.map((entry) => ({ ...entry, at: iso(entry.at) }));
  }

  // ── joining and sending ──────────────────────────────────────────────────────────────────

  /** Before a join: a removed member stays out; a locked room keeps out newcomers; manual admission holds newcomers in the lobby. */
  async checkJoin(session: SessionRecord, membership: MembershipRecord): Promise<void> {
    if (membership.role === 'facilitator') return;
    const gate = await this.deps.stores.roomModeration.joinGate(session.id, membership.memberRef);
    if (gate.removed) throw new ServiceError('forbidden', 'A facilitator removed you from this session.');
    if (gate.locked && !gate.entered) throw new ServiceError('room_locked', 'The facilitator has closed this session to new arrivals.');
    // Manual admission holds newcomers in the lobby, where they see nothing of the room yet.
    if (gate.admission === 'manual' && !gate.entered && !gate.admitted) {
      if (!gate.waiting) {
        await this.deps.stores.roomModeration.setWaiting(session.id, membership.memberRef, membership.alias, roomExpiry(session));
        await this.broadcastState(session.id);
      }
      throw new ServiceError('awaiting_admission', 'You are in the waiting room. A facilitator will let you in shortly.');
    }
  }

  /** After a stored send: words that signal risk start the crisis pathway. The text goes no further. */
  async afterSend(session: SessionRecord, member: RoomMember, text: string): Promise<void> {
    if (!this.detector.detect(text).risk) return;
    await this.deps.crisisAlerts.raise(session, member, 'message');
  }

  // ── private check-ins ────────────────────────────────────────────────────────────────────

  async openCheckIn(session: SessionRecord, actor: RoomMember, memberRef: string): Promise<void> {
    const target = await this.target(session, memberRef);
    await this.deps.stores.roomModeration.openCheckIn(session.id, memberRef, roomExpiry(session));
    this.deps.moderationLive.checkInOpened(session.id, memberRef, target.alias);
    await this.record(session, actor, 'check_in_opened', target);
  }

  async sendCheckIn(session: SessionRecord, actor: RoomMember, memberRef: string, text: string): Promise<void> {
    if (actor.role !== 'facilitator' && memberRef !== actor.memberRef) throw new ServiceError('forbidden', 'You can only write in your own check-in.');
    if (!(await this.deps.stores.roomModeration.isCheckInOpen(session.id, memberRef))) throw new ServiceError('conflict', 'No check-in is open with that member.');
    const message: StoredCheckInMessage = { memberRef, fromAlias: actor.alias, fromRole: actor.role, text, at: this.deps.clock.now() };
    await this.deps.stores.roomModeration.addCheckInMessage(session.id, message, roomExpiry(session));
    this.deps.moderationLive.checkInPosted(toCheckInView(session.id, message));
  }

  // ── facilitator actions ──────────────────────────────────────────────────────────────────

  private async target(session: SessionRecord, memberRef: string): Promise<MembershipRecord> {
    const membership = await this.deps.stores.groups.membershipByRef(session.groupId, memberRef);
    if (!membership) throw new ServiceError('not_found', 'That member is not in this group.');
    return membership;
  }

  private async memberTarget(session: SessionRecord, memberRef: string): Promise<MembershipRecord> {
    const target = await this.target(session, memberRef);
    if (target.role === 'facilitator') throw new ServiceError('forbidden', 'Facilitators cannot be moderated.');
    return target;
  }

  private async settings(session: SessionRecord, change: Partial<RoomSettings>): Promise<void> {
    await this.deps.stores.roomModeration.updateSettings(session.id, change, roomExpiry(session));
    await this.broadcastState(session.id);
  }

  async setAdmission(session: SessionRecord, actor: RoomMember, mode: RoomSettings['admission']) {
    await this.settings(session, { admission: mode });
    await this.record(session, actor, 'admission_set', null);
  }

  async admit(session: SessionRecord, actor: RoomMember, memberRef: string) {
    const target = await this.memberTarget(session, memberRef);
    await this.deps.stores.roomModeration.setFlag(session.id, 'admitted', memberRef, true, roomExpiry(session));
    await this.deps.stores.roomModeration.setWaiting(session.id, memberRef, null, roomExpiry(session));
    await this.broadcastState(session.id);
    await this.record(session, actor, 'member_admitted', target);
  }

  async mute(session: SessionRecord, actor: RoomMember, memberRef: string, minutes: number) {
    const target = await this.memberTarget(session, memberRef);
    const until = Math.min(this.deps.clock.now() + minutes * 60_000, roomExpiry(session));
    await this.deps.stores.roomModeration.mute(session.id, memberRef, until, roomExpiry(session));
    this.deps.moderationLive.selfMuteChanged(session.id, memberRef, until);
    await this.broadcastState(session.id);
    await this.record(session, actor, 'member_muted', target, minutes);
  }

  async unmute(session: SessionRecord, actor: RoomMember, memberRef: string) {
    const target = await this.memberTarget(session, memberRef);
    await this.deps.stores.roomModeration.unmute(session.id, memberRef);
    this.deps.moderationLive.selfMuteChanged(session.id, memberRef, null);
    await this.broadcastState(session.id);
    await this.record(session, actor, 'member_unmuted', target);
  }

  async remove(session: SessionRecord, actor: RoomMember, memberRef: string) {
    const target = await this.memberTarget(session, memberRef);
    await this.deps.stores.roomModeration.setFlag(session.id, 'removed', memberRef, true, roomExpiry(session));
    this.deps.moderationLive.memberRemoved(session.id, { memberRef, alias: target.alias, banned: false });
    this.deps.moderationLive.removeFromSession(session.id, memberRef);
    await this.record(session, actor, 'member_removed', target);
  }

  /**
   * A ban: the rooms refuse the member first (this one by its removal flag, every open room of the
   * group by a refusal of the membership, room-rights.ts), then the membership becomes `banned`,
   * then its live sockets in the group are told and ended. If the refusals cannot be written the
   * ban answers `unavailable` and nothing changed; if the durable write fails, the refusals hold
   * and the sockets are still ended (the answer is `unavailable`, and a retry completes the ban).
   */
  async ban(session: SessionRecord, actor: RoomMember, memberRef: string) {
    const target = await this.memberTarget(session, memberRef);
    await this.deps.stores.roomModeration.setFlag(session.id, 'removed', memberRef, true, roomExpiry(session));
    await this.rights.refuseMembership(target, 'banned');
    try {
      await this.deps.stores.groups.setMembershipStatus(session.groupId, target.accountId, 'banned');
    } finally {
      this.deps.live.revokeMembership(session.groupId, target.accountId, 'banned');
    }
    this.deps.moderationLive.memberRemoved(session.id, { memberRef, alias: target.alias, banned: true });
    await this.record(session, actor, 'member_banned', target);
  }

  async deleteMessage(session: SessionRecord, actor: RoomMember, messageId: string) {
    const deleted = await this.deps.stores.messages.deleteMessage(session.id, messageId);
    if (!deleted) throw new ServiceError('not_found', 'That message is not in this session.');
    this.deps.moderationLive.messageDeleted(session.id, messageId);
    await this.record(session, actor, 'message_deleted', deleted);
  }

  async pinNotice(session: SessionRecord, actor: RoomMember, text: string | null) {
    await this.settings(session, { pinnedNotice: text });
    await this.record(session, actor, 'notice_pinned', null);
  }

  async setSlowMode(session: SessionRecord, actor: RoomMember, seconds: number) {
    await this.settings(session, { slowModeSeconds: seconds });
    await this.record(session, actor, 'slow_mode_set', null, seconds);
  }

  async setLock(session: SessionRecord, actor: RoomMember, on: boolean) {
    await this.settings(session, { locked: on });
    await this.record(session, actor, on ? 'room_locked' : 'room_unlocked', null);
  }

  async setPause(session: SessionRecord, actor: RoomMember, on: boolean) {
    await this.settings(session, { paused: on });
    await this.record(session, actor, on ? 'chat_paused' : 'chat_resumed', null);
  }

  async giveFloor(session: SessionRecord, actor: RoomMember, memberRef: string | null) {
    const target = memberRef ? await this.target(session, memberRef) : null;
    if (memberRef) await this.deps.stores.roomModeration.lowerHand(session.id, memberRef);
    await this.settings(session, { floorRef: memberRef });
    await this.record(session, actor, 'floor_given', target);
  }

  async startGoRound(session: SessionRecord, actor: RoomMember) {
    const present = await this.deps.stores.presence.list(session.id);
    const order = present.filter((member) => member.role === 'member').map((member) => member.memberRef);
    if (order.length === 0) throw new ServiceError('conflict', 'Nobody is here for a go-round yet.');
    await this.settings(session, { goRound: { order, index: 0 }, floorRef: order[0]! });
    await this.record(session, actor, 'go_round_started', null, order.length);
  }

  /** Moves the go-round to the next member; after the last, it ends. */
  async advanceGoRound(session: SessionRecord, actor: RoomMember) {
    const state = await this.deps.stores.roomModeration.read(session.id, this.deps.clock.now());
    if (!state.goRound) throw new ServiceError('conflict', 'No go-round is running.');
    if (actor.role !== 'facilitator' && state.floorRef !== actor.memberRef) throw new ServiceError('forbidden', 'You can pass only when it is your turn.');
    const index = state.goRound.index + 1;
    const next = state.goRound.order[index];
    await this.settings(session, next ? { goRound: { order: state.goRound.order, index }, floorRef: next } : { goRound: null, floorRef: null });
    await this.record(session, actor.role === 'facilitator' ? actor : null, next ? 'go_round_advanced' : 'go_round_stopped', null);
  }

  async stopGoRound(session: SessionRecord, actor: RoomMember) {
    await this.settings(session, { goRound: null, floorRef: null });
    await this.record(session, actor, 'go_round_stopped', null);
  }

  async recordSessionEnded(session: SessionRecord, actor: RoomMember) {
    await this.record(session, actor, 'session_ended', null);
  }

  // ── member tools ─────────────────────────────────────────────────────────────────────────

  async setHand(session: SessionRecord, member: RoomMember, raised: boolean) {
    await this.deps.rateLimiter.enforce('memberToolsPerMember', `${session.id}:${member.memberRef}`);
    if (raised) await this.deps.stores.roomModeration.raiseHand(session.id, member.memberRef, this.deps.clock.now(), roomExpiry(session));
    else await this.deps.stores.roomModeration.lowerHand(session.id, member.memberRef);
    await this.broadcastState(session.id);
  }

  async setAway(session: SessionRecord, member: RoomMember, away: boolean) {
    await this.deps.rateLimiter.enforce('memberToolsPerMember', `${session.id}:${member.memberRef}`);
    await this.deps.stores.roomModeration.setFlag(session.id, 'away', member.memberRef, away, roomExpiry(session));
    await this.broadcastState(session.id);
  }

  async react(session: SessionRecord, member: RoomMember, messageId: string, reaction: SupportiveReaction): Promise<number> {
    await this.deps.rateLimiter.enforce('memberToolsPerMember', `${session.id}:${member.memberRef}`);
    const count = await this.deps.stores.roomModeration.addReaction(session.id, messageId, reaction, member.memberRef, roomExpiry(session));
    this.deps.moderationLive.reactionAdded({ sessionId: session.id, messageId, reaction, count });
    return count;
  }

  /** The report reaches the facilitators only; the reporter is named to nobody, not even in the record. */
  async report(session: SessionRecord, reporter: RoomMember, messageId: string, reason: string | null): Promise<void> {
    await this.deps.rateLimiter.enforce('reportsPerMember', `${session.id}:${reporter.memberRef}`);
    const messages = await this.deps.stores.messages.readAfter(session.id, null, JOIN_HISTORY_MAX);
    const reported = messages.find((message) => message.id === messageId);
    if (!reported) throw new ServiceError('not_found', 'That message is not in this session.');
    const report: StoredReport = { messageId, reportedRef: reported.authorRef, reportedAlias: reported.alias, reason, at: this.deps.clock.now() };
    await this.deps.stores.roomModeration.addReport(session.id, report, roomExpiry(session));
    this.deps.moderationLive.reportFiled(toReportView(session.id, report));
    await this.record(session, null, 'message_reported', { alias: reported.alias });
  }
}
