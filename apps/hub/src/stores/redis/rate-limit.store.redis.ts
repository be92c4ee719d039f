/** Fixed-window counters in the ephemeral Redis, shared by every hub node. */
import type { Redis } from 'ioredis';
import type { RateLimitStore, RateLimitVerdict } from '../rate-limit.store';
import { LuaScript } from './lua-script';
import type { RedisKeys } from './redis-keys';

/**
 * One fixed-window count as Lua functions, for the scripts that take a CountedHit inside their own
 * step (room entry, room post): countHit answers the count and the window's remaining milliseconds;
 * overLimit counts (unless its limit is '', not counted) and answers the wait when over, else nil.
 */
export const countHitLua = `
local function countHit(key, windowMs)
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, windowMs) end
  return count, redis.call('PTTL', key)
end
local function overLimit(key, limitArg, windowMs)
  if limitArg == '' then return nil end
  local count, ttl = countHit(key, windowMs)
  if count > tonumber(limitArg) then return ttl end
  return nil
end`;

// KEYS: counter. ARGV: windowMs.
const hit = new LuaScript(`${countHitLua}
local count, ttl = countHit(KEYS[1], ARGV[1])
return {count, ttl}`);

export class RedisRateLimitStore implements RateLimitStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitVerdict> {
    const [count, ttl] = await hit.run<[number, number]>(this.redis, [this.keys.rateLimit(key)], [windowMs]);
    return count <= limit ? { allowed: true, retryAfterMs: 0 } : { allowed: false, retryAfterMs: Math.max(ttl, 0) };
  }
}
