/**
 * Every packet a client sends passes here, and only here (after the connection's packet budget,
 * socket-flood-guard.ts, which may refuse it first): the event must be in the contract, its
 * single payload must parse with the contract's schema (unknown fields refused), and the access
 * policy must allow it for this person in the session's current state, checked per event.
 * Inside a joined room nothing is trusted from the join: every event re-reads the sign-in, the
 * account's roles, the membership (same ref, not banned) and the session in one durable script,
 * and the room's refusals of this person (room-rights.ts) in the ephemeral space (a send's post
 * script reads those itself, in the step that appends). A person found without rights is answered,
 * then their socket is ended with `access:revoked`.
 * A refused packet changes nothing and gets a typed error: in its ack, or as `request:rejected`.
 * No packet can throw out of here: one bad packet never ends the process.
 */
import { type GroupRelation, decideAccess, eventPolicy } from '@respite/domain';
import {
  type ClientEventName, type ClientEventPayload, type ClientEventResults, type Response, clientEventSchemas,
  failure, isClientEventName, success,
} from '@respite/protocol';
import type { Logger } from '../logger';
import type { AccessService, GrantedAccess } from '../services/access.service';
import { ServiceError } from '../services/service-error';
import { RoomRefusedError } from '../services/room.service';
import { lostRights } from '../services/room-rights';
import type { Stores } from '../stores/stores';
import { toFailureAnswer } from '../services/failure-answer';
import type { EventObserver } from '../observability/hub-metrics';
import { type HubSocket, roomNames } from './socket-types';

export interface EventContext {
  socket: HubSocket;
  /** For session:join: the full resolution. For events in a joined room: the session, freshly read. */
  granted: GrantedAccess;
}

export type EventHandler<E extends ClientEventName> = (context: EventContext, payload: ClientEventPayload<E>) => Promise<ClientEventResults[E]>;
export type EventHandlers = { [E in ClientEventName]: EventHandler<E> };

const denialMessages = {
  unauthenticated: 'Please sign in to continue.',
  forbidden: 'You do not have access to this.',
  session_not_open: 'This session is not open for that right now.',
  session_closed: 'This session has ended and its messages have been erased.',
} as const;

