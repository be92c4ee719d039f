/** Member calendar feeds in the durable Redis: a hash per account and a digest → account lookup, replaced in one script. */
import type { Redis } from 'ioredis';
import type { MemberCalendarFeedRecord, MemberCalendarFeedStore } from '../member-calendar-feed.store';
import { LuaScript } from './lua-script';
import type { RedisKeys } from './redis-keys';

// KEYS: accountFeed, newLookup, oldLookup (or the new one again). ARGV: secretDigest, createdAt, showGroupNames, accountId
const replaceFeed = new LuaScript(`
local old = redis.call('HGET', KEYS[1], 'secretDigest')
if old and KEYS[3] ~= KEYS[2] then redis.call('DEL', KEYS[3]) end
redis.call('HSET', KEYS[1], 'secretDigest', ARGV[1], 'createdAt', ARGV[2], 'showGroupNames', ARGV[3])
redis.call('SET', KEYS[2], ARGV[4])
return 1`);

export class RedisMemberCalendarFeedStore implements MemberCalendarFeedStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys) {}

  async replace(accountId: string, feed: MemberCalendarFeedRecord): Promise<void> {
    // Read the old digest to name its lookup key; the script deletes it only if it is still the current one's.
    const old = (await this.feedOf(accountId))?.secretDigest ?? feed.secretDigest;
    await replaceFeed.run(this.redis,
      [this.keys.memberCalendarFeed(accountId), this.keys.memberCalendarFeedLookup(feed.secretDigest), this.keys.memberCalendarFeedLookup(old)],
      [feed.secretDigest, feed.createdAt, feed.showGroupNames ? '1' : '0', accountId]);
  }

  async feedOf(accountId: string): Promise<MemberCalendarFeedRecord | null> {
    const hash = await this.redis.hgetall(this.keys.memberCalendarFeed(accountId));
    return hash.secretDigest ? { secretDigest: hash.secretDigest, createdAt: Number(hash.createdAt), showGroupNames: hash.showGroupNames === '1' } : null;
  }

  async accountFor(secretDigest: string): Promise<string | null> {
    return this.redis.get(this.keys.memberCalendarFeedLookup(secretDigest));
  }

  async revoke(accountId: string): Promise<void> {
    const feed = await this.feedOf(accountId);
    const keys = [this.keys.memberCalendarFeed(accountId)];
    if (feed) keys.push(this.keys.memberCalendarFeedLookup(feed.secretDigest));
    await this.redis.del(...keys);
  }
}
