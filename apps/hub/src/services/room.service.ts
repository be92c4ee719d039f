/**
 * The live room: entering a session (with exactly the messages missed), sending, typing, leaving.
 * Never logs message text or aliases: log lines carry session ids and outcomes only.
 */
import type { SeatGate } from './seat.service';
import { type AccessRevokedReason, JOIN_HISTORY_MAX, type JoinedSessionView, type PresenceMemberView, type SentMessageView } from '@respite/protocol';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { GroupRecord, MembershipRecord } from '../stores/group.store';
import { EPHEMERAL_GRACE_MS, NODE_HEARTBEAT_TTL_MS } from '../stores/redis/redis-keys';
import type { SessionRecord } from '../stores/session.store';
import type { Stores } from '../stores/stores';
import type { LiveConnections } from './live-connections';
import { type RateLimiter, rateLimitedError } from './rate-limit-rules';
import type { AttendanceRecorder } from './sponsor-attendance';
import { sendGateRefusal } from './send-gate-refusal';
import { ServiceError } from './service-error';
import { toMessageView, toSessionView } from './view-mapping';

/** Who is in the room, as the room knows them: the per-group ref and alias, never the account. */
export interface RoomMember {
  sessionId: string;
  groupId: string;
  memberRef: string;
  alias: string;
  role: MembershipRecord['role'];
}

export function roomMemberOf(session: SessionRecord, membership: MembershipRecord): RoomMember {
  return { sessionId: session.id, groupId: session.groupId, memberRef: membership.memberRef, alias: membership.alias, role: membership.role };
}

function presenceOf(member: RoomMember): PresenceMemberView {
  return { memberRef: member.memberRef, alias: member.alias, role: member.role };
}

export const roomExpiry = (session: SessionRecord) => session.endsAt + EPHEMERAL_GRACE_MS;

/**
 * A person whose rights in the room were revoked (room-rights.ts): answered `unauthenticated` when
 * their sign-in ended, else `forbidden`, with the same words whatever else the reason. The event
 * router, having answered, ends the socket with `access:revoked` and the reason.
 */
export class RoomRefusedError extends ServiceError {
  constructor(readonly reason: AccessRevokedReason) {
    super(reason === 'signed_out' ? 'unauthenticated' : 'forbidden', reason === 'signed_out' ? 'Please sign in again.' : 'You no longer have access to this session.');
  }
}

export const roomRefusal = (reason: AccessRevokedReason) => new RoomRefusedError(reason);

export class RoomService {
  /** `attendance` hears a content-free "member entered" for sponsors' totals; optional so tests may omit it. */
  /** This hub node's id: presence entries carry it, so a dead node's entries can be told apart. */
  private readonly nodeId: string;

  constructor(private readonly deps: { stores: Stores; live: LiveConnections; rateLimiter: RateLimiter; logger: Logger; clock: Clock; attendance?: AttendanceRecorder; nodeId?: string; seats?: SeatGate }) {
    this.nodeId = deps.nodeId ?? 'node';
  }

  /** Keeps this node's presence entries alive; called every NODE_HEARTBEAT_MS. */
  async heartbeat(now: number): Promise<void> {
    await this.deps.stores.presence.heartbeat(this.nodeId, now + NODE_HEARTBEAT_TTL_MS);
  }

  private presenceKey(connectionId: string): string {
    return `${this.nodeId}/${connectionId}`;
  }

  /**
   * A place in the session before the connection may hear the room: a member needs a seat (held,
   * or a free one taken now); throws session_full when none is free. Facilitators always have one.
   */
  async claimPlace(input: { session: SessionRecord; membership: MembershipRecord; group: GroupRecord }): Promise<void> {
    await this.deps.seats?.admit(input);
  }

  /**
   * Call after claimPlace and after the connection has entered the broadcast room, so that no
   * message falls between the history read here and the broadcasts that follow (the client merges by id).
   */
  async join(input: { session: SessionRecord; membership: MembershipRecord; group: GroupRecord; connectionId: string; loginDigest: string; lastSeenId: string | null }): Promise<JoinedSessionView> {
    const { stores, live } = this.deps;
    const { session, membership, group, connectionId } = input;
    const member = roomMemberOf(session, membership);
    // The join's rate limit is counted by the entry itself, once the room is known open. The entry
    // first reads the room's refusals of this member and sign-in (room-rights.ts), in the same step.
    const entry = {
      sessionId: session.id, connectionId: this.presenceKey(connectionId), member: presenceOf(member), loginDigest: input.loginDigest, afterId: input.lastSeenId, limit: JOIN_HISTORY_MAX,
      expiresAt: roomExpiry(session), counter: this.deps.rateLimiter.counter('joinsPerAccount', membership.accountId),
    };
    let entered = await stores.roomEntry.enter(entry);
    // Closed: the ephemeral store lost the room (reopen it, telling the room), or it closed meanwhile.
    const historyReset = entered.status === 'closed' && (await this.reopenIfLost(session)) !== 'closed';
    if (historyReset) entered = await stores.roomEntry.enter(entry);
    if (entered.status === 'refused') throw roomRefusal(entered.reason);
    if (entered.status === 'rate_limited') throw rateLimitedError(entered.retryAfterMs);
    if (entered.status === 'closed') throw new ServiceError('session_closed', 'This session has ended and its messages have been erased.');
    await this.deps.attendance?.memberEntered({ group, accountId: membership.accountId, role: membership.role, sessionStartsAt: session.startsAt });
    const { messages, presence } = entered;
    // Everyone else in the room hears the new list; the joiner gets it in this answer.
    live.presenceUpdated(session.id, presence, connectionId);
    return {
      session: toSessionView(session), groupName: group.name, self: presenceOf(member),
      messages: messages.map((message) => toMessageView(session.id, message)), presence, historyReset,
    };
  }

