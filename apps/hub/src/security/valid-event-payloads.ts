/**
 * A valid payload for every socket event of the contract, aimed at one staged room: the authorization
 * matrix sends each as is, the in-room fuzz mutates them. Typed by the contract's names, so a new
 * event without one does not compile.
 */
import type { ClientEventName } from '@respite/protocol';
import { newEntityId } from '../random-ids';

/** selfRef: the acting person's own memberRef in this session (the target's when they have none). */
export interface Stage { sessionId: string; messageId: string; targetRef: string; selfRef: string }

/** A valid payload for every event: typed by the contract's names, so a new event without one does not compile. */
export const validPayloads: Record<ClientEventName, (stage: Stage) => Record<string, unknown>> = {
  'session:join': (s) => ({ sessionId: s.sessionId }),
  'session:leave': (s) => ({ sessionId: s.sessionId }),
  'message:send': (s) => ({ sessionId: s.sessionId, clientId: newEntityId(), text: 'matrix message' }),
  'typing:set': (s) => ({ sessionId: s.sessionId, typing: true }),
  'session:end': (s) => ({ sessionId: s.sessionId }),
  'member:admit': (s) => ({ sessionId: s.sessionId, memberRef: s.targetRef }),
  'room:set-admission': (s) => ({ sessionId: s.sessionId, mode: 'automatic' }),
  'member:mute': (s) => ({ sessionId: s.sessionId, memberRef: s.targetRef, minutes: 1 }),
  'member:unmute': (s) => ({ sessionId: s.sessionId, memberRef: s.targetRef }),
  'member:remove': (s) => ({ sessionId: s.sessionId, memberRef: s.targetRef }),
  'member:ban': (s) => ({ sessionId: s.sessionId, memberRef: s.targetRef }),
  'message:delete': (s) => ({ sessionId: s.sessionId, messageId: s.messageId }),
  'notice:pin': (s) => ({ sessionId: s.sessionId, text: 'Be kind.' }),
  'room:set-slow-mode': (s) => ({ sessionId: s.sessionId, intervalSeconds: 0 }),
  'room:set-lock': (s) => ({ sessionId: s.sessionId, on: false }),
  'chat:set-pause': (s) => ({ sessionId: s.sessionId, on: false }),
  'floor:give': (s) => ({ sessionId: s.sessionId, memberRef: null }),
  'go-round:start': (s) => ({ sessionId: s.sessionId }),
  'go-round:advance': (s) => ({ sessionId: s.sessionId }),
  'go-round:stop': (s) => ({ sessionId: s.sessionId }),
  'check-in:open': (s) => ({ sessionId: s.sessionId, memberRef: s.targetRef }),
  'room:get-moderation': (s) => ({ sessionId: s.sessionId }),
  'hand:raise': (s) => ({ sessionId: s.sessionId }),
  'hand:lower': (s) => ({ sessionId: s.sessionId }),
  'reaction:add': (s) => ({ sessionId: s.sessionId, messageId: s.messageId, reaction: 'heart' }),
  'message:report': (s) => ({ sessionId: s.sessionId, messageId: s.messageId }),
  'presence:set-away': (s) => ({ sessionId: s.sessionId, away: false }),
  'go-round:pass': (s) => ({ sessionId: s.sessionId }),
  'support:request': (s) => ({ sessionId: s.sessionId }),
  // A member writes only in their own check-in (opened for them below); a facilitator in anyone's.
  // No alert is open in a staged room: an allowed acknowledgement answers not_found, a room rule.
  'crisis:acknowledge': (s) => ({ sessionId: s.sessionId, alertId: 'no-such-alert-01' }),
  'check-in:send': (s) => ({ sessionId: s.sessionId, memberRef: s.selfRef, text: 'checking in' }),
};
