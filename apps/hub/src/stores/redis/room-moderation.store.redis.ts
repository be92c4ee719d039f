/**
 * Room moderation state in the ephemeral Redis, under the session's hash-tagged keys (listed in
 * RedisKeys.roomKeys, so closing erases them). Every write sets the key's expiry to the session's
 * end plus the grace. The slow-mode check is one Lua script, so a burst cannot slip through.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../../clock';
import type { AccessRevokedReason, SupportiveReaction } from '@respite/protocol';
import {
  type JoinGate, type MemberFlag, type RoomAsker, type RoomRefusal, type RoomModerationState, type RoomModerationStore, type RoomSettings, type SendGate,
  type StoredAlert, type StoredCheckInMessage, type StoredReaction, type StoredReport, defaultRoomSettings,
} from '../room-moderation.store';
import { setHashFieldFor } from './hash-field-write';
import { LuaScript } from './lua-script';
import type { RedisKeys } from './redis-keys';
import { millisecondsUntil } from './relative-expiry';

// KEYS: flags, settings. ARGV: memberRef. Answers removed, entered, admitted, waiting (1/0), then the raw locked and admission settings.
const joinGate = new LuaScript(`
local f = redis.call('HMGET', KEYS[1], 'removed:' .. ARGV[1], 'entered:' .. ARGV[1], 'admitted:' .. ARGV[1], 'waiting:' .. ARGV[1])
local s = redis.call('HMGET', KEYS[2], 'locked', 'admission')
return { f[1] and 1 or 0, f[2] and 1 or 0, f[3] and 1 or 0, f[4] and 1 or 0, s[1] or '', s[2] or '' }`);

/**
 * A member's send gate as a Lua function (settings, mutes and lastSends keys; settings hold JSON
 * values): paused, muted, then slow mode, whose slot an allowed send takes. Answers the verdict and
 * the wait. Also run inside the room's post script (room-post.store.redis.ts).
 */
export const sendGateLua = `
local function sendGateVerdict(settingsKey, mutesKey, lastSendsKey, memberRef, nowArg, ttlMs)
  if redis.call('HGET', settingsKey, 'paused') == 'true' then return 'paused', 0 end
  local now = tonumber(nowArg)
  local mutedUntil = tonumber(redis.call('HGET', mutesKey, memberRef) or '0')
  if mutedUntil > now then return 'muted', mutedUntil - now end
  local slow = tonumber(redis.call('HGET', settingsKey, 'slowModeSeconds') or '0') or 0
  if slow > 0 then
    local interval = slow * 1000
    local last = redis.call('HGET', lastSendsKey, memberRef)
    if last and now - tonumber(last) < interval then return 'slowed', interval - (now - tonumber(last)) end
    redis.call('HSET', lastSendsKey, memberRef, nowArg)
    redis.call('PEXPIRE', lastSendsKey, ttlMs)
  end
  return 'allowed', 0
end`;

// KEYS: settings, mutes, lastSends. ARGV: memberRef, now, ttlMs. Answers { verdict, retryAfterMs }.
const sendGate = new LuaScript(`${sendGateLua}
local verdict, retryAfterMs = sendGateVerdict(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[3])
return { verdict, retryAfterMs }`);

/**
 * Why an asker is refused in this room, as a Lua function of the member flags key: removed from the
 * session by a facilitator, or a refusal of their membership (`refused:<ref>`) or sign-in
 * (`refused-login:<digest>`), whose value is the reason. Answers the reason or false. Run first
 * inside the room's entry and post scripts, so a revocation written before the step is never missed.
 * A membership's refusal names its reason first (a ban also removes from the session).
 */
export const refusalLua = `
local function refusalOf(flagsKey, memberRef, loginDigest)
  local f = redis.call('HMGET', flagsKey, 'removed:' .. memberRef, 'refused:' .. memberRef, 'refused-login:' .. loginDigest)
  if f[2] then return f[2] end
  if f[1] then return 'removed' end
  return f[3] or false
end`;

/** The refusal's field in the member flags hash. */
export const refusalField = (refusal: RoomRefusal) => ('memberRef' in refusal ? `refused:${refusal.memberRef}` : `refused-login:${refusal.loginDigest}`);

// KEYS: flags. ARGV: memberRef, loginDigest. Answers the reason or nil.
const readRefusal = new LuaScript(`${refusalLua}
return refusalOf(KEYS[1], ARGV[1], ARGV[2])`);

// KEYS: reactions. ARGV: reactorField, countField, ttlMs. Answers the count after.
const addReaction = new LuaScript(`
if redis.call('HSETNX', KEYS[1], ARGV[1], '1') == 1 then redis.call('HINCRBY', KEYS[1], ARGV[2], 1) end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return tonumber(redis.call('HGET', KEYS[1], ARGV[2]))`);

