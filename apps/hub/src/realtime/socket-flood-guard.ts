/**
 * A budget on every event packet one connection sends, whatever the event: a token bucket kept in
 * this process's memory only (nothing about the connection or its address reaches Redis). It runs
 * before the event router, so a packet over budget never reaches a schema, a store or a handler:
 * an acked event is answered `rate_limited` with `retryAfterMs`, an unacked one is dropped. A
 * connection that keeps sending far over budget is disconnected.
 *
 * The per-member limits (rate-limit-rules.ts) still decide how many messages, reports, joins... a
 * member may make; this guard only bounds the packets one socket may make the hub look at, which
 * also covers events those limits do not count (reads like `room:get-moderation`, invalid payloads,
 * unknown events).
 *
 * It runs on every packet: no allocation unless a packet is refused, never logs a payload.
 */
import { failure } from '@respite/protocol';
import type { HubSocket } from './socket-types';

export interface FloodBudget {
  /** Packets a connection may send at once after a quiet spell. */
  burst: number;
  /** Packets per second added back, up to `burst`. */
  refillPerSecond: number;
  /** Refused packets within one `strikeWindowMs` that end the connection. */
  maxRefusedPerWindow: number;
  strikeWindowMs: number;
}

/**
 * A real member sends about one message a second at most (messages-member allows 20 in 20 s),
 * one typing signal per 3 s (the web client's throttle), a join per room on reconnect, and a
 * facilitator a click's worth of moderation events. After a reconnect the client flushes what it
 * buffered while offline, in one go: 60 covers that with room to spare, and 20 a second is about
 * ten times anything a person produces. Refusing 200 packets within 10 s means sending about three
 * times the budget for five seconds, or a burst of 260 at once: no client of ours does either.
 */
export const defaultFloodBudget: FloodBudget = { burst: 60, refillPerSecond: 20, maxRefusedPerWindow: 200, strikeWindowMs: 10_000 };

/** Why a connection was ended, for the log and the metrics: a closed list. */
export type GuardCutReason = 'flood' | 'slow_reader';

/** What the guards report to the metrics: a packet refused over budget, or a connection cut. */
export type SocketGuardAction = 'refused' | GuardCutReason;

interface BucketState {
  tokens: number;
  refilledAt: number;
  refused: number;
  strikeWindowStartedAt: number;
  cut: boolean;
}

export function guardAgainstFloods(socket: HubSocket, options: { budget?: FloodBudget; onRefused?: () => void; onCut: (reason: GuardCutReason, refused: number) => void; now?: () => number }): void {
  const budget = options.budget ?? defaultFloodBudget;
  const now = options.now ?? Date.now;
  const refillPerMs = budget.refillPerSecond / 1000;
  const state: BucketState = { tokens: budget.burst, refilledAt: now(), refused: 0, strikeWindowStartedAt: 0, cut: false };

  socket.use((packet, next) => {
    const at = now();
    state.tokens = Math.min(budget.burst, state.tokens + (at - state.refilledAt) * refillPerMs);
    state.refilledAt = at;
    if (state.tokens >= 1) {
      state.tokens -= 1;
      next();
      return;
    }
    // Over budget: never call next(), so the event router (the next middleware) does not see it.
    if (at - state.strikeWindowStartedAt > budget.strikeWindowMs) {
      state.strikeWindowStartedAt = at;
      state.refused = 0;
    }
    state.refused += 1;
    options.onRefused?.();
    if (state.refused > budget.maxRefusedPerWindow) {
      if (!state.cut) {
        state.cut = true;
        options.onCut('flood', state.refused);
        socket.disconnect(true);
      }
      return;
    }
    const ack: unknown = packet[packet.length - 1];
    if (typeof ack === 'function') {
      const retryAfterMs = Math.ceil((1 - state.tokens) / refillPerMs);
      (ack as (answer: unknown) => void)(failure('rate_limited', 'Too many requests from this connection. Please wait a moment and try again.', { retryAfterMs }));
    }
  });
}
