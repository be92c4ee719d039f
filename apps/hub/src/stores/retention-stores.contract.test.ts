/**
 * One contract, memory and the real Redis, for what the lifecycle's duties and the retention run
 * ask of the stores: duties queued in the due queue and claimed once, a held session counted
 * once, a session record and its seats deleted, moderation entries pruned by the hub's clock, a
 * long-expired code deleted, lapsed sign-ins dropped from an account's set. Times are relative to now, so nothing depends on the calendar.
 */
import { timesForOccurrence } from '@respite/domain';
import { deleteKeysWithPrefix, keysWithPrefix, openTestRedis, uniqueKeyPrefix } from '../testing/redis-test-env';
import { ManualClock, systemClock } from '../clock';
import { DUTY_LEASE_MS, type SessionRecord, dutyCheckId, dutyOfCheck } from './session.store';
import { type Stores, createMemoryStores, createRedisStores } from './stores';

const day = 24 * 60 * 60_000;

const implementations: [string, () => { stores: Stores; keys(): Promise<string[]>; members(key: string): Promise<string[]>; close(): Promise<void> }][] = [
  ['memory', () => ({ stores: createMemoryStores(new ManualClock(Date.now())), keys: async () => [], members: async () => [], close: async () => {} })],
  ['redis', () => {
    const redis = openTestRedis();
    const prefix = uniqueKeyPrefix();
    return {
      stores: createRedisStores({ durable: redis, ephemeral: redis }, prefix, systemClock),
      keys: async () => (await keysWithPrefix(redis, prefix)).map((key) => key.slice(prefix.length)).sort(),
      members: (key: string) => redis.smembers(`${prefix}${key}`),
      close: async () => {
        await deleteKeysWithPrefix(redis, prefix);
        redis.disconnect();
      },
    };
  }],
];

const start = Date.now() + 2 * day;
const session = (id: string, startsAt = start): SessionRecord => ({ id, groupId: 'group-r1', ...timesForOccurrence(startsAt, 60), state: 'scheduled', openedAt: null, closedAt: null });