/** The send gate's keys, in the order sendGateVerdict takes them. */
export const sendGateKeys = (keys: RedisKeys, sessionId: string) => [keys.roomModerationSettings(sessionId), keys.roomMutes(sessionId), keys.roomLastSends(sessionId)];

export function sendGateOf(verdict: SendGate['verdict'], retryAfterMs: number): SendGate {
  return verdict === 'muted' || verdict === 'slowed' ? { verdict, retryAfterMs } : { verdict };
}

export class RedisRoomModerationStore implements RoomModerationStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, private readonly clock: Clock) {}

  private ttl(expiresAt: number): number {
    return millisecondsUntil(this.clock, expiresAt);
  }

  async read(sessionId: string, now: number): Promise<RoomModerationState> {
    const [settings, mutes, hands, flags] = await Promise.all([
      this.redis.hgetall(this.keys.roomModerationSettings(sessionId)),
      this.redis.hgetall(this.keys.roomMutes(sessionId)),
      this.redis.zrange(this.keys.roomHands(sessionId), 0, -1, 'WITHSCORES'),
      this.redis.hgetall(this.keys.roomMemberFlags(sessionId)),
    ]);
    const state: RoomModerationState = {
      ...defaultRoomSettings, mutes: new Map(), hands: new Map(), away: new Set(), removed: new Set(), admitted: new Set(), waiting: new Map(), checkIns: new Set(),
    };
    for (const [field, raw] of Object.entries(settings)) {
      if (field in defaultRoomSettings) (state as unknown as Record<string, unknown>)[field] = JSON.parse(raw);
    }
    for (const [memberRef, until] of Object.entries(mutes)) if (Number(until) > now) state.mutes.set(memberRef, Number(until));
    for (let index = 0; index + 1 < hands.length; index += 2) state.hands.set(hands[index]!, Number(hands[index + 1]));
    for (const [field, value] of Object.entries(flags)) {
      const [flag, memberRef] = splitFlag(field);
      if (flag === 'waiting') state.waiting.set(memberRef, value);
      if (flag === 'away') state.away.add(memberRef);
      else if (flag === 'removed') state.removed.add(memberRef);
      else if (flag === 'admitted') state.admitted.add(memberRef);
      else if (flag === 'check-in') state.checkIns.add(memberRef);
    }
    return state;
  }

  async updateSettings(sessionId: string, change: Partial<RoomSettings>, expiresAt: number): Promise<void> {
    const key = this.keys.roomModerationSettings(sessionId);
    const fields = Object.entries(change).flatMap(([field, value]) => [field, JSON.stringify(value)]);
    if (fields.length === 0) return;
    await this.redis.multi().hset(key, ...fields).pexpire(key, this.ttl(expiresAt)).exec();
  }

  async mute(sessionId: string, memberRef: string, until: number, expiresAt: number): Promise<void> {
    await setHashFieldFor(this.redis, this.keys.roomMutes(sessionId), memberRef, String(until), this.ttl(expiresAt));
  }

  async unmute(sessionId: string, memberRef: string): Promise<void> {
    await this.redis.hdel(this.keys.roomMutes(sessionId), memberRef);
  }

  async muteRemaining(sessionId: string, memberRef: string, now: number): Promise<number> {
    const until = await this.redis.hget(this.keys.roomMutes(sessionId), memberRef);
    return until ? Math.max(0, Number(until) - now) : 0;
  }

  async raiseHand(sessionId: string, memberRef: string, at: number, expiresAt: number): Promise<void> {
    const key = this.keys.roomHands(sessionId);
    await this.redis.multi().zadd(key, 'NX', at, memberRef).pexpire(key, this.ttl(expiresAt)).exec();
  }

  async lowerHand(sessionId: string, memberRef: string): Promise<void> {
    await this.redis.zrem(this.keys.roomHands(sessionId), memberRef);
  }

  async setFlag(sessionId: string, flag: MemberFlag, memberRef: string, on: boolean, expiresAt: number): Promise<void> {
    const key = this.keys.roomMemberFlags(sessionId);
    if (!on) {
      await this.redis.hdel(key, `${flag}:${memberRef}`);
      return;
    }
    await setHashFieldFor(this.redis, key, `${flag}:${memberRef}`, '1', this.ttl(expiresAt));
  }

  async hasFlag(sessionId: string, flag: MemberFlag, memberRef: string): Promise<boolean> {
    return (await this.redis.hexists(this.keys.roomMemberFlags(sessionId), `${flag}:${memberRef}`)) === 1;
  }

  async setWaiting(sessionId: string, memberRef: string, alias: string | null, expiresAt: number): Promise<void> {
    const key = this.keys.roomMemberFlags(sessionId);
    if (alias === null) await this.redis.hdel(key, `waiting:${memberRef}`);
    else await setHashFieldFor(this.redis, key, `waiting:${memberRef}`, alias, this.ttl(expiresAt));
  }

  async refuse(sessionId: string, refusal: RoomRefusal, reason: AccessRevokedReason, expiresAt: number): Promise<void> {
    await setHashFieldFor(this.redis, this.keys.roomMemberFlags(sessionId), refusalField(refusal), reason, this.ttl(expiresAt));
  }

  async refusalOf(sessionId: string, asker: RoomAsker): Promise<AccessRevokedReason | null> {
    return (await readRefusal.run<AccessRevokedReason | null>(this.redis, [this.keys.roomMemberFlags(sessionId)], [asker.memberRef, asker.loginDigest])) ?? null;
  }

  async joinGate(sessionId: string, memberRef: string): Promise<JoinGate> {
    const [removed, entered, admitted, waiting, locked, admission] = await joinGate.run<[number, number, number, number, string, string]>(
      this.redis, [this.keys.roomMemberFlags(sessionId), this.keys.roomModerationSettings(sessionId)], [memberRef],
    );
    return {
      removed: removed === 1, entered: entered === 1, admitted: admitted === 1, waiting: waiting === 1,
      locked: locked ? JSON.parse(locked) === true : defaultRoomSettings.locked,
      admission: admission ? (JSON.parse(admission) as RoomSettings['admission']) : defaultRoomSettings.admission,
    };
  }

  async sendGate(sessionId: string, memberRef: string, now: number, expiresAt: number): Promise<SendGate> {
    const [verdict, retryAfterMs] = await sendGate.run<[SendGate['verdict'], number]>(this.redis, sendGateKeys(this.keys, sessionId), [memberRef, now, this.ttl(expiresAt)]);
    return sendGateOf(verdict, retryAfterMs);
  }

  async addReaction(sessionId: string, messageId: string, reaction: SupportiveReaction, memberRef: string, expiresAt: number): Promise<number> {
    return addReaction.run<number>(
      this.redis, [this.keys.roomReactions(sessionId)], [`by:${messageId}:${reaction}:${memberRef}`, `count:${messageId}:${reaction}`, this.ttl(expiresAt)],
    );
  }

  async listReactions(sessionId: string): Promise<StoredReaction[]> {
    const fields = await this.redis.hkeys(this.keys.roomReactions(sessionId));
    return fields.flatMap((field) => {
      const [kind, messageId, reaction, memberRef] = field.split(':');
      return kind === 'by' && messageId && reaction && memberRef ? [{ messageId, reaction: reaction as StoredReaction['reaction'], memberRef }] : [];
    });
  }

  async addAlert(sessionId: string, alert: StoredAlert, expiresAt: number): Promise<void> {
    await setHashFieldFor(this.redis, this.keys.roomAlerts(sessionId), alert.alertId, JSON.stringify(alert), this.ttl(expiresAt));
  }

  async listAlerts(sessionId: string): Promise<StoredAlert[]> {
    const alerts = Object.values(await this.redis.hgetall(this.keys.roomAlerts(sessionId))).map((raw) => JSON.parse(raw) as StoredAlert);
    return alerts.sort((a, b) => a.at - b.at);
  }

  async acknowledgeAlert(sessionId: string, alertId: string): Promise<boolean> {
    return (await this.redis.hdel(this.keys.roomAlerts(sessionId), alertId)) === 1;
  }

  async addReport(sessionId: string, report: StoredReport, expiresAt: number): Promise<void> {
    const key = this.keys.roomReports(sessionId);
    await this.redis.multi().rpush(key, JSON.stringify(report)).pexpire(key, this.ttl(expiresAt)).exec();
  }

  async listReports(sessionId: string): Promise<StoredReport[]> {
    return (await this.redis.lrange(this.keys.roomReports(sessionId), 0, -1)).map((raw) => JSON.parse(raw) as StoredReport);
  }

  async openCheckIn(sessionId: string, memberRef: string, expiresAt: number): Promise<void> {
    await this.setFlag(sessionId, 'check-in', memberRef, true, expiresAt);
  }

  async isCheckInOpen(sessionId: string, memberRef: string): Promise<boolean> {
    return this.hasFlag(sessionId, 'check-in', memberRef);
  }

  async addCheckInMessage(sessionId: string, message: StoredCheckInMessage, expiresAt: number): Promise<void> {
    const key = this.keys.roomCheckIns(sessionId);
    await this.redis.multi().rpush(key, JSON.stringify(message)).pexpire(key, this.ttl(expiresAt)).exec();
  }

  async listCheckInMessages(sessionId: string): Promise<StoredCheckInMessage[]> {
    return (await this.redis.lrange(this.keys.roomCheckIns(sessionId), 0, -1)).map((raw) => JSON.parse(raw) as StoredCheckInMessage);
  }

  async eraseSession(sessionId: string): Promise<void> {
    await this.redis.del(...this.keys.roomModerationKeys(sessionId));
  }
}

function splitFlag(field: string): [string, string] {
  const at = field.indexOf(':');
  return [field.slice(0, at), field.slice(at + 1)];
}
