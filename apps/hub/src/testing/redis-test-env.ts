/**
 * Test access to the real Redis: REDIS_URL or 127.0.0.1:6379. Each test file gets its own key
 * prefix, so files can run in parallel on one server, and removes its keys when done.
 * There is no fallback: without a Redis the tests fail, they never skip.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const testRedisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniqueKeyPrefix(): string {
  return `test:${randomBytes(6).toString('hex')}:`;
}

export function openTestRedis(): Redis {
  return new Redis(testRedisUrl, { maxRetriesPerRequest: 1, lazyConnect: false });
}

export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  for (const key of await keysWithPrefix(redis, prefix)) await redis.del(key);
}

export async function keysWithPrefix(redis: Redis, prefix: string): Promise<string[]> {
  return scanAllKeys(redis, `${prefix}*`);
}

export async function scanAllKeys(redis: Redis, pattern = '*'): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/** Every string Redis holds under a key, whatever the key's type: what a canary search reads. */
export async function valuesOfKey(redis: Redis, key: string): Promise<string[]> {
  const type = await redis.type(key);
  switch (type) {
    case 'string': return [(await redis.getBuffer(key))?.toString('latin1') ?? ''];
    case 'hash': return Object.entries(await redis.hgetall(key)).flat();
    case 'set': return redis.smembers(key);
    case 'zset': return redis.zrange(key, 0, -1);
    case 'list': return redis.lrange(key, 0, -1);
    case 'stream': return (await redis.xrange(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields]);
    default: return [];
  }
}

/**
 * Keys (anywhere on the server, or under `prefix` only) whose name or any value contains `needle`
 * (or any of several, in one pass). Pipelined: fast on a large keyspace.
 */
export async function keysHolding(redis: Redis, needle: string | readonly string[], options: { prefix?: string } = {}): Promise<string[]> {
  const needles = typeof needle === 'string' ? [needle] : needle;
  const found: string[] = [];
  const keys = options.prefix === undefined ? await scanAllKeys(redis) : await keysWithPrefix(redis, options.prefix);
  for (let start = 0; start < keys.length; start += 500) {
    const batch = keys.slice(start, start + 500);
    const types = ((await batch.reduce((pipeline, key) => pipeline.type(key), redis.pipeline()).exec()) ?? []).map(([, type]) => String(type));
    const reads = redis.pipeline();
    batch.forEach((key, index) => {
      switch (types[index]) {
        case 'string': reads.getBuffer(key); break;
        case 'hash': reads.hgetall(key); break;
        case 'set': reads.smembers(key); break;
        case 'zset': reads.zrange(key, 0, -1); break;
        case 'list': reads.lrange(key, 0, -1); break;
        case 'stream': reads.xrange(key, '-', '+'); break;
        default: reads.exists(key); // HyperLogLogs are strings; anything else holds no text
      }
    });
    const values = (await reads.exec()) ?? [];
    batch.forEach((key, index) => {
      const value = values[index]?.[1];
      const text = Buffer.isBuffer(value) ? value.toString('latin1') : JSON.stringify(value ?? '');
      if (needles.some((one) => key.includes(one) || text.includes(one))) found.push(key);
    });
  }
  return found;
}
