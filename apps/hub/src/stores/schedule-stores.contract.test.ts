/**
 * One contract, memory and the real Redis, for what schedule management asks of the stores:
 * re-timing a session only from allowed states (moving its due check), cancelling only a scheduled
 * session and undoing that (only for a cancelled session), and listing the members to tell.
 */
import { timesForOccurrence } from '@respite/domain';
import { deleteKeysWithPrefix, openTestRedis, uniqueKeyPrefix } from '../testing/redis-test-env';
import { ManualClock } from '../clock';
import type { SessionRecord } from './session.store';
import { type Stores, createMemoryStores, createRedisStores } from './stores';

const implementations: [string, () => { stores: Stores; close(): Promise<void> }][] = [
  ['memory', () => ({ stores: createMemoryStores(new ManualClock(Date.now())), close: async () => {} })],
  ['redis', () => {
    const redis = openTestRedis();
    const prefix = uniqueKeyPrefix();
    return {
      stores: createRedisStores({ durable: redis, ephemeral: redis }, prefix, new ManualClock(Date.now())),
      close: async () => {
        await deleteKeysWithPrefix(redis, prefix);
        redis.disconnect();
      },
    };
  }],
];

// A whole hour a week from the wall clock: any date works, and the stores see a session still to come.
const start = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 7 * 86_400_000;
const session = (id: string): SessionRecord => ({ id, groupId: 'group-0001', ...timesForOccurrence(start, 90), state: 'scheduled', openedAt: null, closedAt: null });

describe.each(implementations)('schedule stores (%s)', (_name, open) => {
  let harness: ReturnType<typeof open>;
  let stores: Stores;
  beforeEach(() => {
    harness = open();
    stores = harness.stores;
  });
  afterEach(async () => {
    await harness.close();
  });

  it('re-times a scheduled session, moves its due check and its place in the group list', async () => {
    await stores.sessions.create(session('session-01'));
    const later = timesForOccurrence(start + 2 * 3_600_000, 60);
    const retimed = await stores.sessions.retime('session-01', ['scheduled'], { ...later, checkAt: later.lobbyOpensAt });
    expect(retimed).toMatchObject({ ...later, state: 'scheduled' });
    expect(await stores.sessions.claimDueChecks(start - 10 * 60_000, 10)).toEqual([]); // the old lobby time claims nothing
    expect(await stores.sessions.claimDueChecks(later.lobbyOpensAt, 10)).toEqual(['session-01']);
    expect((await stores.sessions.listForGroup('group-0001', start + 3_600_000, start + 3 * 3_600_000)).map((found) => found.id)).toEqual(['session-01']);
  });

  it('refuses to re-time a session whose state is not allowed, and records the extension total', async () => {
    await stores.sessions.create(session('session-02'));
    await stores.sessions.transition('session-02', 'scheduled', 'lobby', start - 600_000);
    const times = timesForOccurrence(start, 90);
    expect(await stores.sessions.retime('session-02', ['scheduled'], { ...times, checkAt: start })).toBeNull();
    const extended = await stores.sessions.retime('session-02', ['lobby', 'live'], { ...times, endsAt: times.endsAt + 600_000, extendedMinutes: 10, checkAt: start });
    expect(extended).toMatchObject({ state: 'lobby', endsAt: times.endsAt + 600_000, extendedMinutes: 10 });
    expect(await stores.sessions.retime('missing-session', ['lobby'], { ...times, checkAt: start })).toBeNull();
  });

  it('cancels only a scheduled session, once, and drops its due check', async () => {
    await stores.sessions.create(session('session-03'));
    expect(await stores.sessions.cancel('session-03', start - 86_400_000)).toBe(true);
    expect(await stores.sessions.cancel('session-03', start - 86_400_000)).toBe(false);
    expect(await stores.sessions.get('session-03')).toMatchObject({ state: 'closed', openedAt: null, cancelledAt: start - 86_400_000 });
    expect(await stores.sessions.claimDueChecks(start + 86_400_000, 10)).toEqual([]);
    await stores.sessions.create(session('session-04'));
    await stores.sessions.transition('session-04', 'scheduled', 'lobby', start - 600_000);
    expect(await stores.sessions.cancel('session-04', start)).toBe(false);
  });

  it('undoes a cancellation only for a cancelled session: scheduled again, new times, due check queued', async () => {
    await stores.sessions.create(session('session-05'));
    const times = timesForOccurrence(start, 90);
    expect(await stores.sessions.uncancel('session-05', { ...times, checkAt: times.lobbyOpensAt })).toBeNull(); // not cancelled
    expect(await stores.sessions.cancel('session-05', start - 86_400_000)).toBe(true);
    const later = timesForOccurrence(start + 3_600_000, 60);
    const restored = await stores.sessions.uncancel('session-05', { ...later, checkAt: later.lobbyOpensAt });
    expect(restored).toMatchObject({ ...later, state: 'scheduled', openedAt: null, closedAt: null, cancelledAt: null });
    expect(await stores.sessions.get('session-05')).toEqual(restored);
    expect(await stores.sessions.uncancel('session-05', { ...later, checkAt: later.lobbyOpensAt })).toBeNull(); // once
    expect(await stores.sessions.claimDueChecks(later.lobbyOpensAt - 1, 10)).toEqual([]);
    expect(await stores.sessions.claimDueChecks(later.lobbyOpensAt, 10)).toEqual(['session-05']);
    expect((await stores.sessions.listForGroup('group-0001', later.startsAt, later.startsAt + 1)).map((found) => found.id)).toEqual(['session-05']);
    // A session that ended after opening is closed but was not cancelled: it never comes back.
    await stores.sessions.create(session('session-06'));
    await stores.sessions.transition('session-06', 'scheduled', 'lobby', start - 600_000);
    await stores.sessions.markClosed('session-06', start + 600_000);
    expect(await stores.sessions.uncancel('session-06', { ...times, checkAt: start })).toBeNull();
    expect(await stores.sessions.uncancel('missing-session', { ...times, checkAt: start })).toBeNull();
  });

  it('lists the account ids of a group', async () => {
    for (const accountId of ['account-1', 'account-2']) {
      await stores.groups.addMembership({ groupId: 'group-0001', accountId, memberRef: `ref-${accountId}`, alias: accountId, aliasKey: accountId, role: 'member', normsAcceptedAt: null, joinedAt: 1, status: 'active' });
    }
    expect((await stores.groups.memberAccountIds('group-0001')).sort()).toEqual(['account-1', 'account-2']);
    expect(await stores.groups.memberAccountIds('group-0002')).toEqual([]);
  });
});
