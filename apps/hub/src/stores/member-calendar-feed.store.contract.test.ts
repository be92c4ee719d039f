/** One contract for member calendar feeds, memory and the real Redis: replace, look up, rotate, revoke. */
import { ManualClock } from '../clock';
import { deleteKeysWithPrefix, keysWithPrefix, openTestRedis, uniqueKeyPrefix } from '../testing/redis-test-env';
import { type Stores, createMemoryStores, createRedisStores } from './stores';

const implementations: [string, () => { stores: Stores; keyCount(): Promise<number>; close(): Promise<void> }][] = [
  ['memory', () => ({ stores: createMemoryStores(new ManualClock(Date.now())), keyCount: async () => 0, close: async () => {} })],
  ['redis', () => {
    const redis = openTestRedis();
    const prefix = uniqueKeyPrefix();
    return {
      stores: createRedisStores({ durable: redis, ephemeral: redis }, prefix, new ManualClock(Date.now())),
      keyCount: async () => (await keysWithPrefix(redis, prefix)).length,
      close: async () => {
        await deleteKeysWithPrefix(redis, prefix);
        redis.disconnect();
      },
    };
  }],
];

describe.each(implementations)('member calendar feeds (%s)', (name, open) => {
  let harness: ReturnType<typeof open>;
  beforeEach(() => {
    harness = open();
  });
  afterEach(async () => {
    await harness.close();
  });

  it('opens the account by the current digest only, and forgets everything on revoke', async () => {
    const feeds = harness.stores.memberCalendarFeeds;
    await feeds.replace('account-1', { secretDigest: 'digest-old', createdAt: 1, showGroupNames: false });
    expect(await feeds.accountFor('digest-old')).toBe('account-1');
    await feeds.replace('account-1', { secretDigest: 'digest-new', createdAt: 2, showGroupNames: true });
    expect(await feeds.accountFor('digest-old')).toBeNull();
    expect(await feeds.accountFor('digest-new')).toBe('account-1');
    expect(await feeds.feedOf('account-1')).toEqual({ secretDigest: 'digest-new', createdAt: 2, showGroupNames: true });
    await feeds.revoke('account-1');
    expect(await feeds.accountFor('digest-new')).toBeNull();
    expect(await feeds.feedOf('account-1')).toBeNull();
    if (name === 'redis') expect(await harness.keyCount()).toBe(0);
  });
});