export function createEventRouter(deps: { handlers: EventHandlers; access: AccessService; stores: Stores; logger: Logger; observer?: EventObserver }) {
  /**
   * Events inside a joined room: the join says only which membership this socket holds there; the
   * rights are read now. Durable (one script: account, session, group, membership, the sign-in)
   * and ephemeral (the room's refusals; skipped for a send, whose post script reads them) at once.
   * A socket that has not joined gets `forbidden` whether or not the session exists, before any
   * read: the same answer for both, so in-room events are no oracle of which session ids exist.
   */
  async function authorizeInRoom(socket: HubSocket, event: ClientEventName, sessionId: string): Promise<GrantedAccess> {
    const { accountId, tokenDigest } = socket.data;
    const member = socket.data.joined.get(sessionId);
    const [read, refused] = member
      ? await Promise.all([
        deps.stores.sessionAccess.read(sessionId, accountId, tokenDigest),
        event !== 'message:send' ? deps.stores.roomModeration.refusalOf(sessionId, { memberRef: member.memberRef, loginDigest: tokenDigest }) : null,
      ])
      : [null, null];
    const session = read?.session ?? null;
    if (!member || !read || !session || !socket.rooms.has(roomNames.session(sessionId))) {
      // A send buffered through the close learns why it was refused; nothing was stored. The entry
      // stays, so every later event of this socket for the closed session answers the same (a
      // second session:end included), until it leaves or disconnects.
      if (member && session?.state === 'closed') throw new ServiceError('session_closed', denialMessages.session_closed);
      socket.data.joined.delete(sessionId);
      throw new ServiceError('forbidden', 'Join the session first.');
    }
    const lost = refused ?? lostRights(read, { accountId, memberRef: member.memberRef });
    if (lost || !read.account || !read.membership) throw new RoomRefusedError(lost ?? 'left_group');
    const relation: GroupRelation = read.membership.role;
    const decision = decideAccess(eventPolicy[event], { roles: read.account.roles, relation, sessionState: session.state });
    if (!decision.allowed) throw new ServiceError(decision.reason, denialMessages[decision.reason]);
    return { account: read.account, relation, membership: read.membership, session, group: read.group };
  }

  /**
   * `support:request` from a socket that has not joined (the manual-admission waiting room, or a
   * page that is not in the room yet): resolved afresh as a join is (account, sign-in, membership,
   * session, the policy), and refused for a member the room refuses (removed, or rights revoked).
   */
  async function authorizeOutsideRoom(socket: HubSocket, event: ClientEventName, sessionId: string): Promise<GrantedAccess> {
    const granted = await deps.access.authorizeAccountId(eventPolicy[event], socket.data.accountId, { sessionId }, socket.data.tokenDigest);
    const refused = granted.membership
      ? await deps.stores.roomModeration.refusalOf(sessionId, { memberRef: granted.membership.memberRef, loginDigest: socket.data.tokenDigest })
      : null;
    if (refused) throw new ServiceError('forbidden', denialMessages.forbidden);
    return granted;
  }

  /** A person found without rights: answered first (above), then their socket ends, on this node at once. */
  function endRevoked(socket: HubSocket, error: RoomRefusedError): void {
    socket.emit('access:revoked', { reason: error.reason });
    socket.disconnect(true);
  }

  async function handle(socket: HubSocket, event: unknown, args: unknown[]): Promise<Response<unknown>> {
    if (!isClientEventName(event)) return failure('unknown_event', 'That request is not part of the Respite protocol.');
    if (args.length !== 1) return failure('bad_request', 'Send exactly one payload object.');
    const parsed = clientEventSchemas[event].safeParse(args[0]);
    if (!parsed.success) {
      return failure('bad_request', 'Some fields are not valid.', { fields: [...new Set(parsed.error.issues.map((issue) => issue.path.map(String).join('.') || '(payload)'))] });
    }
    const payload = parsed.data;
    // A join again from a socket already in the room: its rights there are checked first, so a
    // person who lost them is refused AND taken out (not merely refused the second join).
    if (event === 'session:join' && socket.data.joined.has(payload.sessionId) && socket.rooms.has(roomNames.session(payload.sessionId))) {
      await authorizeInRoom(socket, event, payload.sessionId);
    }
    // A join reads the account and the sign-in again with the session's records, so its roles are current.
    const granted = event === 'session:join'
      ? await deps.access.authorizeAccountId(eventPolicy[event], socket.data.accountId, { sessionId: payload.sessionId }, socket.data.tokenDigest)
      : event === 'support:request' && !socket.data.joined.has(payload.sessionId)
        ? await authorizeOutsideRoom(socket, event, payload.sessionId)
        : await authorizeInRoom(socket, event, payload.sessionId);
    const handler = deps.handlers[event] as EventHandler<ClientEventName>;
    return success(await handler({ socket, granted }, parsed.data as never));
  }

  return function attach(socket: HubSocket): void {
    socket.use((packet, _next) => {
      // Never call next(): no other listener sees a packet this router has not checked.
      const [event, ...args] = packet as unknown[];
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (response: Response<unknown>) => void) : null;
      const eventName = typeof event === 'string' ? event.slice(0, 64) : '(not a string)';
      const arrived = process.hrtime.bigint();
      let revoked: RoomRefusedError | null = null;
      handle(socket, event, args)
        .catch((error: unknown) => {
          if (error instanceof RoomRefusedError) revoked = error;
          return toFailureAnswer(error, deps.logger, `socket:${isClientEventName(event) ? event : 'unknown'}`);
        })
        .then((response) => {
          deps.observer?.answered(isClientEventName(event) ? event : 'unknown', Number(process.hrtime.bigint() - arrived) / 1e9, response.ok ? null : response.error.code);
          if (ack) ack(response);
          else if (!response.ok) socket.emit('request:rejected', { event: eventName, error: response.error });
          if (revoked) endRevoked(socket, revoked);
        })
        .catch((error: unknown) => deps.logger.error({ event: 'socket.reply_failed', err: error }, 'could not answer a socket event'));
    });
  };
}
