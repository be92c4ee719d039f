/**
 * One contract for session seats, memory and the real Redis: capacity, the waitlist in arrival
 * order, promotion of exactly one waiting member when a seat frees, late entry while a seat is
 * free, the race of many members for the last seat, and expiry with the session.
 */
import { ManualClock } from '../clock';
import { deleteKeysWithPrefix, keysWithPrefix, openTestRedis, uniqueKeyPrefix } from '../testing/redis-test-env';
import { type Stores, createMemoryStores, createRedisStores } from './stores';

const implementations: [string, () => { stores: Stores; clock: ManualClock; ttls(): Promise<number[]>; close(): Promise<void> }][] = [
  ['memory', () => {
    const clock = new ManualClock(Date.now());
    return { stores: createMemoryStores(clock), clock, ttls: async () => [], close: async () => {} };
  }],
  ['redis', () => {
    const clock = new ManualClock(Date.now());
    const redis = openTestRedis();
    const prefix = uniqueKeyPrefix();
    return {
      stores: createRedisStores({ durable: redis, ephemeral: redis }, prefix, clock), clock,
      ttls: async () => Promise.all((await keysWithPrefix(redis, prefix)).map((key) => redis.pttl(key))),
      close: async () => {
        await deleteKeysWithPrefix(redis, prefix);
        redis.disconnect();
      },
    };
  }],
];

describe.each(implementations)('session seats (%s)', (_name, open) => {
  let harness: ReturnType<typeof open>;
  let expiresAt: number;
  beforeEach(() => {
    harness = open();
    expiresAt = harness.clock.now() + 3_600_000;
  });
  afterEach(async () => {
    await harness.close();
  });

  it('seats up to capacity, then waitlists in arrival order; repeating an answer changes nothing', async () => {
    const seats = harness.stores.sessionSeats;
    expect(await seats.reserve('session-1', 'ref-a', 2, expiresAt)).toEqual({ status: 'seated' });
    expect(await seats.reserve('session-1', 'ref-b', 2, expiresAt)).toEqual({ status: 'seated' });
    expect(await seats.reserve('session-1', 'ref-c', 2, expiresAt)).toEqual({ status: 'waitlisted', position: 1 });
    expect(await seats.reserve('session-1', 'ref-d', 2, expiresAt)).toEqual({ status: 'waitlisted', position: 2 });
    expect(await seats.reserve('session-1', 'ref-a', 2, expiresAt)).toEqual({ status: 'seated' });
    expect(await seats.reserve('session-1', 'ref-d', 2, expiresAt)).toEqual({ status: 'waitlisted', position: 2 });
    expect(await seats.counts('session-1')).toEqual({ seated: 2, waiting: 2 });
    expect(await seats.status('session-1', 'ref-z')).toEqual({ status: 'none' });
    // Redis counts the session's remaining hour on its own clock (the hub's deadline less the hub's
    // now), less the moments this test took; never an instant, which a moved calendar would shift.
    const remaining = expiresAt - harness.clock.now();
    for (const ttl of await harness.ttls()) expect([ttl > remaining - 10_000, ttl <= remaining]).toEqual([true, true]);
  });

  it('promotes exactly the first waiting member when a seat frees, and nobody when a waiting member leaves', async () => {
    const seats = harness.stores.sessionSeats;
    for (const ref of ['ref-a', 'ref-b', 'ref-c', 'ref-d']) await seats.reserve('session-1', ref, 2, expiresAt);
    expect(await seats.release('session-1', 'ref-d', 2)).toEqual({ promoted: null });
    expect(await seats.release('session-1', 'ref-a', 2)).toEqual({ promoted: 'ref-c' });
    expect(await seats.status('session-1', 'ref-c')).toEqual({ status: 'seated' });
    expect(await seats.counts('session-1')).toEqual({ seated: 2, waiting: 0 });
    expect(await seats.release('session-1', 'ref-b', 2)).toEqual({ promoted: null });
    expect(await seats.counts('session-1')).toEqual({ seated: 1, waiting: 0 });
  });

  it('lets a late member enter while a seat is free, and refuses one without a seat once full', async () => {
    const seats = harness.stores.sessionSeats;
    await seats.reserve('session-1', 'ref-a', 2, expiresAt);
    expect(await seats.claimForEntry('session-1', 'ref-a', 2, expiresAt)).toBe(true);
    expect(await seats.claimForEntry('session-1', 'ref-late', 2, expiresAt)).toBe(true);
    expect(await seats.claimForEntry('session-1', 'ref-too-late', 2, expiresAt)).toBe(false);
    expect(await seats.claimForEntry('session-1', 'ref-late', 2, expiresAt)).toBe(true); // a reconnect keeps the seat
  });

  it('gives the last seat to exactly one of many racing members', async () => {
    const seats = harness.stores.sessionSeats;
    await seats.reserve('session-1', 'ref-first', 2, expiresAt);
    const refs = Array.from({ length: 12 }, (_, index) => `ref-racer-${index}`);
    const outcomes = await Promise.all(refs.map((ref, index) => (index % 2 === 0
      ? seats.reserve('session-1', ref, 2, expiresAt).then((outcome) => outcome.status === 'seated')
      : seats.claimForEntry('session-1', ref, 2, expiresAt))));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect((await seats.counts('session-1')).seated).toBe(2);
  });
});
