/** Fixed-window counters in the ephemeral Redis, shared by every hub node. */
import type { Redis } from 'ioredis';
import type { RateLimitStore, RateLimitVerdict } from '../rate-limit.store';
import { LuaScript } from './lua-script';
import type { RedisKeys } from './redis-keys';

/** Exported so the benchmark's bare+redis baseline runs exactly this script. */
export const hit = new LuaScript(`
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`);

export class RedisRateLimitStore implements RateLimitStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitVerdict> {
    const [count, ttl] = await hit.run<[number, number]>(this.redis, [this.keys.rateLimit(key)], [windowMs]);
    return count <= limit ? { allowed: true, retryAfterMs: 0 } : { allowed: false, retryAfterMs: Math.max(ttl, 0) };
  }
}
