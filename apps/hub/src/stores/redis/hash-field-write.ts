/**
 * One hash field written and its key's expiry set, as a single script: one command on the wire
 * where MULTI/HSET/PEXPIREAT/EXEC was four. Used on the join's hot path (presence, member flags).
 */
import type { Redis } from 'ioredis';
import { LuaScript } from './lua-script';

// KEYS: hash. ARGV: field, value, expiresAt (ms since the epoch).
const setFieldUntil = new LuaScript(`
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return 1`);

export async function setHashFieldUntil(redis: Redis, key: string, field: string, value: string, expiresAt: number): Promise<void> {
  await setFieldUntil.run(redis, [key], [field, value, expiresAt]);
}
