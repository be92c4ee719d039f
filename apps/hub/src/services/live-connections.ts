/**
 * What services may ask of the live sockets, without knowing Socket.IO: broadcast to a room, and
 * end or re-scope a person's sockets when their rights change. Implemented over the adapter, so it
 * reaches sockets on every hub node.
 */
import type { AccessRevokedReason, MessageView, PresenceMemberView, SessionState, SessionView } from '@respite/protocol';

export interface LiveConnections {
  messagePosted(message: MessageView): void;
  /** `exceptConnectionId`: a connection that already has this list (a join's answer carries it). */
  presenceUpdated(sessionId: string, members: PresenceMemberView[], exceptConnectionId?: string): void;
  typingChanged(sessionId: string, exceptConnectionId: string, update: { memberRef: string; alias: string; typing: boolean }): void;
  stateChanged(sessionId: string, state: SessionState, session: SessionView): void;
  historyReset(sessionId: string): void;
  /** Tells the room its messages are erased, then takes every socket out of the room. */
  sessionClosed(sessionId: string): void;
  /** Ends every socket of the account (deletion, password reset). */
  revokeAccount(accountId: string, reason: AccessRevokedReason): void;
  /** Ends the sockets of one sign-in (sign-out). */
  revokeLogin(tokenDigest: string, reason: AccessRevokedReason): void;
  /** Ends the account's sockets in one group's rooms (leaving, removal, ban). */
  revokeMembership(groupId: string, accountId: string, reason: AccessRevokedReason): void;
}
