/**
 * Posting a message in one script on the ephemeral Redis: the asker's refusal, the send gate, the message limit and the
 * append (every key under the session's hash tag but the limit's counter). A send's three round
 * trips became one (docs/performance.md). The script is assembled from the stores' own Lua
 * functions, so the gate and the append cannot drift from their single-purpose scripts.
 */
import type { Redis } from 'ioredis';
import type { AccessRevokedReason } from '@respite/protocol';
import type { Clock } from '../../clock';
import type { RoomPost, RoomPostRequest, RoomPostStore } from '../room-post.store';
import type { SendGate } from '../room-moderation.store';
import { LuaScript } from './lua-script';
import { type AppendReply, appendMessageLua, appendOutcomeOf, messageFields } from './message.store.redis';
import { countHitLua } from './rate-limit.store.redis';
import type { RedisKeys } from './redis-keys';
import { millisecondsUntil } from './relative-expiry';
import { refusalLua, sendGateKeys, sendGateLua, sendGateOf } from './room-moderation.store.redis';

// KEYS: open, messages, clientIds, counter, gate settings, mutes, lastSends, member flags.
// ARGV: clientKey, ttlMs, counter limit and window ('' when not counted), the gated member's
// ref ('' for no gate), now, the asker's member ref and login digest, then the entry's field/value pairs.
// Answers { 'refused', reason }, { 'gated', verdict, wait }, { 'closed' }, { 'rate_limited', wait } or appendMessage's reply.
const postMessage = new LuaScript(`${countHitLua}${sendGateLua}${refusalLua}${appendMessageLua}
local refused = refusalOf(KEYS[8], ARGV[7], ARGV[8])
if refused then return { 'refused', refused } end
if ARGV[5] ~= '' then
  local verdict, retryAfterMs = sendGateVerdict(KEYS[5], KEYS[6], KEYS[7], ARGV[5], ARGV[6], ARGV[2])
  if verdict ~= 'allowed' then return { 'gated', verdict, tostring(retryAfterMs) } end
end
if redis.call('EXISTS', KEYS[1]) == 0 then return {'closed'} end
local wait = overLimit(KEYS[4], ARGV[3], ARGV[4])
if wait then return { 'rate_limited', tostring(wait) } end
return appendMessage(KEYS[2], KEYS[3], ARGV[1], ARGV[2], 9)`);

/** Exported so the benchmark's bare+redis baseline runs exactly the hub's send script (without the gate). */
export const postMessageScript = postMessage;

export class RedisRoomPostStore implements RoomPostStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, private readonly clock: Clock) {}

  async post(request: RoomPostRequest): Promise<RoomPost> {
    const { sessionId, message, expiresAt, counter, gate } = request;
    const keys = [
      this.keys.roomOpen(sessionId), this.keys.roomMessages(sessionId), this.keys.roomClientIds(sessionId),
      this.keys.rateLimit(counter?.key ?? 'uncounted'), ...sendGateKeys(this.keys, sessionId), this.keys.roomMemberFlags(sessionId),
    ];
    const reply = await postMessage.run<AppendReply | ['gated', SendGate['verdict'], string] | ['rate_limited', string] | ['refused', AccessRevokedReason]>(this.redis, keys, [
      message.clientKey, millisecondsUntil(this.clock, expiresAt), counter?.limit ?? '', counter?.windowMs ?? '', gate?.memberRef ?? '', gate?.now ?? '',
      request.asker.memberRef, request.asker.loginDigest, ...messageFields(message),
    ]);
    if (reply[0] === 'refused') return { status: 'refused', reason: reply[1] as AccessRevokedReason };
    if (reply[0] === 'gated') {
      const verdict = sendGateOf(reply[1] as SendGate['verdict'], Number(reply[2]));
      if (verdict.verdict !== 'allowed') return { status: 'gated', gate: verdict };
    }
    if (reply[0] === 'rate_limited') return { status: 'rate_limited', retryAfterMs: Math.max(Number(reply[1]), 0) };
    return appendOutcomeOf(reply as AppendReply);
  }
}