  async send(input: { session: SessionRecord; member: RoomMember; loginDigest: string; clientId: string; text: string }): Promise<SentMessageView> {
    const { session, member, clientId, text } = input;
    const message = { clientKey: `${member.memberRef}:${clientId}`, authorRef: member.memberRef, alias: member.alias, role: member.role, text, clientId };
    // One step: the room's refusals of this member and sign-in (everyone, facilitators too), the
    // send gate (paused, muted, slow mode; facilitators pass), the member's message limit (counted
    // once the room is known open), the append.
    const post = {
      sessionId: session.id, message, expiresAt: roomExpiry(session), asker: { memberRef: member.memberRef, loginDigest: input.loginDigest },
      counter: this.deps.rateLimiter.counter('messagesPerMember', `${session.id}:${member.memberRef}`),
      gate: member.role === 'facilitator' ? null : { memberRef: member.memberRef, now: this.deps.clock.now() },
    };
    let outcome = await this.deps.stores.roomPost.post(post);
    // The session was open when this event was authorized; a missing room then means the ephemeral
    // store lost it, not that it closed. Reopen (telling the room), and store the message once
    // (the gate already passed, and took the slow-mode slot).
    if (outcome.status === 'closed' && (await this.reopenIfLost(session)) !== 'closed') {
      outcome = await this.deps.stores.roomPost.post({ ...post, gate: null });
    }
    if (outcome.status === 'refused') throw roomRefusal(outcome.reason);
    if (outcome.status === 'gated') throw sendGateRefusal(outcome.gate);
    if (outcome.status === 'rate_limited') throw rateLimitedError(outcome.retryAfterMs);
    if (outcome.status === 'closed') throw new ServiceError('session_closed', 'This session has ended, so the message was not sent. Nothing was kept.');
    if (outcome.status === 'stored') {
      this.deps.live.messagePosted({
        ...toMessageView(session.id, { id: outcome.id, authorRef: member.memberRef, alias: member.alias, role: member.role, text, clientId, sentAt: outcome.sentAt }),
        previousId: outcome.previousId,
      });
    }
    return { id: outcome.id, clientId, sentAt: new Date(outcome.sentAt).toISOString(), duplicate: outcome.status === 'duplicate' };
  }

  async typing(member: RoomMember, connectionId: string, typing: boolean): Promise<void> {
    await this.deps.rateLimiter.enforceLocally('typingPerConnection', connectionId);
    this.deps.live.typingChanged(member.sessionId, connectionId, { memberRef: member.memberRef, alias: member.alias, typing });
  }

  /**
   * The lifecycle opens a room when its session enters the lobby. A session the durable store holds
   * as open whose room is missing lost its history in the ephemeral store (a restart, an eviction):
   * reopen it and tell everyone, rather than show a silent partial history. Of the joins and sends
   * that find it lost at once, on any node, only the one whose open found it not open tells the room
   * (`reopened`); the others find it `open` again. `closed`: the session really is over (or not yet open).
   */
  private async reopenIfLost(session: SessionRecord): Promise<'reopened' | 'open' | 'closed'> {
    const { stores, live } = this.deps;
    if (await stores.messages.isRoomOpen(session.id)) return 'open';
    const current = await stores.sessions.get(session.id);
    if (!current || current.state === 'closed' || current.state === 'scheduled') return 'closed';
    if (!(await stores.messages.openRoom(session.id, roomExpiry(session)))) return 'open';
    live.historyReset(session.id);
    this.deps.logger.warn({ event: 'room.history_reset', sessionId: session.id }, 'ephemeral history of an open session was lost');
    return 'reopened';
  }

  async leave(sessionId: string, connectionId: string): Promise<void> {
    await this.deps.stores.presence.remove(sessionId, this.presenceKey(connectionId));
    this.deps.live.presenceUpdated(sessionId, await this.deps.stores.presence.list(sessionId));
  }
}
