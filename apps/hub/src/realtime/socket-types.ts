/** The typed Socket.IO server and socket, and what the hub keeps on each socket. */
import type { Server, Socket } from 'socket.io';
import type { AccountRole, ClientToServerEvents, ServerToClientEvents } from '@respite/protocol';
import type { RoomMember } from '../services/room.service';

export interface SocketData {
  accountId: string;
  roles: AccountRole[];
  tokenDigest: string;
  /** When the sign-in ends (epoch ms, on the hub's clock): the socket ends then (login-expiry-guard.ts). */
  loginExpiresAt: number;
  /** The sessions this socket has joined, by session id, with who it is there. */
  joined: Map<string, RoomMember>;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type NoInterServerEvents = {};

export type HubServer = Server<ClientToServerEvents, ServerToClientEvents, NoInterServerEvents, SocketData>;
export type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, NoInterServerEvents, SocketData>;

/** Socket.IO room names: one per session, per account, per sign-in, per membership, and the on-call role's. */
export const roomNames = {
  session: (sessionId: string) => `session:${sessionId}`,
  account: (accountId: string) => `account:${accountId}`,
  login: (tokenDigest: string) => `login:${tokenDigest}`,
  membership: (groupId: string, accountId: string) => `membership:${groupId}:${accountId}`,
  /** Every socket of an account holding the on-call role (a role given only with its own account, never changed). */
  onCall: () => 'role:on_call',
};

/** A session's own room (`session:<id>`), as against the rooms private to part of it (`session:<id>:…`). */
export function isSessionRoom(room: string): boolean {
  return room.startsWith('session:') && !room.includes(':', 'session:'.length);
}
