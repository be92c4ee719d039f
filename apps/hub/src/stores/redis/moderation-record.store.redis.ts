/**
 * The moderation record in the durable Redis: one sorted set per group, scored by time. Each
 * append trims entries past the retention and moves the key's expiry to the retention after it
 * (a relative expiry, in Redis's own time: the backstop); the daily retention run prunes groups
 * with no new entry by the hub's clock.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from '../../clock';
import type { ModerationRecordEntry, ModerationRecordStore } from '../moderation-record.store';
import type { RedisKeys } from './redis-keys';
import { millisecondsUntil } from './relative-expiry';

export class RedisModerationRecordStore implements ModerationRecordStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, private readonly clock: Clock) {}

  async append(groupId: string, entry: ModerationRecordEntry, retentionMs: number): Promise<void> {
    const key = this.keys.moderationRecord(groupId);
    // A random tag keeps two identical entries in the same millisecond apart in the set.
    const member = JSON.stringify({ ...entry, tag: randomBytes(4).toString('hex') });
    await this.redis.multi()
      .zadd(key, entry.at, member)
      .zremrangebyscore(key, '-inf', entry.at - retentionMs)
      .pexpire(key, millisecondsUntil(this.clock, entry.at + retentionMs))
      .exec();
  }

  async prune(groupId: string, before: number): Promise<void> {
    await this.redis.zremrangebyscore(this.keys.moderationRecord(groupId), '-inf', before);
  }

  async list(groupId: string, now: number, retentionMs: number): Promise<ModerationRecordEntry[]> {
    const raw = await this.redis.zrangebyscore(this.keys.moderationRecord(groupId), `(${now - retentionMs}`, '+inf');
    return raw.map((item) => {
      const { tag: _tag, ...entry } = JSON.parse(item) as ModerationRecordEntry & { tag: string };
      return entry;
    });
  }
}
