/**
 * Messages of live sessions in the ephemeral Redis: one stream per session, a hash of client ids
 * for idempotent sends, and an "open" marker that every append checks atomically, so a send that
 * arrives after the close is refused and never stored. Never logs or copies the text.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../../clock';
import type { GroupRole } from '@respite/protocol';
import { type AppendOutcome, type MessageStore, type NewMessage, type StoredMessage, sentAtOfId } from '../message.store';
import { hashOf } from './flat-reply';
import { LuaScript } from './lua-script';
import type { RedisKeys } from './redis-keys';
import { millisecondsUntil } from './relative-expiry';

/**
 * Appending as a Lua function: the client key's dedupe, then the entry, whose field/value pairs are
 * ARGV from `fieldsFrom` on. The caller has checked that the room is open. Answers the reply of
 * `append` below. Also run inside the room's post script (room-post.store.redis.ts).
 */
export const appendMessageLua = `
local function appendMessage(messagesKey, clientIdsKey, clientKey, ttlMs, fieldsFrom)
  local existing = redis.call('HGET', clientIdsKey, clientKey)
  if existing then return {'duplicate', existing} end
  local last = redis.call('XREVRANGE', messagesKey, '+', '-', 'COUNT', 1)
  local previous = ''
  if last[1] then previous = last[1][1] end
  local id = redis.call('XADD', messagesKey, '*', unpack(ARGV, fieldsFrom))
  redis.call('HSET', clientIdsKey, clientKey, id)
  redis.call('PEXPIRE', messagesKey, ttlMs)
  redis.call('PEXPIRE', clientIdsKey, ttlMs)
  return {'stored', id, previous}
end`;

// KEYS: open, messages, clientIds. ARGV: clientKey, ttlMs, then stream field/value pairs.
const append = new LuaScript(`${appendMessageLua}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'closed'} end
return appendMessage(KEYS[2], KEYS[3], ARGV[1], ARGV[2], 3)`);

// KEYS: open, messages, clientIds, presence. ARGV: ttlMs
const openRoom = new LuaScript(`
local opened = redis.call('EXISTS', KEYS[1]) == 0
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
for index = 2, #KEYS do
  if redis.call('EXISTS', KEYS[index]) == 1 then redis.call('PEXPIRE', KEYS[index], ARGV[1]) end
end
if opened then return 1 end
return 0`);

// KEYS: messages, deleted. ARGV: messageId. The deleted ids live as long as the messages. Answers the entry's fields, or nil.
const deleteMessage = new LuaScript(`
local entry = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])[1]
if not entry then return false end
local ttl = redis.call('PTTL', KEYS[1])
redis.call('XDEL', KEYS[1], ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[1])
if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
return entry[2]`);

export class RedisMessageStore implements MessageStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, private readonly clock: Clock) {}

  async openRoom(sessionId: string, expiresAt: number): Promise<boolean> {
    return (await openRoom.run<number>(this.redis, this.keys.roomKeys(sessionId), [millisecondsUntil(this.clock, expiresAt)])) === 1;
  }

  async isRoomOpen(sessionId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.roomOpen(sessionId))) === 1;
  }

  async append(sessionId: string, message: NewMessage, expiresAt: number): Promise<AppendOutcome> {
    const reply = await append.run<AppendReply>(
      this.redis,
      [this.keys.roomOpen(sessionId), this.keys.roomMessages(sessionId), this.keys.roomClientIds(sessionId)],
      [message.clientKey, millisecondsUntil(this.clock, expiresAt), ...messageFields(message)],
    );
    return appendOutcomeOf(reply);
  }

  async readAfter(sessionId: string, afterId: string | null, limit: number): Promise<StoredMessage[]> {
    const key = this.keys.roomMessages(sessionId);
    const entries = afterId === null
      ? (await this.redis.xrevrange(key, '+', '-', 'COUNT', limit)).reverse()
      : await this.redis.xrange(key, `(${afterId}`, '+');
    return entries.map(([id, flat]) => storedMessageOf(id, flat));
  }

  async deleteMessage(sessionId: string, messageId: string): Promise<{ authorRef: string; alias: string } | null> {
    const fields = await deleteMessage.run<string[] | null>(this.redis, [this.keys.roomMessages(sessionId), this.keys.roomDeleted(sessionId)], [messageId]);
    if (!fields) return null;
    const message = storedMessageOf(messageId, fields);
    return { authorRef: message.authorRef, alias: message.alias };
  }

  async deletedIds(sessionId: string): Promise<string[]> {
    return this.redis.lrange(this.keys.roomDeleted(sessionId), 0, -1);
  }

  async eraseSession(sessionId: string): Promise<void> {
    await this.redis.del(...this.keys.roomKeys(sessionId));
  }
}

/** appendMessage's reply, or the closed answer: { status, id, previous id }. */
export type AppendReply = [string, string?, string?];

export function appendOutcomeOf([status, id, previousId]: AppendReply): AppendOutcome {
  if (status === 'closed' || !id) return { status: 'closed' };
  if (status === 'duplicate') return { status: 'duplicate', id, sentAt: sentAtOfId(id) };
  return { status: 'stored', id, sentAt: sentAtOfId(id), previousId: previousId || null };
}

/** A new message as the stream entry's field/value pairs (r, a, l, c, t). */
export function messageFields(message: Omit<NewMessage, 'clientKey'>): string[] {
  return ['r', message.authorRef, 'a', message.alias, 'l', message.role, 'c', message.clientId, 't', message.text];
}

/** A stream entry as a stored message (fields r, a, l, c, t). */
export function storedMessageOf(id: string, flat: string[]): StoredMessage {
  const fields = hashOf(flat);
  return {
    id, authorRef: fields.r ?? '', alias: fields.a ?? '', role: (fields.l ?? 'member') as GroupRole,
    clientId: fields.c ?? '', text: fields.t ?? '', sentAt: sentAtOfId(id),
  };
}
