/**
 * Socket handlers for moderation and safety. Thin: they find who is asking in the joined room and
 * call the moderation service. They also wrap three room handlers: a join passes the removal and
 * lock and admission checks and enters the private rooms; a send, once stored (the room's post
 * checks pause, mute and slow mode), passes the crisis detector; an end is written to the moderation record.
 */
import { ServiceError } from '../services/service-error';
import type { CrisisAlerts } from '../services/crisis-alerts';
import type { ModerationService } from '../services/moderation.service';
import { roomMemberOf } from '../services/room.service';
import type { RoomSnapshots } from '../services/room-snapshot';
import type { SessionRecord } from '../stores/session.store';
import type { EventContext, EventHandlers } from './event-router';
import { moderationRoomNames } from './moderation-rooms';
import { roomNames } from './socket-types';
import type { RoomHandlers } from './room.handlers';

type ModerationHandlerNames =
  | 'member:admit' | 'room:set-admission' | 'member:mute' | 'member:unmute' | 'member:remove' | 'member:ban' | 'message:delete'
  | 'notice:pin' | 'room:set-slow-mode' | 'room:set-lock' | 'chat:set-pause' | 'floor:give' | 'go-round:start' | 'go-round:advance'
  | 'go-round:stop' | 'check-in:open' | 'room:get-moderation' | 'hand:raise' | 'hand:lower' | 'reaction:add' | 'message:report'
  | 'presence:set-away' | 'go-round:pass' | 'support:request' | 'check-in:send' | 'crisis:acknowledge';

function inRoom({ socket, granted }: EventContext, sessionId: string): { session: SessionRecord; member: NonNullable<ReturnType<typeof socket.data.joined.get>> } {
  const member = socket.data.joined.get(sessionId);
  if (!granted.session || !member) throw new ServiceError('forbidden', 'Join the session first.');
  return { session: granted.session, member };
}

const done = {} as Record<string, never>;

export function moderationHandlers(deps: {
  moderation: ModerationService; crisisAlerts: CrisisAlerts; snapshots: RoomSnapshots; room: RoomHandlers;
}): Pick<EventHandlers, ModerationHandlerNames | 'session:join' | 'message:send' | 'session:end'> {
  const { moderation, crisisAlerts, snapshots, room } = deps;
  return {
    'session:join': async (context, payload) => {
      const { session, membership } = context.granted;
      if (!session || !membership) throw new ServiceError('forbidden', 'You do not have access to this.');
      await moderation.checkJoin(session, membership);
      const privateRooms = [moderationRoomNames.member(session.id, membership.memberRef)];
      if (membership.role === 'facilitator') privateRooms.push(moderationRoomNames.facilitators(session.id));
      await context.socket.join(privateRooms);
      // The room's entry records that the member entered (what a later lock lets back in).
      try {
        const entered = await room['session:join'](context, payload);
        try {
          return await snapshots.read(session, roomMemberOf(session, membership), entered);
        } catch (error) {
          // The room let the socket in, but the answer failed: out again, so the client's retried
          // join is the only way in and nothing is heard meanwhile.
          context.socket.data.joined.delete(session.id);
          await context.socket.leave(roomNames.session(session.id));
          throw error;
        }
      } catch (error) {
        for (const name of privateRooms) await context.socket.leave(name);
        throw error;
      }
    },
    'message:send': async (context, payload) => {
      const { session, member } = inRoom(context, payload.sessionId);
      // The send gate (paused, muted, slow mode) is checked by the room's post, in the same step as the append.
      const sent = await room['message:send'](context, payload);
      if (!sent.duplicate) await moderation.afterSend(session, member, payload.text);
      return sent;
    },
    'session:end': async (context, payload) => {
      const { session, member } = inRoom(context, payload.sessionId);
      const result = await room['session:end'](context, payload);
      await moderation.recordSessionEnded(session, member);
      return result;
    },
    'member:admit': async (context, { sessionId, memberRef }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.admit(session, member, memberRef);
      return done;
    },
    'room:set-admission': async (context, { sessionId, mode }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.setAdmission(session, member, mode);
      return done;
    },
    'member:mute': async (context, { sessionId, memberRef, minutes }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.mute(session, member, memberRef, minutes);
      return done;
    },
    'member:unmute': async (context, { sessionId, memberRef }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.unmute(session, member, memberRef);
      return done;
    },
    'member:remove': async (context, { sessionId, memberRef }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.remove(session, member, memberRef);
      return done;
    },
    'member:ban': async (context, { sessionId, memberRef }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.ban(session, member, memberRef);
      return done;
    },
    'message:delete': async (context, { sessionId, messageId }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.deleteMessage(session, member, messageId);
      return done;
    },
    'notice:pin': async (context, { sessionId, text }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.pinNotice(session, member, text);
      return done;
    },
    'room:set-slow-mode': async (context, { sessionId, intervalSeconds }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.setSlowMode(session, member, intervalSeconds);
      return done;
    },
    'room:set-lock': async (context, { sessionId, on }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.setLock(session, member, on);
      return done;
    },
    'chat:set-pause': async (context, { sessionId, on }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.setPause(session, member, on);
      return done;
    },
    'floor:give': async (context, { sessionId, memberRef }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.giveFloor(session, member, memberRef);
      return done;
    },
    'go-round:start': async (context, { sessionId }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.startGoRound(session, member);
      return done;
    },
    'go-round:advance': async (context, { sessionId }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.advanceGoRound(session, member);
      return done;
    },
    'go-round:pass': async (context, { sessionId }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.advanceGoRound(session, member);
      return done;
    },
    'go-round:stop': async (context, { sessionId }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.stopGoRound(session, member);
      return done;
    },
    'check-in:open': async (context, { sessionId, memberRef }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.openCheckIn(session, member, memberRef);
      return done;
    },
    'check-in:send': async (context, { sessionId, memberRef, text }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.sendCheckIn(session, member, memberRef, text);
      return done;
    },
    'room:get-moderation': async (context, { sessionId }) => {
      const { session, member } = inRoom(context, sessionId);
      return moderation.snapshot(session, member);
    },
    'hand:raise': async (context, { sessionId }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.setHand(session, member, true);
      return done;
    },
    'hand:lower': async (context, { sessionId }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.setHand(session, member, false);
      return done;
    },
    'presence:set-away': async (context, { sessionId, away }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.setAway(session, member, away);
      return done;
    },
    'reaction:add': async (context, { sessionId, messageId, reaction }) => {
      const { session, member } = inRoom(context, sessionId);
      return { count: await moderation.react(session, member, messageId, reaction) };
    },
    'message:report': async (context, { sessionId, messageId, reason }) => {
      const { session, member } = inRoom(context, sessionId);
      await moderation.report(session, member, messageId, reason?.trim() || null);
      return done;
    },
    // From the room, or from the lobby's waiting room before a facilitator admits the member: the
    // router then resolved the session and membership afresh, as for a join.
    'support:request': async ({ socket, granted }, { sessionId }) => {
      const { session, membership } = granted;
      if (!session || !membership) throw new ServiceError('forbidden', 'You do not have access to this.');
      const member = socket.data.joined.get(sessionId) ?? roomMemberOf(session, membership);
      return crisisAlerts.raise(session, member, 'support_button');
    },
    'crisis:acknowledge': async (context, { sessionId, alertId }) => {
      const { session, member } = inRoom(context, sessionId);
      await crisisAlerts.acknowledge(session, member, alertId);
      return done;
    },
  };
}
