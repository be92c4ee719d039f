/**
 * What the moderation service may ask of the live sockets, without knowing Socket.IO: broadcasts
 * to a session's room, private events to the session's facilitators or to one member, and taking
 * a member out of a session. Never carries message text except a check-in's own message.
 */
import type {
  CheckInMessageView, CrisisAlertView, CrisisResourceView, MessageReportView, ModerationServerEvents,
  ReactionCountView, RoomModerationView, SupportReach,
} from '@respite/protocol';

export interface ModerationLive {
  /** Everyone in the session: facilitators the whole view, members without the mutes and the waiting list. */
  moderationChanged(view: RoomModerationView): void;
  /** The member only: their own mute's end (epoch ms), or null when it was lifted. */
  selfMuteChanged(sessionId: string, memberRef: string, until: number | null): void;
  messageDeleted(sessionId: string, messageId: string): void;
  memberRemoved(sessionId: string, update: { memberRef: string; alias: string; banned: boolean }): void;
  reactionAdded(update: ReactionCountView): void;
  /** Facilitators of the session only. */
  reportFiled(report: MessageReportView): void;
  crisisAlerted(alert: CrisisAlertView): void;
  /** Facilitators of the session only: the alert leaves every console. */
  alertAcknowledged(update: Parameters<ModerationServerEvents['crisis:acknowledged']>[0]): void;
  moderationActed(update: Parameters<ModerationServerEvents['moderation:acted']>[0]): void;
  /** The member only (every socket of theirs in the session). */
  crisisResources(sessionId: string, memberRef: string, resources: CrisisResourceView[], reached: SupportReach): void;
  /** The member and the session's facilitators. */
  checkInOpened(sessionId: string, memberRef: string, alias: string): void;
  checkInPosted(message: CheckInMessageView): void;
  /** Takes every socket of this member out of the session's rooms (a removal), telling them why. */
  removeFromSession(sessionId: string, memberRef: string): void;
}
