/** Session records and the lifecycle queue in the durable Redis. Claims and transitions are atomic. */
import type { Redis } from 'ioredis';
import type { SessionState } from '@respite/protocol';
import type { SessionTimes } from '@respite/domain';
import { DUTY_CHECK_PREFIX, DUTY_LEASE_MS, type LifecycleDuty, type SessionRecord, type SessionStore, dutyCheckId } from '../session.store';
import { LuaScript } from './lua-script';
import type { RedisKeys } from './redis-keys';

// KEYS: session, groupSessions, due. ARGV: id, startsAt, lobbyOpensAt, then field/value pairs
const createSession = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 'exists' end
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return 'created'`);

// KEYS: session. ARGV: from, to, at
const transition = new LuaScript(`
if redis.call('HGET', KEYS[1], 'state') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2])
if ARGV[2] == 'lobby' and redis.call('HGET', KEYS[1], 'openedAt') == '' then redis.call('HSET', KEYS[1], 'openedAt', ARGV[3]) end
return 1`);

// KEYS: session, due. ARGV: id, at
const markClosed = new LuaScript(`
local state = redis.call('HGET', KEYS[1], 'state')
if not state or state == 'closed' then return 0 end
redis.call('HSET', KEYS[1], 'state', 'closed', 'closedAt', ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1`);

// KEYS: due. ARGV: now, limit, duty lease (ms), duty prefix
const claimDue = new LuaScript(`
local due = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[2]))
local sessions = {}
for _, id in ipairs(due) do
  if string.sub(id, 1, #ARGV[4]) == ARGV[4] then redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[3]), id)
  else sessions[#sessions + 1] = id end
end
if #sessions > 0 then redis.call('ZREM', KEYS[1], unpack(sessions)) end
return due`);

// KEYS: session, groupSessions, due. ARGV: id, startsAt, checkAt, allowed states (comma-separated), then field/value pairs
const retimeSession = new LuaScript(`
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return 0 end
local allowed = false
for candidate in string.gmatch(ARGV[4], '[^,]+') do if candidate == state then allowed = true end end
if not allowed then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return 1`);

// KEYS: session, due. ARGV: id, at
const cancelSession = new LuaScript(`
if redis.call('HGET', KEYS[1], 'state') ~= 'scheduled' then return 0 end
redis.call('HSET', KEYS[1], 'state', 'closed', 'closedAt', ARGV[2], 'cancelledAt', ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1`);

// KEYS: session, groupSessions, due. ARGV: id, startsAt, checkAt, then field/value pairs (the times).
// Only a cancelled session (closed, cancelledAt set, never opened) goes back. PERSIST: a closed
// record may carry a retention expiry, which a session that takes place again must not keep.
const uncancelSession = new LuaScript(`
local fields = redis.call('HMGET', KEYS[1], 'state', 'cancelledAt', 'openedAt')
if fields[1] ~= 'closed' or not fields[2] or fields[2] == '' or (fields[3] and fields[3] ~= '') then return 0 end
redis.call('HSET', KEYS[1], 'state', 'scheduled', 'closedAt', '', 'cancelledAt', '', unpack(ARGV, 4))
redis.call('PERSIST', KEYS[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return 1`);

// KEYS: session, groupSessionsHeld. ARGV: month. Counts a held session once: the flag and the count change together.
const countHeld = new LuaScript(`
local fields = redis.call('HMGET', KEYS[1], 'state', 'cancelledAt')
if fields[1] ~= 'closed' or (fields[2] and fields[2] ~= '') then return 0 end
if redis.call('HSETNX', KEYS[1], 'heldCounted', '1') == 0 then return 0 end
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
return 1`);

// KEYS: session, groupSessions, due. ARGV: id
const deleteSession = new LuaScript(`
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return 1`);

/** The session hash's fields, in the order parseSession reads them (groupId first). */
export const sessionFields = ['groupId', 'lobbyOpensAt', 'startsAt', 'closingAt', 'endsAt', 'state', 'openedAt', 'closedAt', 'cancelledAt', 'extendedMinutes'] as const;

export class RedisSessionStore implements SessionStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys) {}

  async create(session: SessionRecord): Promise<'created' | 'exists'> {
    const pairs = sessionFields.flatMap((field) => [field, session[field] === null || session[field] === undefined ? '' : String(session[field])]);
    return createSession.run(
      this.redis,
      [this.keys.session(session.id), this.keys.groupSessions(session.groupId), this.keys.lifecycleDue()],
      [session.id, session.startsAt, session.lobbyOpensAt, ...pairs],
    );
  }

  async get(sessionId: string): Promise<SessionRecord | null> {
    const values = await this.redis.hmget(this.keys.session(sessionId), ...sessionFields);
    return values[0] ? parseSession(sessionId, values) : null;
  }

  async listForGroup(groupId: string, from: number, until: number): Promise<SessionRecord[]> {
    const ids = await this.redis.zrangebyscore(this.keys.groupSessions(groupId), from, `(${until}`);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hmget(this.keys.session(id), ...sessionFields);
    const results = (await pipeline.exec()) ?? [];
    return ids.flatMap((id, index) => {
      const values = results[index]?.[1] as (string | null)[] | undefined;
      return values?.[0] ? [parseSession(id, values)] : [];
    });
  }

  async transition(sessionId: string, from: SessionState, to: SessionState, at: number): Promise<boolean> {
    return (await transition.run<number>(this.redis, [this.keys.session(sessionId)], [from, to, at])) === 1;
  }

  async markClosed(sessionId: string, at: number): Promise<boolean> {
    return (await markClosed.run<number>(this.redis, [this.keys.session(sessionId), this.keys.lifecycleDue()], [sessionId, at])) === 1;
  }

  async scheduleCheck(sessionId: string, at: number): Promise<void> {
    await this.redis.zadd(this.keys.lifecycleDue(), at, sessionId);
  }

  async claimDueChecks(now: number, limit: number): Promise<string[]> {
    return claimDue.run(this.redis, [this.keys.lifecycleDue()], [now, limit, DUTY_LEASE_MS, DUTY_CHECK_PREFIX]);
  }

  async retime(sessionId: string, states: readonly SessionState[], change: SessionTimes & { extendedMinutes?: number; checkAt: number }): Promise<SessionRecord | null> {
    const session = await this.get(sessionId);
    if (!session) return null;
    const pairs = ['lobbyOpensAt', change.lobbyOpensAt, 'startsAt', change.startsAt, 'closingAt', change.closingAt, 'endsAt', change.endsAt];
    if (change.extendedMinutes !== undefined) pairs.push('extendedMinutes', change.extendedMinutes);
    const done = await retimeSession.run<number>(
      this.redis,
      [this.keys.session(sessionId), this.keys.groupSessions(session.groupId), this.keys.lifecycleDue()],
      [sessionId, change.startsAt, change.checkAt, states.join(','), ...pairs],
    );
    return done === 1 ? this.get(sessionId) : null;
  }

  async cancel(sessionId: string, at: number): Promise<boolean> {
    return (await cancelSession.run<number>(this.redis, [this.keys.session(sessionId), this.keys.lifecycleDue()], [sessionId, at])) === 1;
  }

  async uncancel(sessionId: string, change: SessionTimes & { checkAt: number }): Promise<SessionRecord | null> {
    const groupId = await this.redis.hget(this.keys.session(sessionId), 'groupId');
    if (!groupId) return null;
    const pairs = ['lobbyOpensAt', change.lobbyOpensAt, 'startsAt', change.startsAt, 'closingAt', change.closingAt, 'endsAt', change.endsAt];
    const done = await uncancelSession.run<number>(
      this.redis,
      [this.keys.session(sessionId), this.keys.groupSessions(groupId), this.keys.lifecycleDue()],
      [sessionId, change.startsAt, change.checkAt, ...pairs],
    );
    return done === 1 ? this.get(sessionId) : null;
  }

  async queueDuty(duty: LifecycleDuty, at: number, mode: 'replace' | 'if-absent'): Promise<void> {
    if (mode === 'if-absent') await this.redis.zadd(this.keys.lifecycleDue(), 'NX', at, dutyCheckId(duty));
    else await this.redis.zadd(this.keys.lifecycleDue(), at, dutyCheckId(duty));
  }

  async countHeld(sessionId: string, month: string): Promise<boolean> {
    const groupId = await this.redis.hget(this.keys.session(sessionId), 'groupId');
    if (!groupId) return false;
    return (await countHeld.run<number>(this.redis, [this.keys.session(sessionId), this.keys.groupSessionsHeld(groupId)], [month])) === 1;
  }

  async heldCounts(groupId: string, months: readonly string[]): Promise<number[]> {
    if (months.length === 0) return [];
    return (await this.redis.hmget(this.keys.groupSessionsHeld(groupId), ...months)).map((count) => Number(count ?? 0));
  }

  async pruneHeldCounts(groupId: string, firstKept: string): Promise<void> {
    const stale = (await this.redis.hkeys(this.keys.groupSessionsHeld(groupId))).filter((month) => month < firstKept);
    if (stale.length > 0) await this.redis.hdel(this.keys.groupSessionsHeld(groupId), ...stale);
  }

  async delete(sessionId: string): Promise<void> {
    const groupId = await this.redis.hget(this.keys.session(sessionId), 'groupId');
    if (!groupId) {
      await this.redis.zrem(this.keys.lifecycleDue(), sessionId);
      return;
    }
    await deleteSession.run(this.redis, [this.keys.session(sessionId), this.keys.groupSessions(groupId), this.keys.lifecycleDue()], [sessionId]);
  }
}

export function parseSession(id: string, values: (string | null)[]): SessionRecord {
  const [groupId, lobbyOpensAt, startsAt, closingAt, endsAt, state, openedAt, closedAt, cancelledAt, extendedMinutes] = values;
  return {
    id,
    groupId: groupId ?? '',
    lobbyOpensAt: Number(lobbyOpensAt),
    startsAt: Number(startsAt),
    closingAt: Number(closingAt),
    endsAt: Number(endsAt),
    state: state as SessionState,
    openedAt: openedAt ? Number(openedAt) : null,
    closedAt: closedAt ? Number(closedAt) : null,
    cancelledAt: cancelledAt ? Number(cancelledAt) : null,
    extendedMinutes: extendedMinutes ? Number(extendedMinutes) : 0,
  };
}
