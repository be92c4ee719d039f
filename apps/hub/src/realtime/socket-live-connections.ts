/** LiveConnections over Socket.IO rooms. Through the adapter these reach sockets on every hub node. */
import type { AccessRevokedReason, MessageView, PresenceMemberView, SessionState, SessionView } from '@respite/protocol';
import type { LiveConnections } from '../services/live-connections';
import { type HubServer, roomNames } from './socket-types';

export class SocketLiveConnections implements LiveConnections {
  constructor(private readonly io: HubServer) {}

  messagePosted(message: MessageView): void {
    this.io.to(roomNames.session(message.sessionId)).emit('message:posted', message);
  }

  presenceUpdated(sessionId: string, members: PresenceMemberView[], exceptConnectionId?: string): void {
    const room = this.io.to(roomNames.session(sessionId));
    (exceptConnectionId ? room.except(exceptConnectionId) : room).emit('presence:updated', { sessionId, members });
  }

  typingChanged(sessionId: string, exceptConnectionId: string, update: { memberRef: string; alias: string; typing: boolean }): void {
    this.io.to(roomNames.session(sessionId)).except(exceptConnectionId).emit('typing:changed', { sessionId, ...update });
  }

  stateChanged(sessionId: string, state: SessionState, session: SessionView): void {
    this.io.to(roomNames.session(sessionId)).emit('session:state-changed', { sessionId, state, session });
  }

  historyReset(sessionId: string): void {
    this.io.to(roomNames.session(sessionId)).emit('session:history-reset', { sessionId });
  }

  sessionClosed(sessionId: string): void {
    const room = roomNames.session(sessionId);
    this.io.to(room).emit('session:closed', { sessionId, erased: true });
    this.io.in(room).socketsLeave(room);
  }

  revokeAccount(accountId: string, reason: AccessRevokedReason): void {
    this.revokeRoom(roomNames.account(accountId), reason);
  }

  revokeLogin(tokenDigest: string, reason: AccessRevokedReason): void {
    this.revokeRoom(roomNames.login(tokenDigest), reason);
  }

  revokeMembership(groupId: string, accountId: string, reason: AccessRevokedReason): void {
    this.revokeRoom(roomNames.membership(groupId, accountId), reason);
  }

  private revokeRoom(room: string, reason: AccessRevokedReason): void {
    this.io.to(room).emit('access:revoked', { reason });
    this.io.in(room).disconnectSockets(true);
  }
}
