/**
 * The socket event contract: every event a client may send, with its schema, and every event the
 * server broadcasts. The hub refuses any event that is not a key of `clientEventSchemas`.
 * Commands are `entity:verb`; broadcasts are `entity:past-tense`.
 */
import type { z } from 'zod';
import type { ErrorBody } from './errors';
import type { Response } from './response';
import { messageSendPayload, sessionJoinPayload, sessionRefPayload, typingSetPayload } from './socket.schemas';
import type { SessionState } from './session-states';
import type { RoomSnapshotView } from './room-snapshot.views';
import type { MessageView, PresenceMemberView, SentMessageView, SessionView } from './views';
import type { ScheduleRescheduledUpdate } from './schedule.views';
import { type ModerationEventResults, type ModerationServerEvents, moderationEventSchemas, moderationServerEventNames } from './moderation.events';

export const clientEventSchemas = {
  'session:join': sessionJoinPayload,
  'session:leave': sessionRefPayload,
  'message:send': messageSendPayload,
  'typing:set': typingSetPayload,
  'session:end': sessionRefPayload,
  ...moderationEventSchemas,
} as const;

export type ClientEventName = keyof typeof clientEventSchemas;
export type ClientEventPayload<E extends ClientEventName> = z.infer<(typeof clientEventSchemas)[E]>;

/** What each command answers in its acknowledgement (inside `Response<T>`). */
export interface ClientEventResults extends ModerationEventResults {
  'session:join': RoomSnapshotView;
  'session:leave': Record<string, never>;
  'message:send': SentMessageView;
  'typing:set': Record<string, never>;
  'session:end': Record<string, never>;
}

export const clientEventNames = Object.keys(clientEventSchemas) as ClientEventName[];

export function isClientEventName(name: unknown): name is ClientEventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(clientEventSchemas, name);
}

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientEventPayload<E>, ack: (response: Response<ClientEventResults[E]>) => void) => void;
};

/** Why a socket was ended. `login_expired`: its sign-in reached its fixed 24 h end (LOGIN_SESSION_TTL_MS). */
export type AccessRevokedReason = 'signed_out' | 'login_expired' | 'account_deleted' | 'removed' | 'banned' | 'left_group';

export interface ServerToClientEvents extends ModerationServerEvents {
  'message:posted': (message: MessageView) => void;
  'presence:updated': (update: { sessionId: string; members: PresenceMemberView[] }) => void;
  'typing:changed': (update: { sessionId: string; memberRef: string; alias: string; typing: boolean }) => void;
  'session:state-changed': (update: { sessionId: string; state: SessionState; session: SessionView }) => void;
  /** The session ended: every message of it has been erased from the server. */
  'session:closed': (update: { sessionId: string; erased: true }) => void;
  /** The ephemeral store lost this live session's history; what the client shows is all there is. */
  'session:history-reset': (update: { sessionId: string }) => void;
  /** Sent just before the server ends this person's sockets (sign-out, deletion, ban, removal). */
  'access:revoked': (update: { reason: AccessRevokedReason }) => void;
  /** An event sent without an acknowledgement callback was refused. */
  'request:rejected': (update: { event: string; error: ErrorBody }) => void;
  /** This hub is shutting down: reconnect (the client's normal reconnect reaches another node). */
  'server:draining': (update: { reconnectInMs: number }) => void;
  /** To each member's account room: an occurrence of their group was cancelled, moved, or extended. */
  'session:rescheduled': (update: ScheduleRescheduledUpdate) => void;
  /** To the member's account room: a seat freed and this member, first on the waitlist, now holds it. */
  'seat:promoted': (update: { sessionId: string; groupId: string }) => void;
}

export const serverEventNames: (keyof ServerToClientEvents)[] = [
  'message:posted', 'presence:updated', 'typing:changed', 'session:state-changed', 'session:closed',
  'session:history-reset', 'access:revoked', 'request:rejected', 'server:draining', 'session:rescheduled', 'seat:promoted',
  ...moderationServerEventNames,
];
