/**
 * The room's moderation as runes state, beside RoomState on the same socket: the moderation view
 * (mutes, hands, slow mode, pause, lock, notice, floor, go-round), reactions, and — for
 * facilitators — reports, crisis alerts (with a badge and a chime) and private check-ins. Every
 * action is one emit with an ack. Like the room, it never stores anything in the browser and
 * forgets everything when the session closes.
 */
import type {
  CheckInMessageView, CrisisAlertView, CrisisResourceView, ErrorBody, MessageReportView, ModerationEventName, ModerationEventResults,
  Response, RoomModerationView, RoomSnapshotView, SupportReach, SupportiveReaction,
} from '@respite/protocol';
import type { RespiteSocket } from '$lib/realtime/socket-client';
import { playAlertChime } from './alert-sound';

const ACK_TIMEOUT_MS = 10_000;

export interface ModerationOptions {
  sessionId: string;
  socket: RespiteSocket;
  /** A deleted message: drop it from the room. */
  onMessageDeleted: (messageId: string) => void;
  /** Facilitators: a chime for alerts and reports (replaced in tests). */
  chime?: () => void;
}

export class ModerationState {
  view = $state<RoomModerationView | null>(null);
  reports = $state<MessageReportView[]>([]);
  alerts = $state<CrisisAlertView[]>([]);
  checkIns = $state<CheckInMessageView[]>([]);
  /** memberRef → alias of those with an open check-in. */
  openCheckIns = $state<Record<string, string>>({});
  /** messageId → reaction → count. */
  reactions = $state<Record<string, Partial<Record<SupportiveReaction, number>>>>({});
  /** messageId → the reactions this person gave it (marked as theirs). */
  myReactions = $state<Record<string, SupportiveReaction[]>>({});
  /** This person's own mute (ISO end), from the join; peers' mutes are not shown to members. */
  selfMutedUntil = $state<string | null>(null);
  /** After "I need support now", or words that signal risk: whether a facilitator in the room was told (null before). */
  supportReach = $state<SupportReach | null>(null);
  /** The resources the hub sent this member (its configured list), shown beside the composer until dismissed. */
  offeredResources = $state<CrisisResourceView[]>([]);
  /** Alerts and reports not yet looked at (the badge). */
  unseen = $state(0);
  /** Facilitators: the chime for alerts, reports and someone new in the waiting room; they can turn it off. */
  soundOn = $state(true);
  /** The latest co-facilitator actions, newest first, for the console. */
  actions = $state<string[]>([]);
  notice = $state<string | null>(null);
  error = $state<ErrorBody | null>(null);

  #options: ModerationOptions;
  #detach: (() => void)[] = [];

  constructor(options: ModerationOptions) {
    this.#options = options;
  }

  get sessionId(): string {
    return this.#options.sessionId;
  }

  /** This person's own mute, as of `now` (ms): members hear only of their own. */
  isSelfMuted(now: number): boolean {
    return this.selfMutedUntil !== null && Date.parse(this.selfMutedUntil) > now;
  }

  isMuted(memberRef: string): boolean {
    return this.view?.mutes.some((mute) => mute.memberRef === memberRef && Date.parse(mute.until) > Date.now()) ?? false;
  }

  hasHand(memberRef: string): boolean {
    return this.view?.hands.some((hand) => hand.memberRef === memberRef) ?? false;
  }

  isAway(memberRef: string): boolean {
    return this.view?.away.includes(memberRef) ?? false;
  }

