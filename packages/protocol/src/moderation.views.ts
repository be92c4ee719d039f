/** What the server sends about moderation: the room's moderation state, alerts, reports, records. */
import type { GroupRole } from './session-states';
import type { SupportiveReaction } from './moderation.schemas';

export interface RoomModerationView {
  sessionId: string;
  /** 0 when slow mode is off. */
  slowModeSeconds: number;
  locked: boolean;
  paused: boolean;
  admission: 'automatic' | 'manual';
  pinnedNotice: string | null;
  /** Who holds the floor, if anyone. */
  floorRef: string | null;
  /** Raised hands, first raised first. */
  hands: { memberRef: string; raisedAt: string }[];
  /** Muted members and until when. */
  mutes: { memberRef: string; until: string }[];
  away: string[];
  /** Members admitted in manual admission (facilitators need no admission). */
  admitted: string[];
  /** Members waiting in the lobby for a facilitator to admit them (manual admission). */
  waiting: { memberRef: string; alias: string }[];
  goRound: { order: string[]; index: number } | null;
}

export interface CrisisResourceView {
  name: string;
  detail: string;
  /** tel:, sms: or https: link, when one applies. */
  href: string | null;
}

export interface CrisisAlertView {
  sessionId: string;
  /** Kept until a facilitator acknowledges it (`crisis:acknowledge`). */
  alertId: string;
  memberRef: string;
  alias: string;
  /** What raised it. Never the message text. */
  source: 'support_button' | 'message';
  at: string;
}

/**
 * A crisis alert raised while no facilitator of the session was in the room, sent wherever they
 * are in the app to the group's other facilitators, or else to the platform's on-call role.
 * Carries the group's name and the alias, never the text. Acknowledged by the person's page.
 */
export interface EscalatedAlertView extends CrisisAlertView {
  groupId: string;
  groupName: string;
  /** The session's start (ISO). */
  startsAt: string;
  /** Why this person got it: they facilitate the group, or they hold the on-call role. */
  as: 'group_facilitator' | 'on_call';
}

export interface MessageReportView {
  sessionId: string;
  messageId: string;
  /** Whose message was reported. The reporter is never named. */
  reportedRef: string;
  reportedAlias: string;
  reason: string | null;
  at: string;
}

export interface CheckInMessageView {
  sessionId: string;
  /** The member the check-in is with. */
  memberRef: string;
  fromAlias: string;
  fromRole: GroupRole;
  text: string;
  at: string;
}

export interface ReactionCountView {
  sessionId: string;
  messageId: string;
  reaction: SupportiveReaction;
  count: number;
}

export const moderationActions = [
  'member_admitted', 'admission_set', 'member_muted', 'member_unmuted', 'member_removed', 'member_banned',
  'message_deleted', 'notice_pinned', 'slow_mode_set', 'room_locked', 'room_unlocked', 'chat_paused', 'chat_resumed',
  'floor_given', 'go_round_started', 'go_round_advanced', 'go_round_stopped', 'session_ended', 'message_reported',
  'check_in_opened',
] as const;
export type ModerationAction = (typeof moderationActions)[number];

/** One entry of the durable moderation record: who (alias, role), what, to whom, when. Never message text. */
export interface ModerationRecordEntryView {
  at: string;
  action: ModerationAction;
  /** null for a member's report: the reporter stays hidden. */
  actorAlias: string | null;
  actorRole: GroupRole | null;
  targetAlias: string | null;
  /** A number that qualifies the action (mute minutes, slow-mode seconds), never text. */
  amount: number | null;
}
