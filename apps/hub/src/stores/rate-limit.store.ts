/** Fixed-window counters shared by every hub node. Keys are digests: no handle or address is stored. */
export interface RateLimitVerdict {
  allowed: boolean;
  retryAfterMs: number;
}

/**
 * One count of a rule, to be taken inside another store's atomic step (a join's room entry, a
 * send's append), so a limited action costs no round trip of its own. RateLimiter.counter makes it.
 */
export interface CountedHit {
  key: string;
  limit: number;
  windowMs: number;
}

export interface RateLimitStore {
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitVerdict>;
}
