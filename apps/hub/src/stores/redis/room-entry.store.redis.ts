/**
 * Entering a live room in one script on the ephemeral Redis (every key under the session's hash
 * tag, and the join's rate-limit counter): the asker's refusal, open check, the count, presence entry, "entered" flag,
 * missed messages, presence. Six round trips of a join became one (docs/performance.md).
 */
import type { Redis } from 'ioredis';
import type { AccessRevokedReason } from '@respite/protocol';
import type { Clock } from '../../clock';
import type { RoomEntry, RoomEntryRequest, RoomEntryStore } from '../room-entry.store';
import { hashOf } from './flat-reply';
import { LuaScript } from './lua-script';
import { countHitLua } from './rate-limit.store.redis';
import { storedMessageOf } from './message.store.redis';
import type { RedisPresenceStore } from './presence.store.redis';
import type { RedisKeys } from './redis-keys';
import { refusalLua } from './room-moderation.store.redis';
import { millisecondsUntil } from './relative-expiry';

// KEYS: open, messages, presence, member flags, the counter's key (untouched when not counted).
// ARGV: connectionId, presence entry, entered field, ttlMs, afterId ('' for the latest), limit,
// the counter's limit and window ('' when not counted), the member's ref, the login digest.
// Answers { 'refused', reason } when the room refuses the asker, nil when the room is not open,
// { 'rate_limited', ms } over the limit (nothing else written in any), else { 'entered', stream entries, presence hash }.
const enterRoom = new LuaScript(`${countHitLua}${refusalLua}
local refused = refusalOf(KEYS[4], ARGV[9], ARGV[10])
if refused then return { 'refused', refused } end
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local wait = overLimit(KEYS[5], ARGV[7], ARGV[8])
if wait then return { 'rate_limited', wait } end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[3], ARGV[4])
redis.call('HSET', KEYS[4], ARGV[3], '1')
redis.call('PEXPIRE', KEYS[4], ARGV[4])
local messages
if ARGV[5] == '' then
  messages = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', ARGV[6])
else
  messages = redis.call('XRANGE', KEYS[2], '(' .. ARGV[5], '+')
end
return { 'entered', messages, redis.call('HGETALL', KEYS[3]) }`);

type StreamEntry = [id: string, fields: string[]];

export class RedisRoomEntryStore implements RoomEntryStore {
  constructor(
    private readonly redis: Redis, private readonly keys: RedisKeys, private readonly presence: RedisPresenceStore, private readonly clock: Clock,
  ) {}

  async enter(request: RoomEntryRequest): Promise<RoomEntry> {
    const { sessionId, member, counter } = request;
    const keys = [
      this.keys.roomOpen(sessionId), this.keys.roomMessages(sessionId), this.keys.roomPresence(sessionId), this.keys.roomMemberFlags(sessionId),
      this.keys.rateLimit(counter?.key ?? 'uncounted'),
    ];
    const answer = await enterRoom.run<['entered', StreamEntry[], string[]] | ['rate_limited', number] | ['refused', AccessRevokedReason] | null>(
      this.redis, keys,
      [
        request.connectionId, JSON.stringify(member), `entered:${member.memberRef}`, millisecondsUntil(this.clock, request.expiresAt), request.afterId ?? '', request.limit,
        counter?.limit ?? '', counter?.windowMs ?? '', member.memberRef, request.loginDigest,
      ],
    );
    if (!answer) return { status: 'closed' };
    if (answer[0] === 'refused') return { status: 'refused', reason: answer[1] };
    if (answer[0] === 'rate_limited') return { status: 'rate_limited', retryAfterMs: Math.max(answer[1], 0) };
    const [, entries, presenceFields] = answer;
    const ordered = request.afterId === null ? entries.reverse() : entries;
    return {
      status: 'entered',
      messages: ordered.map(([id, fields]) => storedMessageOf(id, fields)),
      presence: await this.presence.membersOf(sessionId, Object.entries(hashOf(presenceFields))),
    };
  }
}
