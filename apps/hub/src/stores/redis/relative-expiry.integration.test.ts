/**
 * The hub's clock and Redis's need not agree (an injected test clock, a faked calendar, a skewed
 * host): a deadline a minute from the hub's now must be a minute of life in Redis either way.
 */
import { ManualClock } from '../../clock';
import { deleteKeysWithPrefix, keysWithPrefix, openTestRedis, uniqueKeyPrefix } from '../../testing/redis-test-env';
import { createRedisStores } from '../stores';

const day = 86_400_000;

describe.each([['a year ahead of', 400 * day], ['a year behind', -400 * day]])('expiry with the hub clock %s Redis', (_name, skew) => {
  const redis = openTestRedis();
  const prefix = uniqueKeyPrefix();
  const clock = new ManualClock(Date.now() + skew);
  const stores = createRedisStores({ durable: redis, ephemeral: redis }, prefix, clock);
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  });

  it('gives a sign-in, a room and a seat the hub\'s minute, measured by Redis', async () => {
    const expiresAt = clock.now() + 60_000;
    await stores.logins.create('token-digest', 'account-1', expiresAt);
    await stores.messages.openRoom('session-1', expiresAt);
    await stores.sessionSeats.reserve('session-1', 'ref-a', 2, expiresAt);
    await stores.presence.heartbeat('node-1', expiresAt);
    expect(await stores.logins.findAccountId('token-digest')).toBe('account-1');
    expect(await stores.messages.isRoomOpen('session-1')).toBe(true);
    const keys = await keysWithPrefix(redis, prefix);
    expect(keys.length).toBe(5);
    for (const key of keys) {
      const ttl = await redis.pttl(key);
      expect([key, ttl > 50_000 && ttl <= 60_000]).toEqual([key, true]);
    }
  });

  it('reads a sign-in\'s expiry back on the hub\'s clock, not on Redis\'s', async () => {
    const expiresAt = clock.now() + 60_000;
    await stores.accounts.create({ id: 'account-3', handleDigest: 'digest-3', passphraseHash: '$argon2id$x', recoveryHash: '$argon2id$y', roles: ['member'], timeZone: null, createdAt: clock.now() });
    await stores.logins.create('expiry-digest', 'account-3', expiresAt);
    const found = await stores.logins.find('expiry-digest');
    const read = await stores.loginAccounts.readWithExpiry('expiry-digest');
    for (const instant of [found?.expiresAt, read?.expiresAt]) {
      expect(instant).toBeGreaterThan(expiresAt - 5_000);
      expect(instant).toBeLessThanOrEqual(expiresAt);
    }
  });

  it('drops what is already past on the hub\'s clock within a millisecond', async () => {
    await stores.logins.create('past-digest', 'account-2', clock.now() - 1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await stores.logins.findAccountId('past-digest')).toBeNull();
  });
});
