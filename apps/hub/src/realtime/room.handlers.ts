/** Socket handlers of the live room. Thin: they move sockets between rooms and call the room service. */
import { ServiceError } from '../services/service-error';
import type { RoomService } from '../services/room.service';
import { roomMemberOf } from '../services/room.service';
import type { SessionLifecycleService } from '../services/session-lifecycle.service';
import type { ClientEventPayload, JoinedSessionView } from '@respite/protocol';
import type { EventContext, EventHandlers } from './event-router';
import { type HubSocket, roomNames } from './socket-types';

export type RoomHandlers = Pick<EventHandlers, 'session:leave' | 'message:send' | 'typing:set' | 'session:end'> & {
  /** The room's part of a join (seat, broadcast room, entry); the moderation handlers' join wraps it and answers the whole snapshot. */
  'session:join': (context: EventContext, payload: ClientEventPayload<'session:join'>) => Promise<JoinedSessionView>;
};

export function roomHandlers(deps: { rooms: RoomService; lifecycle: SessionLifecycleService }): RoomHandlers {
  const { rooms, lifecycle } = deps;

  function joinedMember(socket: HubSocket, sessionId: string) {
    const member = socket.data.joined.get(sessionId);
    if (!member) throw new ServiceError('forbidden', 'Join the session first.');
    return member;
  }

  return {
    'session:join': async ({ socket, granted }, payload) => {
      const { session, membership, group } = granted;
      if (!session || !membership || !group) throw new ServiceError('forbidden', 'You do not have access to this.');
      const room = roomNames.session(session.id);
      // A seat first: a member without one must not hear the room, even for a moment.
      await rooms.claimPlace({ session, membership, group });
      // Enter the broadcast room before reading history, so nothing falls in between.
      await socket.join([room, roomNames.membership(session.groupId, membership.accountId)]);
      socket.data.joined.set(session.id, roomMemberOf(session, membership));
      try {
        return await rooms.join({
          session, membership, group, connectionId: socket.id, loginDigest: socket.data.tokenDigest, lastSeenId: payload.lastSeenId ?? null,
        });
      } catch (error) {
        socket.data.joined.delete(session.id);
        await socket.leave(room);
        throw error;
      }
    },
    'session:leave': async ({ socket }, { sessionId }) => {
      socket.data.joined.delete(sessionId);
      await socket.leave(roomNames.session(sessionId));
      await rooms.leave(sessionId, socket.id);
      return {};
    },
    'message:send': async ({ socket, granted }, { sessionId, clientId, text }) => {
      if (!granted.session) throw new ServiceError('not_found', 'That session does not exist.');
      return rooms.send({ session: granted.session, member: joinedMember(socket, sessionId), loginDigest: socket.data.tokenDigest, clientId, text });
    },
    'typing:set': async ({ socket }, { sessionId, typing }) => {
      await rooms.typing(joinedMember(socket, sessionId), socket.id, typing);
      return {};
    },
    'session:end': async (_context, { sessionId }) => {
      await lifecycle.close(sessionId, 'ended_by_facilitator');
      return {};
    },
  };
}