describe.each(implementations)('retention stores (%s)', (name, open) => {
  let harness: ReturnType<typeof open>;
  let stores: Stores;
  beforeEach(() => {
    harness = open();
    stores = harness.stores;
  });
  afterEach(async () => {
    await harness.close();
  });

  it('queues duties beside the sessions; a claim leases a duty to one caller, and if-absent never postpones one', async () => {
    await stores.sessions.create(session('session-r1'));
    await stores.sessions.queueDuty('planning', start - 60 * 60_000, 'replace');
    await stores.sessions.queueDuty('planning', start + day, 'if-absent'); // a later start must not push it back
    await stores.sessions.queueDuty('retention', start + day, 'if-absent');
    const claimed = await stores.sessions.claimDueChecks(start, 10);
    expect(claimed).toEqual([dutyCheckId('planning'), 'session-r1']);
    expect(claimed.map(dutyOfCheck)).toEqual(['planning', null]);
    expect(await stores.sessions.claimDueChecks(start, 10)).toEqual([]);
    // The claim leased the duty: still queued, due again a lease later unless its node re-queues it.
    expect(await stores.sessions.claimDueChecks(start + DUTY_LEASE_MS - 1, 10)).toEqual([]);
    expect(await stores.sessions.claimDueChecks(start + DUTY_LEASE_MS, 10)).toEqual([dutyCheckId('planning')]);
    await stores.sessions.queueDuty('planning', start + 3 * day, 'replace'); // its node finished: next run
    await stores.sessions.queueDuty('retention', start + 2 * day, 'replace');
    expect(await stores.sessions.claimDueChecks(start + day, 10)).toEqual([]); // moved later by 'replace'
    expect(await stores.sessions.claimDueChecks(start + 2 * day, 10)).toEqual([dutyCheckId('retention')]);
  });

  it('counts a held session once in its month, never a cancelled or open one, and prunes old months', async () => {
    await stores.sessions.create(session('session-held'));
    await stores.sessions.create(session('session-open'));
    await stores.sessions.create(session('session-cancelled'));
    expect(await stores.sessions.countHeld('session-held', '2031-03')).toBe(false); // not closed yet
    await stores.sessions.markClosed('session-held', start + 60 * 60_000);
    await stores.sessions.transition('session-open', 'scheduled', 'lobby', start);
    await stores.sessions.cancel('session-cancelled', start - day);
    expect(await stores.sessions.countHeld('session-held', '2031-03')).toBe(true);
    expect(await stores.sessions.countHeld('session-held', '2031-03')).toBe(false);
    expect(await stores.sessions.countHeld('session-open', '2031-03')).toBe(false);
    expect(await stores.sessions.countHeld('session-cancelled', '2031-03')).toBe(false);
    expect(await stores.sessions.countHeld('session-missing', '2031-03')).toBe(false);
    expect(await stores.sessions.heldCounts('group-r1', ['2031-02', '2031-03'])).toEqual([0, 1]);
    await stores.sessions.pruneHeldCounts('group-r1', '2031-04');
    expect(await stores.sessions.heldCounts('group-r1', ['2031-03'])).toEqual([0]);
  });

  it('deletes a session record with its list entry, due check and seats', async () => {
    await stores.sessions.create(session('session-gone'));
    await stores.sessions.create(session('session-kept', start + day));
    await stores.sessionSeats.reserve('session-gone', 'ref-1', 5, start + 2 * 60 * 60_000);
    await stores.sessionSeats.eraseSession('session-gone');
    await stores.sessions.delete('session-gone');
    await stores.sessions.delete('session-never-was');
    expect(await stores.sessions.get('session-gone')).toBeNull();
    expect(await stores.sessionSeats.counts('session-gone')).toEqual({ seated: 0, waiting: 0 });
    expect((await stores.sessions.listForGroup('group-r1', 0, start + 2 * day)).map((found) => found.id)).toEqual(['session-kept']);
    expect(await stores.sessions.claimDueChecks(start + 2 * day, 10)).toEqual(['session-kept']);
    if (name === 'redis') expect((await harness.keys()).filter((key) => key.includes('session-gone'))).toEqual([]);
  });

  it('prunes moderation entries at or before a cutoff, by the clock it is given', async () => {
    const at = Date.now();
    for (const offset of [0, 10, 20]) {
      await stores.moderationRecord.append('group-r1', { at: at + offset * day, action: 'member_muted', actorAlias: 'Facilitator Sam', actorRole: 'facilitator', targetAlias: 'Quiet Heron', amount: 5 }, 90 * day);
    }
    await stores.moderationRecord.prune('group-r1', at + 10 * day);
    expect((await stores.moderationRecord.list('group-r1', at + 20 * day, 90 * day)).map((entry) => entry.at)).toEqual([at + 20 * day]);
    await stores.moderationRecord.prune('group-r1', at + 30 * day);
    expect(await stores.moderationRecord.list('group-r1', at + 20 * day, 90 * day)).toEqual([]);
    if (name === 'redis') expect((await harness.keys()).filter((key) => key.includes('moderation-record'))).toEqual([]);
  });

  it('drops the digests of lapsed sign-ins from the account\'s set at its next sign-in (redis)', async () => {
    if (name !== 'redis') return; // the memory stores forget a lapsed sign-in when it is next read
    await stores.logins.create('token-lapsing', 'account-logins', Date.now() + 50);
    await stores.logins.create('token-kept', 'account-logins', Date.now() + 60_000);
    await new Promise((resolve) => setTimeout(resolve, 120));
    await stores.logins.create('token-new', 'account-logins', Date.now() + 60_000);
    expect((await harness.members('account:account-logins:logins')).sort()).toEqual(['token-kept', 'token-new']);
    await stores.logins.deleteAllFor('account-logins');
    expect(await stores.logins.findAccountId('token-kept')).toBeNull();
  });

  it('deletes an invite code: it leaves the sponsor list and answers as unknown', async () => {
    const now = Date.now();
    await stores.sponsors.saveInvite({ code: 'RET-OLD1', sponsorId: 'sponsor-r1', seats: 5, seatsUsed: 0, expiresAt: now - day, groupIds: ['group-r1'], status: 'active', createdAt: now - 30 * day });
    await stores.sponsors.saveInvite({ code: 'RET-NEW1', sponsorId: 'sponsor-r1', seats: 5, seatsUsed: 0, expiresAt: now + day, groupIds: ['group-r1'], status: 'active', createdAt: now });
    expect(await stores.sponsors.redeem('RET-OLD1', 'account-r1', now)).toBe('invalid');
    await stores.sponsors.deleteInvite('RET-OLD1');
    expect(await stores.sponsors.getInvite('RET-OLD1')).toBeNull();
    expect(await stores.sponsors.listInviteCodes('sponsor-r1')).toEqual(['RET-NEW1']);
    expect(await stores.sponsors.redeem('RET-OLD1', 'account-r1', now)).toBe('invalid');
  });
});
