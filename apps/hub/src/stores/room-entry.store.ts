/**
 * Entering a live room (ephemeral): the few reads and writes of a join, as one step. A refused
 * asker (removed, or their membership or sign-in revoked) is turned away first, with nothing
 * written: a join cannot slip in after a revocation wrote its refusal. On an open room it records the connection's presence and that the member entered (the flag a lock reads),
 * and answers the messages the member missed and who is present. A room that is not open is left
 * untouched; a join over its limit (the request's counter, counted once the room is known open)
 * writes nothing more. The Redis store does it in one script; the memory store composes the other stores.
 */
import type { PresenceMemberView } from '@respite/protocol';
import type { MessageStore, StoredMessage } from './message.store';
import type { PresenceStore } from './presence.store';
import type { CountedHit, RateLimitStore } from './rate-limit.store';
import type { AccessRevokedReason } from '@respite/protocol';
import type { RoomAsker, RoomModerationStore } from './room-moderation.store';

export interface RoomEntryRequest {
  sessionId: string;
  /** `<nodeId>/<socketId>`, as presence keys it. */
  connectionId: string;
  member: PresenceMemberView;
  /** The sign-in that joins: the refusal read checks it with the member's ref. */
  loginDigest: string;
  /** The last message the member has: they get every one after it; null for the latest `limit`. */
  afterId: string | null;
  limit: number;
  expiresAt: number;
  /** The join's rate limit, counted in the same step (null: not counted). */
  counter: CountedHit | null;
}

export type RoomEntry =
  | { status: 'closed' }
  | { status: 'refused'; reason: AccessRevokedReason }
  | { status: 'rate_limited'; retryAfterMs: number }
  | { status: 'entered'; messages: StoredMessage[]; presence: PresenceMemberView[] };

export interface RoomEntryStore {
  enter(request: RoomEntryRequest): Promise<RoomEntry>;
}

/** The entry as separate calls on the other stores: for the memory stores, where one step costs nothing. */
export class ComposedRoomEntryStore implements RoomEntryStore {
  constructor(private readonly stores: { messages: MessageStore; presence: PresenceStore; roomModeration: RoomModerationStore; rateLimits: RateLimitStore }) {}

  async enter(request: RoomEntryRequest): Promise<RoomEntry> {
    const { messages, presence, roomModeration, rateLimits } = this.stores;
    const { sessionId, connectionId, member, expiresAt, counter } = request;
    const asker: RoomAsker = { memberRef: member.memberRef, loginDigest: request.loginDigest };
    const refused = await roomModeration.refusalOf(sessionId, asker);
    if (refused) return { status: 'refused', reason: refused };
    if (!(await messages.isRoomOpen(sessionId))) return { status: 'closed' };
    if (counter) {
      const verdict = await rateLimits.hit(counter.key, counter.limit, counter.windowMs);
      if (!verdict.allowed) return { status: 'rate_limited', retryAfterMs: verdict.retryAfterMs };
    }
    await presence.add(sessionId, connectionId, member, expiresAt);
    await roomModeration.setFlag(sessionId, 'entered', member.memberRef, true, expiresAt);
    return {
      status: 'entered',
      messages: await messages.readAfter(sessionId, request.afterId, request.limit),
      presence: await presence.list(sessionId),
    };
  }
}
