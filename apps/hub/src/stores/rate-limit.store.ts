/** Fixed-window counters shared by every hub node. Keys are digests: no handle or address is stored. */
export interface RateLimitVerdict {
  allowed: boolean;
  retryAfterMs: number;
}

export interface RateLimitStore {
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitVerdict>;
}
