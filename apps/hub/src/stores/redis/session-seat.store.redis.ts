/**
 * Session seats in the durable Redis: a set of seated member refs and a waitlist ordered by arrival
 * (a sorted set scored by a running number). Every change is one Lua script, so a race for the last
 * seat has one winner and a freed seat goes to one waiting member. Both keys expire with the session.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../../clock';
import type { SeatStatus, SessionSeatStore } from '../session-seat.store';
import { LuaScript } from './lua-script';
import type { RedisKeys } from './redis-keys';
import { millisecondsUntil } from './relative-expiry';

// KEYS: seats, waitlist. ARGV: memberRef, capacity, ttlMs
const reserve = new LuaScript(`
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return {'seated', 0} end
local rank = redis.call('ZRANK', KEYS[2], ARGV[1])
if rank then return {'waitlisted', rank + 1} end
if redis.call('SCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('SADD', KEYS[1], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {'seated', 0}
end
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
local score = 1
if last[2] then score = tonumber(last[2]) + 1 end
redis.call('ZADD', KEYS[2], score, ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return {'waitlisted', redis.call('ZRANK', KEYS[2], ARGV[1]) + 1}`);

// KEYS: seats, waitlist. ARGV: memberRef, capacity
const release = new LuaScript(`
local wasSeated = redis.call('SREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if wasSeated == 1 and redis.call('SCARD', KEYS[1]) < tonumber(ARGV[2]) then
  local head = redis.call('ZRANGE', KEYS[2], 0, 0)
  if head[1] then
    redis.call('ZREM', KEYS[2], head[1])
    redis.call('SADD', KEYS[1], head[1])
    return head[1]
  end
end
return false`);

// KEYS: seats, waitlist. ARGV: memberRef, capacity, ttlMs
const claimForEntry = new LuaScript(`
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1`);

export class RedisSessionSeatStore implements SessionSeatStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, private readonly clock: Clock) {}

  private pair(sessionId: string): string[] {
    return [this.keys.sessionSeats(sessionId), this.keys.sessionWaitlist(sessionId)];
  }

  async reserve(sessionId: string, memberRef: string, capacity: number, expiresAt: number): Promise<SeatStatus> {
    const [status, position] = await reserve.run<[string, number]>(this.redis, this.pair(sessionId), [memberRef, capacity, millisecondsUntil(this.clock, expiresAt)]);
    return status === 'seated' ? { status: 'seated' } : { status: 'waitlisted', position };
  }

  async release(sessionId: string, memberRef: string, capacity: number): Promise<{ promoted: string | null }> {
    const promoted = await release.run<string | null>(this.redis, this.pair(sessionId), [memberRef, capacity]);
    return { promoted: promoted || null };
  }

  async claimForEntry(sessionId: string, memberRef: string, capacity: number, expiresAt: number): Promise<boolean> {
    return (await claimForEntry.run<number>(this.redis, this.pair(sessionId), [memberRef, capacity, millisecondsUntil(this.clock, expiresAt)])) === 1;
  }

  async status(sessionId: string, memberRef: string): Promise<SeatStatus> {
    const [seated, rank] = await Promise.all([
      this.redis.sismember(this.keys.sessionSeats(sessionId), memberRef),
      this.redis.zrank(this.keys.sessionWaitlist(sessionId), memberRef),
    ]);
    if (seated === 1) return { status: 'seated' };
    return rank === null ? { status: 'none' } : { status: 'waitlisted', position: rank + 1 };
  }

  async counts(sessionId: string): Promise<{ seated: number; waiting: number }> {
    const [seated, waiting] = await Promise.all([this.redis.scard(this.keys.sessionSeats(sessionId)), this.redis.zcard(this.keys.sessionWaitlist(sessionId))]);
    return { seated, waiting };
  }

  async eraseSession(sessionId: string): Promise<void> {
    await this.redis.del(this.keys.sessionSeats(sessionId), this.keys.sessionWaitlist(sessionId));
  }
}
