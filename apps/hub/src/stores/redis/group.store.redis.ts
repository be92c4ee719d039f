/** Groups and memberships in the durable Redis. Alias uniqueness is enforced atomically in Lua. */
import type { Redis } from 'ioredis';
import type { GroupRecord, GroupStore, MembershipRecord } from '../group.store';
import { LuaScript } from './lua-script';
import type { RedisKeys } from './redis-keys';

// KEYS: members, aliases, accountGroups. ARGV: accountId, aliasKey, membershipJson, groupId
const addMembership = new LuaScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'already_member' end
if redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[1]) == 0 then return 'alias_taken' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('SADD', KEYS[3], ARGV[4])
return 'added'`);

// KEYS: members, aliases. ARGV: accountId, alias, aliasKey
const changeAlias = new LuaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 'not_member' end
local owner = redis.call('HGET', KEYS[2], ARGV[3])
if owner and owner ~= ARGV[1] then return 'alias_taken' end
local membership = cjson.decode(raw)
redis.call('HDEL', KEYS[2], membership.aliasKey)
redis.call('HSET', KEYS[2], ARGV[3], ARGV[1])
membership.alias = ARGV[2]
membership.aliasKey = ARGV[3]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(membership))
return 'changed'`);

// KEYS: members, aliases, accountGroups. ARGV: accountId, groupId
const removeMembership = new LuaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then
  local membership = cjson.decode(raw)
  if redis.call('HGET', KEYS[2], membership.aliasKey) == ARGV[1] then redis.call('HDEL', KEYS[2], membership.aliasKey) end
  redis.call('HDEL', KEYS[1], ARGV[1])
end
redis.call('SREM', KEYS[3], ARGV[2])
return 1`);

// KEYS: members. ARGV: accountId, status
const setMembershipStatus = new LuaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local membership = cjson.decode(raw)
membership.status = ARGV[2]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(membership))
return 1`);

export function parseMembership(raw: string | null): MembershipRecord | null {
  if (!raw) return null;
  const membership = JSON.parse(raw) as MembershipRecord;
  // cjson writes null as a JSON null, and may write an empty array as {}: normalise both.
  return { ...membership, normsAcceptedAt: membership.normsAcceptedAt ?? null };
}

export class RedisGroupStore implements GroupStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys) {}

  async saveGroup(group: GroupRecord): Promise<void> {
    await this.redis.multi().set(this.keys.group(group.id), JSON.stringify(group)).sadd(this.keys.groups(), group.id).exec();
  }

  async getGroup(groupId: string): Promise<GroupRecord | null> {
    const raw = await this.redis.get(this.keys.group(groupId));
    return raw ? (JSON.parse(raw) as GroupRecord) : null;
  }

  async listGroupIds(): Promise<string[]> {
    return this.redis.smembers(this.keys.groups());
  }

  async addMembership(membership: MembershipRecord): Promise<'added' | 'alias_taken' | 'already_member'> {
    return addMembership.run(
      this.redis,
      [this.keys.groupMembers(membership.groupId), this.keys.groupAliases(membership.groupId), this.keys.accountGroups(membership.accountId)],
      [membership.accountId, membership.aliasKey, JSON.stringify(membership), membership.groupId],
    );
  }

  async getMembership(groupId: string, accountId: string): Promise<MembershipRecord | null> {
    return parseMembership(await this.redis.hget(this.keys.groupMembers(groupId), accountId));
  }

  async changeAlias(groupId: string, accountId: string, alias: string, aliasKey: string): Promise<'changed' | 'alias_taken' | 'not_member'> {
    return changeAlias.run(this.redis, [this.keys.groupMembers(groupId), this.keys.groupAliases(groupId)], [accountId, alias, aliasKey]);
  }

  async removeMembership(groupId: string, accountId: string): Promise<void> {
    await removeMembership.run(
      this.redis,
      [this.keys.groupMembers(groupId), this.keys.groupAliases(groupId), this.keys.accountGroups(accountId)],
      [accountId, groupId],
    );
  }

  async setMembershipStatus(groupId: string, accountId: string, status: MembershipRecord['status']): Promise<boolean> {
    return (await setMembershipStatus.run<number>(this.redis, [this.keys.groupMembers(groupId)], [accountId, status])) === 1;
  }

  async membershipByRef(groupId: string, memberRef: string): Promise<MembershipRecord | null> {
    // Groups hold a dozen or so members: reading them all is cheaper than keeping a second index.
    for (const raw of await this.redis.hvals(this.keys.groupMembers(groupId))) {
      const membership = parseMembership(raw);
      if (membership?.memberRef === memberRef) return membership;
    }
    return null;
  }

  async groupIdsOf(accountId: string): Promise<string[]> {
    return this.redis.smembers(this.keys.accountGroups(accountId));
  }

  async memberAccountIds(groupId: string): Promise<string[]> {
    return this.redis.hkeys(this.keys.groupMembers(groupId));
  }
}
