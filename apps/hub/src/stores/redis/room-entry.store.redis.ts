/**
 * Entering a live room in one script on the ephemeral Redis (every key under the session's hash
 * tag): open check, presence entry, "entered" flag, missed messages, presence. Five round trips of
 * a join became one (docs/performance.md).
 */
import type { Redis } from 'ioredis';
import type { RoomEntry, RoomEntryRequest, RoomEntryStore } from '../room-entry.store';
import { hashOf } from './flat-reply';
import { LuaScript } from './lua-script';
import { storedMessageOf } from './message.store.redis';
import type { RedisPresenceStore } from './presence.store.redis';
import type { RedisKeys } from './redis-keys';

// KEYS: open, messages, presence, member flags.
// ARGV: connectionId, presence entry, entered field, expiresAt, afterId ('' for the latest), limit.
// Answers nil when the room is not open (nothing written), else { stream entries, presence hash }.
const enterRoom = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
redis.call('PEXPIREAT', KEYS[3], ARGV[4])
redis.call('HSET', KEYS[4], ARGV[3], '1')
redis.call('PEXPIREAT', KEYS[4], ARGV[4])
local messages
if ARGV[5] == '' then
  messages = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', ARGV[6])
else
  messages = redis.call('XRANGE', KEYS[2], '(' .. ARGV[5], '+')
end
return { messages, redis.call('HGETALL', KEYS[3]) }`);

type StreamEntry = [id: string, fields: string[]];

export class RedisRoomEntryStore implements RoomEntryStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, private readonly presence: RedisPresenceStore) {}

  async enter(request: RoomEntryRequest): Promise<RoomEntry> {
    const { sessionId, member } = request;
    const answer = await enterRoom.run<[StreamEntry[], string[]] | null>(
      this.redis,
      [this.keys.roomOpen(sessionId), this.keys.roomMessages(sessionId), this.keys.roomPresence(sessionId), this.keys.roomMemberFlags(sessionId)],
      [request.connectionId, JSON.stringify(member), `entered:${member.memberRef}`, request.expiresAt, request.afterId ?? '', request.limit],
    );
    if (!answer) return { open: false };
    const [entries, presenceFields] = answer;
    const ordered = request.afterId === null ? entries.reverse() : entries;
    return {
      open: true,
      messages: ordered.map(([id, fields]) => storedMessageOf(id, fields)),
      presence: await this.presence.membersOf(sessionId, Object.entries(hashOf(presenceFields))),
    };
  }
}
