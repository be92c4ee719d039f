/**
 * Sponsors, invite codes and seats in the durable Redis. Redemption and giving up a seat are
 * atomic scripts that keep the per-sponsor seats-in-use counter exact. Attendance is a
 * HyperLogLog per (sponsor, group, month): it answers a count and holds no readable list.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../../clock';
import type { CalendarFeedRecord, InviteRecord, RedeemOutcome, SeatRecord, SponsorRecord, SponsorStore } from '../sponsor.store';
import { LuaScript } from './lua-script';
import type { RedisKeys } from './redis-keys';
import { millisecondsUntil } from './relative-expiry';

// KEYS: invite, accountSeats, sponsorSeatsInUse. ARGV: now
const redeem = new LuaScript(`
local fields = redis.call('HMGET', KEYS[1], 'status', 'expiresAt', 'seats', 'seatsUsed', 'sponsorId', 'groupIds')
if not fields[1] or fields[1] ~= 'active' or tonumber(fields[2]) <= tonumber(ARGV[1]) then return 'invalid' end
-- A full code admits nobody, not even a holder of another of the sponsor's seats.
if tonumber(fields[4]) >= tonumber(fields[3]) then return 'invalid' end
local held = redis.call('HGET', KEYS[2], fields[5])
if held then
  local merged = {}
  local seen = {}
  for _, id in ipairs(cjson.decode(held)) do if not seen[id] then seen[id] = true; table.insert(merged, id) end end
  for _, id in ipairs(cjson.decode(fields[6])) do if not seen[id] then seen[id] = true; table.insert(merged, id) end end
  redis.call('HSET', KEYS[2], fields[5], cjson.encode(merged))
  return 'already_holds'
end
redis.call('HINCRBY', KEYS[1], 'seatsUsed', 1)
redis.call('HSET', KEYS[2], fields[5], fields[6])
redis.call('INCR', KEYS[3])
return 'redeemed'`);

// KEYS: accountSeats, then one seats-in-use counter per sponsor. ARGV: the sponsor ids, in the same order.
const releaseSeatsOf = new LuaScript(`
local released = 0
for index, sponsorId in ipairs(ARGV) do
  if redis.call('HDEL', KEYS[1], sponsorId) == 1 then
    local left = redis.call('DECR', KEYS[index + 1])
    if left < 0 then redis.call('SET', KEYS[index + 1], 0) end
    released = released + 1
  end
end
return released`);

// KEYS: sponsorCalendarFeed, newFeedIndex. ARGV: secretDigest, createdAt, sponsorId, keyPrefixOfFeedIndex
const replaceCalendarFeed = new LuaScript(`
local old = redis.call('HGET', KEYS[1], 'secretDigest')
if old then redis.call('DEL', ARGV[4] .. old) end
redis.call('HSET', KEYS[1], 'secretDigest', ARGV[1], 'createdAt', ARGV[2])
redis.call('SET', KEYS[2], ARGV[3])
return 1`);

export class RedisSponsorStore implements SponsorStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, private readonly clock: Clock) {}

  async saveSponsor(sponsor: SponsorRecord): Promise<void> {
    await this.redis.set(this.keys.sponsor(sponsor.id), JSON.stringify(sponsor));
  }

  async getSponsor(sponsorId: string): Promise<SponsorRecord | null> {
    const raw = await this.redis.get(this.keys.sponsor(sponsorId));
    return raw ? (JSON.parse(raw) as SponsorRecord) : null;
  }

  async saveInvite(invite: InviteRecord): Promise<void> {
    await this.redis.sadd(this.keys.sponsorInvites(invite.sponsorId), invite.code);
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
      expiresAt: Number(hash.expiresAt), groupIds: JSON.parse(hash.groupIds ?? '[]') as InviteRecord['groupIds'],
      status: hash.status as InviteRecord['status'], createdAt: Number(hash.createdAt),
    };
  }

  async redeem(code: string, accountId: string, now: number): Promise<RedeemOutcome> {
    // A code's sponsor never changes, so reading it first names the counter key for the script.
    const sponsorId = await this.redis.hget(this.keys.invite(code), 'sponsorId');
    if (!sponsorId) return 'invalid';
    return redeem.run(this.redis, [this.keys.invite(code), this.keys.accountSeats(accountId), this.keys.sponsorSeatsInUse(sponsorId)], [now]);
  }

  async seatsOf(accountId: string): Promise<SeatRecord[]> {
    const hash = await this.redis.hgetall(this.keys.accountSeats(accountId));
    return Object.entries(hash).map(([sponsorId, groupIds]) => ({ sponsorId, groupIds: toArray(JSON.parse(groupIds)) }));
  }

  async releaseSeats(accountId: string): Promise<void> {
    const sponsorIds = await this.redis.hkeys(this.keys.accountSeats(accountId));
    if (sponsorIds.length > 0) {
      await releaseSeatsOf.run(this.redis, [this.keys.accountSeats(accountId), ...sponsorIds.map((id) => this.keys.sponsorSeatsInUse(id))], sponsorIds);
    }
    await this.redis.del(this.keys.accountSeats(accountId));
  }

  async releaseSeat(accountId: string, sponsorId: string): Promise<boolean> {
    const released = await releaseSeatsOf.run(this.redis, [this.keys.accountSeats(accountId), this.keys.sponsorSeatsInUse(sponsorId)], [sponsorId]);
    return Number(released) === 1;
  }

  async seatsInUse(sponsorId: string): Promise<number> {
    return Number((await this.redis.get(this.keys.sponsorSeatsInUse(sponsorId))) ?? 0);
  }

  async listInviteCodes(sponsorId: string): Promise<string[]> {
    return (await this.redis.smembers(this.keys.sponsorInvites(sponsorId))).sort();
  }

  async deleteInvite(code: string): Promise<void> {
    const sponsorId = await this.redis.hget(this.keys.invite(code), 'sponsorId');
    const pipeline = this.redis.multi().del(this.keys.invite(code));
    if (sponsorId) pipeline.srem(this.keys.sponsorInvites(sponsorId), code);
    await pipeline.exec();
  }

  async setInviteStatus(code: string, status: InviteRecord['status']): Promise<boolean> {
    if (!(await this.redis.exists(this.keys.invite(code)))) return false;
    await this.redis.hset(this.keys.invite(code), 'status', status);
    return true;
  }

  async setAdmin(accountId: string, sponsorId: string): Promise<void> {
    await this.redis.set(this.keys.accountSponsorAdmin(accountId), sponsorId);
  }

  async adminSponsorOf(accountId: string): Promise<string | null> {
    return this.redis.get(this.keys.accountSponsorAdmin(accountId));
  }

  async removeAdmin(accountId: string): Promise<void> {
    await this.redis.del(this.keys.accountSponsorAdmin(accountId));
  }

  async setCalendarFeed(sponsorId: string, feed: CalendarFeedRecord): Promise<void> {
    const indexPrefix = this.keys.calendarFeed('');
    await replaceCalendarFeed.run(this.redis, [this.keys.sponsorCalendarFeed(sponsorId), this.keys.calendarFeed(feed.secretDigest)],
      [feed.secretDigest, feed.createdAt, sponsorId, indexPrefix]);
  }

  async calendarFeedOf(sponsorId: string): Promise<CalendarFeedRecord | null> {
    const hash = await this.redis.hgetall(this.keys.sponsorCalendarFeed(sponsorId));
    return hash.secretDigest ? { secretDigest: hash.secretDigest, createdAt: Number(hash.createdAt) } : null;
  }

  async sponsorForCalendarFeed(secretDigest: string): Promise<string | null> {
    return this.redis.get(this.keys.calendarFeed(secretDigest));
  }

  async recordAttendance(sponsorId: string, groupId: string, month: string, memberDigest: string, expiresAt: number): Promise<void> {
    const key = this.keys.sponsorAttendance(sponsorId, groupId, month);
    await this.redis.multi().pfadd(key, memberDigest).pexpire(key, millisecondsUntil(this.clock, expiresAt)).exec();
  }

  async attendanceCount(sponsorId: string, groupId: string, month: string): Promise<number> {
    return this.redis.pfcount(this.keys.sponsorAttendance(sponsorId, groupId, month));
  }
}

/** Lua's cjson encodes an empty array as an empty object. */
function toArray(value: unknown): string[] {
  return Array.isArray(value) ? (value as string[]) : [];
}
