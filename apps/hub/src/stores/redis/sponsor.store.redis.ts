/** Sponsors, invite codes and seats in the durable Redis. Redemption is one atomic script. */
import type { Redis } from 'ioredis';
import type { InviteRecord, RedeemOutcome, SeatRecord, SponsorRecord, SponsorStore } from '../sponsor.store';
import { LuaScript } from './lua-script';
import type { RedisKeys } from './redis-keys';

// KEYS: invite, accountSeats. ARGV: now
const redeem = new LuaScript(`
local fields = redis.call('HMGET', KEYS[1], 'status', 'expiresAt', 'seats', 'seatsUsed', 'sponsorId', 'groupIds')
if not fields[1] or fields[1] ~= 'active' or tonumber(fields[2]) <= tonumber(ARGV[1]) then return 'invalid' end
local held = redis.call('HGET', KEYS[2], fields[5])
if held then
  local merged = {}
  local seen = {}
  for _, id in ipairs(cjson.decode(held)) do if not seen[id] then seen[id] = true; table.insert(merged, id) end end
  for _, id in ipairs(cjson.decode(fields[6])) do if not seen[id] then seen[id] = true; table.insert(merged, id) end end
  redis.call('HSET', KEYS[2], fields[5], cjson.encode(merged))
  return 'already_holds'
end
if tonumber(fields[4]) >= tonumber(fields[3]) then return 'invalid' end
redis.call('HINCRBY', KEYS[1], 'seatsUsed', 1)
redis.call('HSET', KEYS[2], fields[5], fields[6])
return 'redeemed'`);

export class RedisSponsorStore implements SponsorStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys) {}

  async saveSponsor(sponsor: SponsorRecord): Promise<void> {
    await this.redis.set(this.keys.sponsor(sponsor.id), JSON.stringify(sponsor));
  }

  async getSponsor(sponsorId: string): Promise<SponsorRecord | null> {
    const raw = await this.redis.get(this.keys.sponsor(sponsorId));
    return raw ? (JSON.parse(raw) as SponsorRecord) : null;
  }

  async saveInvite(invite: InviteRecord): Promise<void> {
    await this.redis.hset(this.keys.invite(invite.code), {
      code: invite.code, sponsorId: invite.sponsorId, seats: invite.seats, seatsUsed: invite.seatsUsed,
      expiresAt: invite.expiresAt, groupIds: JSON.stringify(invite.groupIds), status: invite.status, createdAt: invite.createdAt,
    });
  }

  async getInvite(code: string): Promise<InviteRecord | null> {
    const hash = await this.redis.hgetall(this.keys.invite(code));
    if (!hash.code) return null;
    return {
      code: hash.code, sponsorId: hash.sponsorId ?? '', seats: Number(hash.seats), seatsUsed: Number(hash.seatsUsed),
      expiresAt: Number(hash.expiresAt), groupIds: JSON.parse(hash.groupIds ?? '[]'),
      status: hash.status as InviteRecord['status'], createdAt: Number(hash.createdAt),
    };
  }

  async redeem(code: string, accountId: string, now: number): Promise<RedeemOutcome> {
    return redeem.run(this.redis, [this.keys.invite(code), this.keys.accountSeats(accountId)], [now]);
  }

  async seatsOf(accountId: string): Promise<SeatRecord[]> {
    const hash = await this.redis.hgetall(this.keys.accountSeats(accountId));
    return Object.entries(hash).map(([sponsorId, groupIds]) => ({ sponsorId, groupIds: toArray(JSON.parse(groupIds)) }));
  }

  async releaseSeats(accountId: string): Promise<void> {
    await this.redis.del(this.keys.accountSeats(accountId));
  }
}

/** Lua's cjson encodes an empty array as an empty object. */
function toArray(value: unknown): string[] {
  return Array.isArray(value) ? (value as string[]) : [];
}