  start(): void {
    const socket = this.#options.socket;
    const on = (event: Parameters<RespiteSocket['on']>[0], handler: Parameters<RespiteSocket['on']>[1]) => {
      socket.on(event, handler);
      this.#detach.push(() => socket.off(event, handler));
    };
    const mine = (update: { sessionId: string }) => update.sessionId === this.sessionId;
    const chime = () => {
      if (this.soundOn) (this.#options.chime ?? playAlertChime)();
    };

    on('room:moderation-changed', (view: RoomModerationView) => {
      if (!mine(view)) return;
      // Someone new in the waiting room (only facilitators get the list): the waiting list announces itself.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup built and dropped here
      const before = new Set(this.view?.waiting.map((entry) => entry.memberRef) ?? []);
      if (view.waiting.some((entry) => !before.has(entry.memberRef))) chime();
      this.view = view;
    });
    on('member:mute-changed', (update: { sessionId: string; until: string | null }) => {
      if (mine(update)) this.selfMutedUntil = update.until;
    });
    on('message:deleted', (update: { sessionId: string; messageId: string }) => {
      if (!mine(update)) return;
      this.#options.onMessageDeleted(update.messageId);
      this.reports = this.reports.filter((report) => report.messageId !== update.messageId);
    });
    on('member:removed', (update: { sessionId: string; alias: string; banned: boolean }) => {
      if (mine(update)) this.notice = `${update.alias} ${update.banned ? 'was removed from the group' : 'was removed from this session'}.`;
    });
    on('reaction:added', (update: { sessionId: string; messageId: string; reaction: SupportiveReaction; count: number }) => {
      if (!mine(update)) return;
      this.reactions = { ...this.reactions, [update.messageId]: { ...this.reactions[update.messageId], [update.reaction]: update.count } };
    });
    on('report:filed', (report: MessageReportView) => {
      if (!mine(report)) return;
      this.reports = [...this.reports, report];
      this.unseen += 1;
      chime();
    });
    on('crisis:alerted', (alert: CrisisAlertView) => {
      if (!mine(alert) || this.alerts.some((open) => open.alertId === alert.alertId)) return;
      this.alerts = [...this.alerts, alert];
      this.unseen += 1;
      chime();
    });
    on('crisis:acknowledged', (update: { sessionId: string; alertId: string; byAlias: string }) => {
      if (!mine(update)) return;
      const acknowledged = this.alerts.find((alert) => alert.alertId === update.alertId);
      this.alerts = this.alerts.filter((alert) => alert.alertId !== update.alertId);
      if (acknowledged) this.actions = [`${update.byAlias}: acknowledged the alert (${acknowledged.alias})`, ...this.actions].slice(0, 8);
    });
    on('crisis:resources', (update: { sessionId: string; resources: CrisisResourceView[]; reached: SupportReach }) => {
      if (!mine(update)) return;
      this.offeredResources = update.resources;
      this.supportReach = update.reached;
    });
    on('check-in:opened', (update: { sessionId: string; memberRef: string; alias: string }) => {
      if (mine(update)) this.openCheckIns = { ...this.openCheckIns, [update.memberRef]: update.alias };
    });
    on('check-in:posted', (message: CheckInMessageView) => {
      if (mine(message)) this.checkIns = [...this.checkIns, message];
    });
    on('moderation:acted', (update: { sessionId: string; action: string; actorAlias: string; targetAlias: string | null }) => {
      if (!mine(update)) return;
      const line = `${update.actorAlias}: ${update.action.replaceAll('_', ' ')}${update.targetAlias ? ` (${update.targetAlias})` : ''}`;
      this.actions = [line, ...this.actions].slice(0, 8);
    });
  }

  /**
   * Every (re)join answers the room as this person may see it: the moderation state, reactions
   * (with their own), their open check-ins and, for facilitators, the open alerts, the reports and
   * the waiting list. Replaces what the page held, so nothing missed while away stays missed.
   */
  applySnapshot(snapshot: RoomSnapshotView): void {
    this.view = snapshot.moderation;
    this.selfMutedUntil = snapshot.selfMutedUntil;
    this.reactions = Object.fromEntries(snapshot.reactions.map((tally) => [tally.messageId, { ...tally.counts }]));
    this.myReactions = Object.fromEntries(snapshot.reactions.filter((tally) => tally.mine.length > 0).map((tally) => [tally.messageId, [...tally.mine]]));
    this.checkIns = snapshot.checkIns;
    this.openCheckIns = Object.fromEntries(snapshot.openCheckIns.map((open) => [open.memberRef, open.alias]));
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup built and dropped here
    const known = new Set(this.alerts.map((alert) => alert.alertId));
    const openAlerts = snapshot.facilitator?.openAlerts ?? [];
    // Alerts that arrived while this page was away count as new (the badge).
    this.unseen += openAlerts.filter((alert) => !known.has(alert.alertId)).length;
    this.alerts = openAlerts;
    this.reports = snapshot.facilitator?.reports ?? [];
  }

  isMine(messageId: string, reaction: SupportiveReaction): boolean {
    return this.myReactions[messageId]?.includes(reaction) ?? false;
  }

  markSeen(): void {
    this.unseen = 0;
  }

  // facilitator actions
  mute = (memberRef: string, minutes = 5) => this.#act('member:mute', { sessionId: this.sessionId, memberRef, minutes });
  unmute = (memberRef: string) => this.#act('member:unmute', { sessionId: this.sessionId, memberRef });
  remove = (memberRef: string) => this.#act('member:remove', { sessionId: this.sessionId, memberRef });
  ban = (memberRef: string) => this.#act('member:ban', { sessionId: this.sessionId, memberRef });
  admit = (memberRef: string) => this.#act('member:admit', { sessionId: this.sessionId, memberRef });
  setAdmission = (mode: 'automatic' | 'manual') => this.#act('room:set-admission', { sessionId: this.sessionId, mode });
  deleteMessage = (messageId: string) => this.#act('message:delete', { sessionId: this.sessionId, messageId });
  pinNotice = (text: string | null) => this.#act('notice:pin', { sessionId: this.sessionId, text });
  setSlowMode = (intervalSeconds: number) => this.#act('room:set-slow-mode', { sessionId: this.sessionId, intervalSeconds });
  setLock = (on: boolean) => this.#act('room:set-lock', { sessionId: this.sessionId, on });
  setPause = (on: boolean) => this.#act('chat:set-pause', { sessionId: this.sessionId, on });
  giveFloor = (memberRef: string | null) => this.#act('floor:give', { sessionId: this.sessionId, memberRef });
  startGoRound = () => this.#act('go-round:start', { sessionId: this.sessionId });
  advanceGoRound = () => this.#act('go-round:advance', { sessionId: this.sessionId });
  stopGoRound = () => this.#act('go-round:stop', { sessionId: this.sessionId });
  openCheckIn = (memberRef: string) => this.#act('check-in:open', { sessionId: this.sessionId, memberRef });

  // member tools
  setHand = (raised: boolean) => this.#act(raised ? 'hand:raise' : 'hand:lower', { sessionId: this.sessionId });
  setAway = (away: boolean) => this.#act('presence:set-away', { sessionId: this.sessionId, away });
  passTurn = () => this.#act('go-round:pass', { sessionId: this.sessionId });
  react = async (messageId: string, reaction: SupportiveReaction) => {
    const reacted = await this.#act('reaction:add', { sessionId: this.sessionId, messageId, reaction });
    if (reacted && !this.isMine(messageId, reaction)) this.myReactions = { ...this.myReactions, [messageId]: [...(this.myReactions[messageId] ?? []), reaction] };
    return reacted;
  };
  report = (messageId: string, reason: string | null) =>
    this.#act('message:report', { sessionId: this.sessionId, messageId, ...(reason ? { reason } : {}) });
  /** Tells the facilitators; the answer says whether one was in the room (shown to the member in words). */
  requestSupport = async () => {
    const answer = await this.#emit('support:request', { sessionId: this.sessionId });
    this.supportReach = answer.ok ? answer.data.reached : 'nobody';
    return answer.ok;
  };
  dismissResources = () => {
    this.offeredResources = [];
  };
  acknowledgeAlert = (alertId: string) => this.#act('crisis:acknowledge', { sessionId: this.sessionId, alertId });
  sendCheckIn = (memberRef: string, text: string) => this.#act('check-in:send', { sessionId: this.sessionId, memberRef, text });

  destroy(): void {
    for (const detach of this.#detach.splice(0)) detach();
    this.view = null;
    this.reports = [];
    this.alerts = [];
    this.checkIns = [];
    this.reactions = {};
    this.myReactions = {};
  }

  async #act(event: ModerationEventName, payload: Record<string, unknown>): Promise<boolean> {
    const answer = await this.#emit(event, payload);
    this.error = answer.ok ? null : answer.error;
    return answer.ok;
  }

  async #emit<E extends ModerationEventName>(event: E, payload: Record<string, unknown>): Promise<Response<ModerationEventResults[E]>> {
    try {
      return await (this.#options.socket.timeout(ACK_TIMEOUT_MS) as unknown as {
        emitWithAck(name: string, body: unknown): Promise<Response<ModerationEventResults[E]>>;
      }).emitWithAck(event, payload);
    } catch {
      return { ok: false, error: { code: 'unavailable', message: 'The room did not answer in time. Check the connection and try again.' } };
    }
  }
}
