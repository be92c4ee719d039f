/**
 * A live room's moderation state (ephemeral): settings (slow mode, lock, pause, admission, pinned
 * notice, floor, go-round), mutes with their end, raised hands, stepped-away members, members
 * removed from this session, refusals (rights revoked while in the room), reactions, reports, crisis alerts not yet acknowledged and private check-ins. It lives under the session's
 * keys, expires no later than the session's end plus the grace, and closing erases it.
 * Implementations never log what they hold.
 */
import type { AccessRevokedReason, GroupRole, SupportiveReaction } from '@respite/protocol';

export interface RoomSettings {
  slowModeSeconds: number;
  locked: boolean;
  paused: boolean;
  admission: 'automatic' | 'manual';
  pinnedNotice: string | null;
  floorRef: string | null;
  goRound: { order: string[]; index: number } | null;
}

export const defaultRoomSettings: RoomSettings = {
  slowModeSeconds: 0, locked: false, paused: false, admission: 'automatic', pinnedNotice: null, floorRef: null, goRound: null,
};

export interface RoomModerationState extends RoomSettings {
  /** memberRef → mute end (ms); ended mutes are left out. */
  mutes: Map<string, number>;
  /** memberRef → raised at (ms). */
  hands: Map<string, number>;
  away: Set<string>;
  removed: Set<string>;
  admitted: Set<string>;
  /** memberRef → alias of members waiting to be admitted. */
  waiting: Map<string, string>;
  /** Members with a private check-in open. */
  checkIns: Set<string>;
}

export interface StoredReport {
  messageId: string;
  reportedRef: string;
  reportedAlias: string;
  reason: string | null;
  at: number;
}

/** One member's reaction of one kind to one message. */
export interface StoredReaction {
  messageId: string;
  reaction: SupportiveReaction;
  memberRef: string;
}

/** A crisis alert, kept until a facilitator acknowledges it (or the session's keys go). Never holds message text. */
export interface StoredAlert {
  alertId: string;
  memberRef: string;
  alias: string;
  source: 'support_button' | 'message';
  at: number;
}

export interface StoredCheckInMessage {
  memberRef: string;
  fromAlias: string;
  fromRole: GroupRole;
  text: string;
  at: number;
}

/** What a member's join must know about the room and about them, read in one step. */
export interface JoinGate {
  removed: boolean;
  entered: boolean;
  admitted: boolean;
  waiting: boolean;
  locked: boolean;
  admission: RoomSettings['admission'];
}

/** The verdict on one member's send: paused, muted, slowed (slow mode's slot taken), or allowed (and the slot claimed). */
export type SendGate =
  | { verdict: 'allowed' }
  | { verdict: 'paused' }
  | { verdict: 'muted'; retryAfterMs: number }
  | { verdict: 'slowed'; retryAfterMs: number };

/** away: stepped away; removed: from this session; admitted: let in under manual admission; entered: joined at least once (a lock keeps out only newcomers); check-in: a private check-in is open. */
export type MemberFlag = 'away' | 'removed' | 'admitted' | 'entered' | 'check-in';

/**
 * Who asks in a room, as the room's refusals name them: the per-group member ref and the sign-in's
 * token digest. A revocation (ban, removal, leaving, sign-out, deletion) writes a refusal for one of
 * them into the session's own space before the durable change, and the room's scripts (entry, post)
 * and every in-room event read it in the step that acts: no reliance on a broadcast arriving.
 */
export interface RoomAsker {
  memberRef: string;
  loginDigest: string;
}

/** What a refusal names: a membership (by its ref; a new membership gets a new ref) or one sign-in. */
export type RoomRefusal = { memberRef: string } | { loginDigest: string };

export interface RoomModerationStore {
  /** The whole state as of `now` (ended mutes left out). */
  read(sessionId: string, now: number): Promise<RoomModerationState>;
  updateSettings(sessionId: string, change: Partial<RoomSettings>, expiresAt: number): Promise<void>;
  mute(sessionId: string, memberRef: string, until: number, expiresAt: number): Promise<void>;
  unmute(sessionId: string, memberRef: string): Promise<void>;
  /** Ms left on this member's mute at `now`; 0 when not muted. */
  muteRemaining(sessionId: string, memberRef: string, now: number): Promise<number>;
  /** Adds a hand once (keeps the first raise time). */
  raiseHand(sessionId: string, memberRef: string, at: number, expiresAt: number): Promise<void>;
  lowerHand(sessionId: string, memberRef: string): Promise<void>;
  setFlag(sessionId: string, flag: MemberFlag, memberRef: string, on: boolean, expiresAt: number): Promise<void>;
  hasFlag(sessionId: string, flag: MemberFlag, memberRef: string): Promise<boolean>;
  /** Puts a member in the lobby's waiting list (with their alias for the facilitators), or takes them out. */
  setWaiting(sessionId: string, memberRef: string, alias: string | null, expiresAt: number): Promise<void>;
  /** Refuses the member or the sign-in in this session from now on (until the session's keys expire or are erased). */
  refuse(sessionId: string, refusal: RoomRefusal, reason: AccessRevokedReason, expiresAt: number): Promise<void>;
  /** Why this asker is refused here (a removal, or a refusal of their membership or sign-in), or null. */
  refusalOf(sessionId: string, asker: RoomAsker): Promise<AccessRevokedReason | null>;
  /** The join's checks for one member in one read (the hot path of a Sunday-evening storm). */
  joinGate(sessionId: string, memberRef: string): Promise<JoinGate>;
  /**
   * The send's checks for one member in one atomic step: paused, then muted (as of `now`), then,
   * with slow mode on, this member's slot: allowed when their last allowed send is at least the
   * room's interval before `now` (and `now` becomes the last one), atomic under concurrent sends.
   * Facilitators do not call it.
   */
  sendGate(sessionId: string, memberRef: string, now: number, expiresAt: number): Promise<SendGate>;
  /** Counts one reaction per member, message and kind. Answers the count after. */
  addReaction(sessionId: string, messageId: string, reaction: SupportiveReaction, memberRef: string, expiresAt: number): Promise<number>;
  /** Every reaction of the session, one entry per member, message and kind. */
  listReactions(sessionId: string): Promise<StoredReaction[]>;
  addReport(sessionId: string, report: StoredReport, expiresAt: number): Promise<void>;
  /** Keeps a crisis alert until it is acknowledged. */
  addAlert(sessionId: string, alert: StoredAlert, expiresAt: number): Promise<void>;
  /** The alerts not yet acknowledged, oldest first. */
  listAlerts(sessionId: string): Promise<StoredAlert[]>;
  /** Takes the alert out; true for the one call that found it (of several facilitators at once, one acknowledges). */
  acknowledgeAlert(sessionId: string, alertId: string): Promise<boolean>;
  listReports(sessionId: string): Promise<StoredReport[]>;
  /** A private check-in with one member is open once this holds its member ref. */
  openCheckIn(sessionId: string, memberRef: string, expiresAt: number): Promise<void>;
  isCheckInOpen(sessionId: string, memberRef: string): Promise<boolean>;
  addCheckInMessage(sessionId: string, message: StoredCheckInMessage, expiresAt: number): Promise<void>;
  listCheckInMessages(sessionId: string): Promise<StoredCheckInMessage[]>;
  eraseSession(sessionId: string): Promise<void>;
}
