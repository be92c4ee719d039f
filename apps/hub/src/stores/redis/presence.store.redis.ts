/** Presence by connection in the ephemeral Redis: one hash per session, expiring with it. */
import type { Redis } from 'ioredis';
import type { PresenceMemberView } from '@respite/protocol';
import type { PresenceStore } from '../presence.store';
import type { RedisKeys } from './redis-keys';

export class RedisPresenceStore implements PresenceStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys) {}

  async add(sessionId: string, connectionId: string, member: PresenceMemberView, expiresAt: number): Promise<void> {
    const key = this.keys.roomPresence(sessionId);
    await this.redis.multi().hset(key, connectionId, JSON.stringify(member)).pexpireat(key, expiresAt).exec();
  }

  async remove(sessionId: string, connectionId: string): Promise<void> {
    await this.redis.hdel(this.keys.roomPresence(sessionId), connectionId);
  }

  async list(sessionId: string): Promise<PresenceMemberView[]> {
    const byRef = new Map<string, PresenceMemberView>();
    for (const raw of await this.redis.hvals(this.keys.roomPresence(sessionId))) {
      const member = JSON.parse(raw) as PresenceMemberView;
      byRef.set(member.memberRef, member);
    }
    return [...byRef.values()].sort((a, b) => a.alias.localeCompare(b.alias));
  }

  async eraseSession(sessionId: string): Promise<void> {
    await this.redis.del(this.keys.roomPresence(sessionId));
  }
}
