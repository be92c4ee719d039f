/** Production refuses an ephemeral Redis that would write message text to disk. */
import { Redis } from 'ioredis';
import { startPrivateRedis, type PrivateRedis } from '../../testing/private-redis';
import { ephemeralPersistenceProblems } from './ephemeral-persistence';

describe('the ephemeral Redis persistence check', () => {
  let server: PrivateRedis;
  let redis: Redis;
  beforeAll(async () => {
    server = await startPrivateRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it('accepts a Redis with snapshots and the append-only file off', async () => {
    await redis.config('SET', 'save', '');
    await redis.config('SET', 'appendonly', 'no');
    expect(await ephemeralPersistenceProblems(redis)).toEqual([]);
  });

  it('names each way the Redis would persist', async () => {
    await redis.config('SET', 'save', '3600 1');
    expect(await ephemeralPersistenceProblems(redis)).toEqual([expect.stringContaining('snapshots are on')]);
    await redis.config('SET', 'appendonly', 'yes');
    expect(await ephemeralPersistenceProblems(redis)).toHaveLength(2);
    await redis.config('SET', 'appendonly', 'no');
    await redis.config('SET', 'save', '');
  });
});

describe('a production hub', () => {
  it('refuses to start when its ephemeral Redis snapshots to disk, and says why', async () => {
    const { spawnSync } = await import('node:child_process');
    const path = await import('node:path');
    const server = await startPrivateRedis(['--save', '3600 1']);
    try {
      const hubDir = path.resolve(__dirname, '../../..');
      const result = spawnSync(path.join(hubDir, 'node_modules/.bin/tsx'), ['src/index.ts'], {
        cwd: hubDir, encoding: 'utf8', timeout: 20_000,
        env: {
          ...process.env, NODE_ENV: 'production', PORT: '0', REDIS_URL: server.url, REDIS_EPHEMERAL_URL: server.url,
          RESPITE_SECRET: 'a-production-secret-of-at-least-32-chars', DEMO_SEED: 'false', REDIS_KEY_PREFIX: 'refuse:',
        },
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/Refusing to start: the ephemeral Redis would write message text to disk: snapshots are on/);
    } finally {
      await server.stop();
    }
  });
});
