/**
 * The moderation and safety part of the socket contract: facilitator actions, member tools, the
 * crisis pathway and private check-ins. Spread into `clientEventSchemas` and the server event map
 * by events.ts. Commands are `entity:verb`; broadcasts are `entity:past-tense`.
 */
import {
  admissionSetPayload, alertAcknowledgePayload, awaySetPayload, checkInSendPayload, flagSetPayload, floorGivePayload, memberMutePayload,
  memberTargetPayload, messageReportPayload, messageTargetPayload, noticePinPayload, reactionAddPayload,
  sessionOnlyPayload, slowModeSetPayload,
} from './moderation.schemas';
import type { SupportReach, SupportRequestResult } from './room-snapshot.views';
import type {
  CheckInMessageView, CrisisAlertView, CrisisResourceView, EscalatedAlertView, MessageReportView, ModerationAction,
  ReactionCountView, RoomModerationView,
} from './moderation.views';

/** Actions only a facilitator of the session's group may take. */
export const facilitatorEventSchemas = {
  'member:admit': memberTargetPayload,
  'room:set-admission': admissionSetPayload,
  'member:mute': memberMutePayload,
  'member:unmute': memberTargetPayload,
  'member:remove': memberTargetPayload,
  'member:ban': memberTargetPayload,
  'message:delete': messageTargetPayload,
  'notice:pin': noticePinPayload,
  'room:set-slow-mode': slowModeSetPayload,
  'room:set-lock': flagSetPayload,
  'chat:set-pause': flagSetPayload,
  'floor:give': floorGivePayload,
  'go-round:start': sessionOnlyPayload,
  'go-round:advance': sessionOnlyPayload,
  'go-round:stop': sessionOnlyPayload,
  'check-in:open': memberTargetPayload,
  'crisis:acknowledge': alertAcknowledgePayload,
} as const;

/** Tools every participant (member or facilitator) has. */
export const memberToolEventSchemas = {
  'room:get-moderation': sessionOnlyPayload,
  'hand:raise': sessionOnlyPayload,
  'hand:lower': sessionOnlyPayload,
  'reaction:add': reactionAddPayload,
  'message:report': messageReportPayload,
  'presence:set-away': awaySetPayload,
  'go-round:pass': sessionOnlyPayload,
  'support:request': sessionOnlyPayload,
  'check-in:send': checkInSendPayload,
} as const;

export const moderationEventSchemas = { ...facilitatorEventSchemas, ...memberToolEventSchemas } as const;
export type ModerationEventName = keyof typeof moderationEventSchemas;
export const facilitatorEventNames = Object.keys(facilitatorEventSchemas) as (keyof typeof facilitatorEventSchemas)[];
export const memberToolEventNames = Object.keys(memberToolEventSchemas) as (keyof typeof memberToolEventSchemas)[];

type Empty = Record<string, never>;

export type ModerationEventResults = {
  [E in keyof typeof facilitatorEventSchemas]: Empty;
} & {
  'room:get-moderation': { moderation: RoomModerationView; reports: MessageReportView[]; checkIns: CheckInMessageView[] };
  'hand:raise': Empty;
  'hand:lower': Empty;
  'reaction:add': { count: number };
  'message:report': Empty;
  'presence:set-away': Empty;
  'go-round:pass': Empty;
  'support:request': SupportRequestResult;
  'check-in:send': Empty;
};

export interface ModerationServerEvents {
  /**
   * The room's moderation state changed (hands, slow mode, lock, pause, notice, floor, go-round).
   * Facilitators get every mute and the waiting list; members get neither (muting is not shown to
   * peers): a member hears of their own mute by `member:mute-changed`.
   */
  'room:moderation-changed': (moderation: RoomModerationView) => void;
  /** The member only: their own mute began (`until`, ISO) or ended (null). */
  'member:mute-changed': (update: { sessionId: string; until: string | null }) => void;
  /** A facilitator deleted a message for everyone: drop it. */
  'message:deleted': (update: { sessionId: string; messageId: string }) => void;
  /** A member was removed from the session (or banned from the group). */
  'member:removed': (update: { sessionId: string; memberRef: string; alias: string; banned: boolean }) => void;
  'reaction:added': (update: ReactionCountView) => void;
  /** Facilitators only: a member reported a message. The reporter is not named. */
  'report:filed': (report: MessageReportView) => void;
  /** Facilitators only: a member pressed "I need support now" or wrote words that signal risk. Never the text. */
  'crisis:alerted': (alert: CrisisAlertView) => void;
  /** Facilitators only: a facilitator acknowledged this alert; it leaves every console. */
  'crisis:acknowledged': (update: { sessionId: string; alertId: string; byAlias: string }) => void;
  /**
   * No facilitator of the session was in the room: to the accounts of the group's other facilitators,
   * else to the on-call role's accounts, on any page with a socket. `seen` tells the hub this screen
   * showed it (the member is then told who was reached); a page that does not show it must not call it.
   */
  'crisis:escalated': (alert: EscalatedAlertView, seen: (shown: true) => void) => void;
  /** The sender only: crisis resources, shown at once, and whether a facilitator in the room was told. */
  'crisis:resources': (update: { sessionId: string; resources: CrisisResourceView[]; reached: SupportReach }) => void;
  /** Facilitators and the member: a private check-in was opened. */
  'check-in:opened': (update: { sessionId: string; memberRef: string; alias: string }) => void;
  'check-in:posted': (message: CheckInMessageView) => void;
  /** Facilitators only: another facilitator acted, so co-facilitators see each other's actions. */
  'moderation:acted': (update: { sessionId: string; action: ModerationAction; actorAlias: string; targetAlias: string | null }) => void;
}

export const moderationServerEventNames: (keyof ModerationServerEvents)[] = [
  'room:moderation-changed', 'member:mute-changed', 'message:deleted', 'member:removed', 'reaction:added', 'report:filed', 'crisis:alerted',
  'crisis:acknowledged', 'crisis:escalated', 'crisis:resources', 'check-in:opened', 'check-in:posted', 'moderation:acted',
];
