/**
 * Posting a message in a live room (ephemeral), as one step: the asker's refusal (removed, or their
 * membership or sign-in revoked: room-moderation.store's RoomAsker), the member's send gate (paused,
 * muted, slow mode; facilitators pass without it), the open check, the member's message limit
 * (retries of a client id count too), and the append.
 * Nothing is stored when the gate or the limit refuses. The Redis store does it in one script; the
 * memory store composes the other stores.
 */
import type { AppendOutcome, MessageStore, NewMessage } from './message.store';
import type { CountedHit, RateLimitStore } from './rate-limit.store';
import type { AccessRevokedReason } from '@respite/protocol';
import type { RoomAsker, RoomModerationStore, SendGate } from './room-moderation.store';

export interface RoomPostRequest {
  sessionId: string;
  message: NewMessage;
  expiresAt: number;
  counter: CountedHit | null;
  /** Who sends: refused (for everyone, facilitators too) when the room holds a refusal of them. */
  asker: RoomAsker;
  /** The member the send gate checks, at `now`; null: no gate (a facilitator). */
  gate: { memberRef: string; now: number } | null;
}

export type RoomPost =
  | AppendOutcome
  /** The asker's rights were revoked in this room: nothing stored. */
  | { status: 'refused'; reason: AccessRevokedReason }
  /** The counter was over its limit: nothing stored. */
  | { status: 'rate_limited'; retryAfterMs: number }
  | { status: 'gated'; gate: Exclude<SendGate, { verdict: 'allowed' }> };

export interface RoomPostStore {
  post(request: RoomPostRequest): Promise<RoomPost>;
}

/** The post as separate calls on the other stores: for the memory stores, where one step costs nothing. */
export class ComposedRoomPostStore implements RoomPostStore {
  constructor(private readonly stores: { messages: MessageStore; roomModeration: RoomModerationStore; rateLimits: RateLimitStore }) {}

  async post(request: RoomPostRequest): Promise<RoomPost> {
    const { messages, roomModeration, rateLimits } = this.stores;
    const { sessionId, message, expiresAt, counter, gate } = request;
    const refused = await roomModeration.refusalOf(sessionId, request.asker);
    if (refused) return { status: 'refused', reason: refused };
    if (gate) {
      const verdict = await roomModeration.sendGate(sessionId, gate.memberRef, gate.now, expiresAt);
      if (verdict.verdict !== 'allowed') return { status: 'gated', gate: verdict };
    }
    if (!(await messages.isRoomOpen(sessionId))) return { status: 'closed' };
    if (counter) {
      const verdict = await rateLimits.hit(counter.key, counter.limit, counter.windowMs);
      if (!verdict.allowed) return { status: 'rate_limited', retryAfterMs: verdict.retryAfterMs };
    }
    return messages.append(sessionId, message, expiresAt);
  }
}
