/**
 * The room as one viewer may see it: what `session:join` answers on every join and re-join, with
 * or without `lastSeenId`, so that a reload or a reconnect shows exactly what the room holds.
 * Never carries a handle, and never another member's mute to a member (muting is not shown to peers).
 */
import type { SupportiveReaction } from './moderation.schemas';
import type { CheckInMessageView, CrisisAlertView, CrisisResourceView, MessageReportView, RoomModerationView } from './moderation.views';
import type { MessageView, PresenceMemberView, SessionView } from './views';

/** One message's reactions: the counts of everyone's, and which of them are the viewer's own. */
export interface ReactionTallyView {
  messageId: string;
  counts: Partial<Record<SupportiveReaction, number>>;
  mine: SupportiveReaction[];
}

/**
 * Where the viewer stands: `admitted` hears and may speak in the room; `waiting` is in the
 * manual-admission waiting room until a facilitator admits them (they hear nothing of the room).
 */
export type RoomAdmissionView = 'admitted' | 'waiting';

/** What only a facilitator of the session's group is shown, on top of what everyone is shown. */
export interface FacilitatorRoomView {
  /** Crisis alerts no facilitator has acknowledged yet, oldest first (kept until acknowledged). */
  openAlerts: CrisisAlertView[];
  /** Reports filed in this session, oldest first. The reporter is never named. */
  reports: MessageReportView[];
  /** Members waiting in the lobby to be admitted (manual admission), first come first. */
  waiting: { memberRef: string; alias: string }[];
}

export interface RoomSnapshotView {
  session: SessionView;
  groupName: string;
  self: PresenceMemberView;
  /** The viewer's own mute, if any (ISO time it ends); shown to the viewer and facilitators only. */
  selfMutedUntil: string | null;
  admission: RoomAdmissionView;
  /** Messages after `lastSeenId` (the whole kept history when none was given), oldest first. Empty while waiting. */
  messages: MessageView[];
  /** Ids of this session's messages deleted for everyone (any the client still shows must go). */
  deletedIds: string[];
  /** Reactions on this session's kept messages (those with none are left out). */
  reactions: ReactionTallyView[];
  /**
   * The moderation state as this viewer may see it: pinned notice, hands, go-round, floor, slow
   * mode, lock, pause, admission mode. For a member `mutes` holds only their own and `waiting` is empty.
   */
  moderation: RoomModerationView;
  /** Private check-ins: a member's own; for a facilitator, every check-in of the session. Oldest first. */
  checkIns: CheckInMessageView[];
  /** The open check-ins (their panels, even before a first word): a member's own; for a facilitator, all. */
  openCheckIns: { memberRef: string; alias: string }[];
  presence: PresenceMemberView[];
  /** True when the ephemeral store lost this session's history (for example a restart); shown to the room. */
  historyReset: boolean;
  /** Present for facilitators of the session's group only; null for members. */
  facilitator: FacilitatorRoomView | null;
}

/**
 * Who a crisis alert reached, told to the member in words: a facilitator in the room; else a
 * facilitator of the group elsewhere in the app; else the platform's on-call role; else nobody
 * right now (the member is shown the resources at once in every case).
 */
export type SupportReach = 'room_facilitator' | 'group_facilitator' | 'on_call' | 'nobody';

/** The answer to `support:request`, from the room, the lobby or the waiting room. */
export interface SupportRequestResult {
  resources: CrisisResourceView[];
  reached: SupportReach;
}
