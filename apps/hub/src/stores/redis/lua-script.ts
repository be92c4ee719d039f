/** Runs a Lua script by its SHA, loading it on the first NOSCRIPT. Scripts make multi-key changes atomic. */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export class LuaScript {
  private readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run<T>(redis: Redis, keys: string[], args: (string | number)[]): Promise<T> {
    try {
      return (await redis.evalsha(this.sha, keys.length, ...keys, ...args)) as T;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
        return (await redis.eval(this.source, keys.length, ...keys, ...args)) as T;
      }
      throw error;
    }
  }
}
