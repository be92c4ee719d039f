/**
 * One hash field written and its key's expiry set, as a single script: one command on the wire
 * where MULTI/HSET/PEXPIRE/EXEC was four. Used on the join's hot path (presence, member flags).
 */
import type { Redis } from 'ioredis';
import { LuaScript } from './lua-script';

// KEYS: hash. ARGV: field, value, ttlMs (relative-expiry.ts: never an instant).
const setFieldFor = new LuaScript(`
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`);

export async function setHashFieldFor(redis: Redis, key: string, field: string, value: string, ttlMs: number): Promise<void> {
  await setFieldFor.run(redis, [key], [field, value, ttlMs]);
}
