/**
 * One contract, two implementations: every behaviour the services rely on, run against the
 * in-memory stores and against the real Redis.
 */
import { timesForOccurrence } from '@respite/domain';
import { ManualClock } from '../clock';
import { NODE_ALIVE_REUSE_MS } from './redis/presence.store.redis';
import { deleteKeysWithPrefix, keysWithPrefix, openTestRedis, uniqueKeyPrefix } from '../testing/redis-test-env';
import type { AccountRecord } from './account.store';
import type { MembershipRecord } from './group.store';
import type { CountedHit } from './rate-limit.store';
import type { SessionRecord } from './session.store';
import { type RedisConnections, type Stores, createMemoryStores, createRedisStores } from './stores';

// The wall clock, not a calendar date: the Redis run's keys expire by Redis's own clock.
const T0 = Date.now();

interface Harness {
  stores: Stores;
  clock: ManualClock;
  /** Every key the store wrote with its remaining time to live, for the Redis run. */
  ttls(): Promise<Map<string, number>>;
  close(): Promise<void>;
}

const implementations: [string, () => Harness][] = [
  ['memory', () => {
    const clock = new ManualClock(T0);
    return { stores: createMemoryStores(clock), clock, ttls: async () => new Map(), close: async () => {} };
  }],
  ['redis', () => {
    // Redis keeps real time for expiries; the clock drives only what the stores are told.
    const clock = new ManualClock(Date.now());
    const redis = openTestRedis();
    const connections: RedisConnections = { durable: redis, ephemeral: redis };
    const prefix = uniqueKeyPrefix();
    return {
      stores: createRedisStores(connections, prefix, clock), clock,
      ttls: async () => {
        const result = new Map<string, number>();
        for (const key of await keysWithPrefix(redis, prefix)) result.set(key.slice(prefix.length), await redis.pttl(key));
        return result;
      },
      close: async () => {
        await deleteKeysWithPrefix(redis, prefix);
        redis.disconnect();
      },
    };
  }],
];

function account(id: string, handleDigest = `digest-${id}`): AccountRecord {
  return { id, handleDigest, passphraseHash: '$argon2id$x', recoveryHash: '$argon2id$y', roles: ['member'], timeZone: null, createdAt: T0 };
}

function membership(groupId: string, accountId: string, alias: string): MembershipRecord {
  return {
    groupId, accountId, memberRef: `ref-${accountId}`, alias, aliasKey: alias.toLowerCase(), role: 'member',
    normsAcceptedAt: T0, joinedAt: T0, status: 'active',
  };
}

function session(id: string, startsAt: number, groupId = 'group-0001'): SessionRecord {
  return { id, groupId, ...timesForOccurrence(startsAt, 90), state: 'scheduled', openedAt: null, closedAt: null };
}

describe.each(implementations)('%s stores', (_name, makeHarness) => {
  let harness: Harness;
  let stores: Stores;
  beforeEach(() => {
    harness = makeHarness();
    stores = harness.stores;
  });
  afterEach(async () => {
    await harness.close();
  });

  describe('accounts', () => {
    it('creates, finds by handle digest, updates and deletes', async () => {
      expect(await stores.accounts.create(account('acct-0001'))).toBe('created');
      expect(await stores.accounts.findIdByHandle('digest-acct-0001')).toBe('acct-0001');
      await stores.accounts.update('acct-0001', { timeZone: 'Europe/Berlin', roles: ['member', 'facilitator'] });
      expect(await stores.accounts.get('acct-0001')).toEqual({ ...account('acct-0001'), timeZone: 'Europe/Berlin', roles: ['member', 'facilitator'] });
      await stores.accounts.delete('acct-0001');
      expect(await stores.accounts.get('acct-0001')).toBeNull();
      expect(await stores.accounts.findIdByHandle('digest-acct-0001')).toBeNull();
    });

    it('refuses a second account with the same handle digest', async () => {
      await stores.accounts.create(account('acct-0001', 'same'));
      expect(await stores.accounts.create(account('acct-0002', 'same'))).toBe('handle_taken');
      expect(await stores.accounts.get('acct-0002')).toBeNull();
    });

    it('keeps sign-ins until they are deleted, one or all', async () => {
      const expiresAt = harness.clock.now() + 60_000;
      await stores.logins.create('token-a', 'acct-0001', expiresAt);
      await stores.logins.create('token-b', 'acct-0001', expiresAt);
      await stores.logins.create('token-c', 'acct-0002', expiresAt);
      expect(await stores.logins.findAccountId('token-a')).toBe('acct-0001');
      await stores.logins.delete('token-a');
      expect(await stores.logins.findAccountId('token-a')).toBeNull();
      await stores.logins.deleteAllFor('acct-0001');
      expect(await stores.logins.findAccountId('token-b')).toBeNull();
      expect(await stores.logins.findAccountId('token-c')).toBe('acct-0002');
    });

    it('lists the sign-ins of one account that have not lapsed', async () => {
      const expiresAt = harness.clock.now() + 60_000;
      // Lapses by the store's clock: Redis's own for the Redis store, the manual one in memory.
      // (First: the Redis store's per-account set takes the expiry of the latest sign-in.)
      await stores.logins.create('token-d', 'acct-0001', harness.clock.now() + 30);
      await stores.logins.create('token-a', 'acct-0001', expiresAt);
      await stores.logins.create('token-b', 'acct-0001', expiresAt);
      await stores.logins.create('token-c', 'acct-0002', expiresAt);
      await new Promise((resolve) => setTimeout(resolve, 60));
      harness.clock.advance(60);
      expect((await stores.logins.listFor('acct-0001')).sort()).toEqual(['token-a', 'token-b']);
      await stores.logins.delete('token-a');
      expect(await stores.logins.listFor('acct-0001')).toEqual(['token-b']);
      expect(await stores.logins.listFor('acct-0003')).toEqual([]);
    });

    it('reads the account behind a sign-in, and nothing for an unknown sign-in or a deleted account', async () => {
      const expiresAt = harness.clock.now() + 60_000;
      await stores.accounts.create({ ...account('acct-0001'), timeZone: 'Europe/Berlin', roles: ['member', 'facilitator'] });
      await stores.logins.create('token-a', 'acct-0001', expiresAt);
      await stores.logins.create('token-b', 'acct-0002', expiresAt);
      expect(await stores.loginAccounts.read('token-a')).toEqual(await stores.accounts.get('acct-0001'));
      expect(await stores.loginAccounts.read('token-a')).toMatchObject({ id: 'acct-0001', timeZone: 'Europe/Berlin', roles: ['member', 'facilitator'] });
      expect(await stores.loginAccounts.read('token-unknown')).toBeNull();
      expect(await stores.loginAccounts.read('token-b')).toBeNull();
      await stores.logins.delete('token-a');
      expect(await stores.loginAccounts.read('token-a')).toBeNull();
    });

    it('reads a sign-in with its expiry on the hub\'s clock, and nothing once it is deleted', async () => {
      const expiresAt = harness.clock.now() + 60_000;
      await stores.accounts.create(account('acct-0001'));
      await stores.logins.create('token-a', 'acct-0001', expiresAt);
      // Redis keeps its own time: the expiry comes back as the hub's now plus what is left, so
      // within the milliseconds the test itself took (exact on the memory stores).
      const found = await stores.logins.find('token-a');
      expect(found?.accountId).toBe('acct-0001');
      expect(found!.expiresAt).toBeGreaterThan(expiresAt - 5_000);
      expect(found!.expiresAt).toBeLessThanOrEqual(expiresAt);
      const read = await stores.loginAccounts.readWithExpiry('token-a');
      expect(read?.account).toEqual(await stores.accounts.get('acct-0001'));
      expect(read!.expiresAt).toBeGreaterThan(expiresAt - 5_000);
      expect(read!.expiresAt).toBeLessThanOrEqual(expiresAt);
      expect(await stores.logins.find('token-unknown')).toBeNull();
      await stores.logins.delete('token-a');
      expect(await stores.logins.find('token-a')).toBeNull();
      expect(await stores.loginAccounts.readWithExpiry('token-a')).toBeNull();
    });
  });

  describe('groups and memberships', () => {
    it('keeps aliases unique within a group, and frees an alias when its member leaves', async () => {
      expect(await stores.groups.addMembership(membership('group-0001', 'acct-0001', 'Quiet Heron'))).toBe('added');
      expect(await stores.groups.addMembership(membership('group-0001', 'acct-0002', 'Quiet Heron'))).toBe('alias_taken');
      expect(await stores.groups.addMembership(membership('group-0002', 'acct-0002', 'Quiet Heron'))).toBe('added');
      expect(await stores.groups.addMembership(membership('group-0001', 'acct-0001', 'Other'))).toBe('already_member');
      expect((await stores.groups.groupIdsOf('acct-0002')).sort()).toEqual(['group-0002']);
      await stores.groups.removeMembership('group-0001', 'acct-0001');
      expect(await stores.groups.getMembership('group-0001', 'acct-0001')).toBeNull();
      expect(await stores.groups.groupIdsOf('acct-0001')).toEqual([]);
      expect(await stores.groups.addMembership(membership('group-0001', 'acct-0002', 'Quiet Heron'))).toBe('added');
    });

    it('changes an alias only to one that is free', async () => {
      await stores.groups.addMembership(membership('group-0001', 'acct-0001', 'Quiet Heron'));
      await stores.groups.addMembership(membership('group-0001', 'acct-0002', 'Calm River'));
      expect(await stores.groups.changeAlias('group-0001', 'acct-0002', 'Quiet Heron', 'quiet heron')).toBe('alias_taken');
      expect(await stores.groups.changeAlias('group-0001', 'acct-0002', 'Bright Fern', 'bright fern')).toBe('changed');
      expect(await stores.groups.changeAlias('group-0001', 'acct-0003', 'Nobody', 'nobody')).toBe('not_member');
      expect((await stores.groups.getMembership('group-0001', 'acct-0002'))?.alias).toBe('Bright Fern');
      expect(await stores.groups.addMembership(membership('group-0001', 'acct-0003', 'Calm River'))).toBe('added');
    });
  });

  describe('session access', () => {
    it('reads a session with its group and one account\'s membership, and nothing for what is missing', async () => {
      const group = {
        id: 'group-0001', name: 'Evening Circle', description: 'A group', norms: ['Be kind'], capacity: 12, sponsorIds: [], createdAt: T0,
        schedule: { weekdays: [1], everyWeeks: 1, localStartTime: '19:00', timeZone: 'America/Chicago', durationMinutes: 90, anchorDate: '2026-01-05' },
      };
      await stores.groups.saveGroup(group);
      await stores.groups.addMembership(membership('group-0001', 'acct-0001', 'Quiet Heron'));
      await stores.sessions.create(session('session-01', T0 + 3_600_000));
      await stores.sessions.create(session('session-02', T0 + 3_600_000, 'group-gone'));
      await stores.accounts.create({ ...account('acct-0001'), roles: ['member', 'facilitator'] });
      const read = await stores.sessionAccess.read('session-01', 'acct-0001');
      expect(read).toEqual({
        account: await stores.accounts.get('acct-0001'), session: await stores.sessions.get('session-01'),
        group: await stores.groups.getGroup('group-0001'), membership: await stores.groups.getMembership('group-0001', 'acct-0001'),
      });
      expect(read.account).toMatchObject({ id: 'acct-0001', roles: ['member', 'facilitator'] });
      expect(read.membership).toMatchObject({ alias: 'Quiet Heron', role: 'member', status: 'active' });
      expect(await stores.sessionAccess.read('session-01', 'acct-0002')).toMatchObject({ account: null, session: { id: 'session-01' }, group: { name: 'Evening Circle' }, membership: null });
      expect(await stores.sessionAccess.read('session-02', 'acct-0001')).toMatchObject({ account: { id: 'acct-0001' }, session: { id: 'session-02' }, group: null, membership: null });
      expect(await stores.sessionAccess.read('session-missing', 'acct-0001')).toMatchObject({ account: { id: 'acct-0001' }, session: null, group: null, membership: null });
    });
  });

  describe('invites and seats', () => {
    const invite = (seats: number) => ({
      code: 'CODE-0001', sponsorId: 'sponsor-1', seats, seatsUsed: 0, expiresAt: harness.clock.now() + 60_000,
      groupIds: ['group-0001'], status: 'active' as const, createdAt: T0,
    });

    it('gives out at most the code\'s seats, even to concurrent redeemers', async () => {
      await stores.sponsors.saveInvite(invite(3));
      const outcomes = await Promise.all(Array.from({ length: 10 }, (_, index) => stores.sponsors.redeem('CODE-0001', `acct-${index}`, harness.clock.now())));
      expect(outcomes.filter((outcome) => outcome === 'redeemed')).toHaveLength(3);
      expect((await stores.sponsors.getInvite('CODE-0001'))?.seatsUsed).toBe(3);
    });

    it('refuses expired, paused and revoked codes, and takes no second seat of one sponsor', async () => {
      await stores.sponsors.saveInvite(invite(5));
      expect(await stores.sponsors.redeem('CODE-0001', 'acct-1', harness.clock.now())).toBe('redeemed');
      expect(await stores.sponsors.redeem('CODE-0001', 'acct-1', harness.clock.now())).toBe('already_holds');
      expect((await stores.sponsors.getInvite('CODE-0001'))?.seatsUsed).toBe(1);
      expect(await stores.sponsors.seatsOf('acct-1')).toEqual([{ sponsorId: 'sponsor-1', groupIds: ['group-0001'] }]);
      expect(await stores.sponsors.redeem('CODE-0001', 'acct-2', harness.clock.now() + 61_000)).toBe('invalid');
      await stores.sponsors.saveInvite({ ...invite(5), status: 'paused' });
      expect(await stores.sponsors.redeem('CODE-0001', 'acct-3', harness.clock.now())).toBe('invalid');
      expect(await stores.sponsors.redeem('NO-SUCH-CODE', 'acct-3', harness.clock.now())).toBe('invalid');
      await stores.sponsors.releaseSeats('acct-1');
      expect(await stores.sponsors.seatsOf('acct-1')).toEqual([]);
    });

    it('admits nobody with a full code, not even a holder of another of the sponsor\'s seats', async () => {
      await stores.sponsors.saveInvite({ ...invite(1), code: 'CODE-WIDE', groupIds: ['group-0001'] });
      await stores.sponsors.saveInvite({ ...invite(1), code: 'CODE-FULL', groupIds: ['group-0002'] });
      expect(await stores.sponsors.redeem('CODE-WIDE', 'acct-1', harness.clock.now())).toBe('redeemed');
      expect(await stores.sponsors.redeem('CODE-FULL', 'acct-2', harness.clock.now())).toBe('redeemed');
      // acct-1 holds a seat of sponsor-1 already; the full code must not widen it to group-0002.
      expect(await stores.sponsors.redeem('CODE-FULL', 'acct-1', harness.clock.now())).toBe('invalid');
      expect(await stores.sponsors.seatsOf('acct-1')).toEqual([{ sponsorId: 'sponsor-1', groupIds: ['group-0001'] }]);
      expect((await stores.sponsors.getInvite('CODE-FULL'))?.seatsUsed).toBe(1);
    });

    it('keeps seats in use per sponsor exact through redemption, giving up a seat and account deletion', async () => {
      await stores.sponsors.saveInvite(invite(10));
      await stores.sponsors.saveInvite({ ...invite(10), code: 'CODE-0002', sponsorId: 'sponsor-2', groupIds: ['group-0002'] });
      for (const account of ['acct-1', 'acct-2', 'acct-3']) await stores.sponsors.redeem('CODE-0001', account, harness.clock.now());
      await stores.sponsors.redeem('CODE-0002', 'acct-1', harness.clock.now());
      expect(await stores.sponsors.seatsInUse('sponsor-1')).toBe(3);
      expect(await stores.sponsors.seatsInUse('sponsor-2')).toBe(1);
      expect((await stores.sponsors.seatsOf('acct-1')).map((seat) => seat.sponsorId).sort()).toEqual(['sponsor-1', 'sponsor-2']);
      expect(await stores.sponsors.releaseSeat('acct-2', 'sponsor-1')).toBe(true);
      expect(await stores.sponsors.releaseSeat('acct-2', 'sponsor-1')).toBe(false);
      expect(await stores.sponsors.seatsInUse('sponsor-1')).toBe(2);
      await stores.sponsors.releaseSeats('acct-1');
      expect(await stores.sponsors.seatsInUse('sponsor-1')).toBe(1);
      expect(await stores.sponsors.seatsInUse('sponsor-2')).toBe(0);
      expect(await stores.sponsors.listInviteCodes('sponsor-1')).toEqual(['CODE-0001']);
    });

    it('changes only a code\'s status, so a pause never loses a concurrent redemption', async () => {
      await stores.sponsors.saveInvite(invite(5));
      await stores.sponsors.redeem('CODE-0001', 'acct-1', harness.clock.now());
      expect(await stores.sponsors.setInviteStatus('CODE-0001', 'paused')).toBe(true);
      expect(await stores.sponsors.setInviteStatus('NO-SUCH-CODE', 'paused')).toBe(false);
      expect(await stores.sponsors.getInvite('CODE-0001')).toMatchObject({ status: 'paused', seatsUsed: 1 });
      expect(await stores.sponsors.redeem('CODE-0001', 'acct-2', harness.clock.now())).toBe('invalid');
      await stores.sponsors.setInviteStatus('CODE-0001', 'active');
      expect(await stores.sponsors.redeem('CODE-0001', 'acct-2', harness.clock.now())).toBe('redeemed');
    });

    it('links an administrator to one sponsor, and a rotated calendar feed forgets its old secret', async () => {
      await stores.sponsors.setAdmin('acct-9', 'sponsor-1');
      expect(await stores.sponsors.adminSponsorOf('acct-9')).toBe('sponsor-1');
      await stores.sponsors.setCalendarFeed('sponsor-1', { secretDigest: 'digest-a', createdAt: T0 });
      expect(await stores.sponsors.sponsorForCalendarFeed('digest-a')).toBe('sponsor-1');
      await stores.sponsors.setCalendarFeed('sponsor-1', { secretDigest: 'digest-b', createdAt: T0 + 1 });
      expect(await stores.sponsors.sponsorForCalendarFeed('digest-a')).toBeNull();
      expect(await stores.sponsors.sponsorForCalendarFeed('digest-b')).toBe('sponsor-1');
      expect(await stores.sponsors.calendarFeedOf('sponsor-1')).toEqual({ secretDigest: 'digest-b', createdAt: T0 + 1 });
      await stores.sponsors.removeAdmin('acct-9');
      expect(await stores.sponsors.adminSponsorOf('acct-9')).toBeNull();
    });

    it('counts distinct members per sponsor, group and month, and the count expires', async () => {
      const expiresAt = harness.clock.now() + 60_000;
      for (const digest of ['d1', 'd2', 'd2', 'd3']) await stores.sponsors.recordAttendance('sponsor-1', 'group-0001', '2026-11', digest, expiresAt);
      await stores.sponsors.recordAttendance('sponsor-1', 'group-0001', '2026-12', 'd1', expiresAt);
      expect(await stores.sponsors.attendanceCount('sponsor-1', 'group-0001', '2026-11')).toBe(3);
      expect(await stores.sponsors.attendanceCount('sponsor-1', 'group-0001', '2026-12')).toBe(1);
      expect(await stores.sponsors.attendanceCount('sponsor-2', 'group-0001', '2026-11')).toBe(0);
      const ttls = await harness.ttls();
      for (const [key, ttl] of ttls) if (key.includes(':attendance:')) expect(ttl).toBeGreaterThan(0);
    });
  });

  describe('sessions and the lifecycle queue', () => {
    it('creates once, lists by start, and moves state only from the expected state', async () => {
      const start = harness.clock.now() + 60 * 60_000;
      expect(await stores.sessions.create(session('session-01', start))).toBe('created');
      expect(await stores.sessions.create(session('session-01', start))).toBe('exists');
      await stores.sessions.create(session('session-02', start + 7 * 86_400_000));
      expect((await stores.sessions.listForGroup('group-0001', start - 1, start + 1)).map((s) => s.id)).toEqual(['session-01']);
      expect(await stores.sessions.transition('session-01', 'scheduled', 'lobby', start - 1000)).toBe(true);
      expect(await stores.sessions.transition('session-01', 'scheduled', 'lobby', start - 900)).toBe(false);
      expect(await stores.sessions.get('session-01')).toMatchObject({ state: 'lobby', openedAt: start - 1000 });
      expect(await stores.sessions.markClosed('session-01', start)).toBe(true);
      expect(await stores.sessions.markClosed('session-01', start + 1)).toBe(false);
      expect(await stores.sessions.get('session-01')).toMatchObject({ state: 'closed', closedAt: start });
    });

    it('hands each due check to exactly one of many concurrent claimers', async () => {
      const now = harness.clock.now();
      for (let index = 0; index < 20; index += 1) await stores.sessions.create(session(`session-${index}`, now - 60_000));
      await stores.sessions.create(session('session-later', now + 3 * 60 * 60_000));
      const claims = await Promise.all(Array.from({ length: 5 }, () => stores.sessions.claimDueChecks(now, 7)));
      const claimed = claims.flat();
      const more = await stores.sessions.claimDueChecks(now, 100);
      expect(new Set([...claimed, ...more]).size).toBe(claimed.length + more.length);
      expect([...claimed, ...more].sort()).toEqual(Array.from({ length: 20 }, (_, index) => `session-${index}`).sort());
      await stores.sessions.scheduleCheck('session-later', now);
      expect(await stores.sessions.claimDueChecks(now, 100)).toEqual(['session-later']);
    });
  });

  describe('messages', () => {
    const message = (clientId: string, text = `text of ${clientId}`) => ({
      clientKey: `ref-1:${clientId}`, authorRef: 'ref-1', alias: 'Quiet Heron', role: 'member' as const, text, clientId,
    });

    it('refuses to store into a room that is not open', async () => {
      expect(await stores.messages.append('session-01', message('client-1'), harness.clock.now() + 60_000)).toEqual({ status: 'closed' });
      expect(await stores.messages.readAfter('session-01', null, 10)).toEqual([]);
    });

    it('tells exactly one of several concurrent openers that it opened the room', async () => {
      const expiresAt = harness.clock.now() + 60_000;
      const opened = await Promise.all(Array.from({ length: 8 }, () => stores.messages.openRoom('session-01', expiresAt)));
      expect(opened.filter(Boolean)).toHaveLength(1);
      expect(await stores.messages.openRoom('session-01', expiresAt)).toBe(false);
      await stores.messages.eraseSession('session-01');
      expect(await stores.messages.openRoom('session-01', expiresAt)).toBe(true);
    });

    it('stores in order, deduplicates a client key, and reads exactly what came after an id', async () => {
      const expiresAt = harness.clock.now() + 60_000;
      await stores.messages.openRoom('session-01', expiresAt);
      const ids: string[] = [];
      for (let index = 0; index < 5; index += 1) {
        const outcome = await stores.messages.append('session-01', message(`client-${index}`), expiresAt);
        expect(outcome.status).toBe('stored');
        if (outcome.status === 'stored') ids.push(outcome.id);
      }
      expect(await stores.messages.append('session-01', message('client-2'), expiresAt)).toMatchObject({ status: 'duplicate', id: ids[2] });
      expect(await stores.messages.append('session-01', message('client-5'), expiresAt)).toMatchObject({ status: 'stored', previousId: ids[4] });
      ids.push((await stores.messages.readAfter('session-01', null, 1))[0]!.id);
      expect((await stores.messages.readAfter('session-01', null, 100)).map((m) => m.id)).toEqual(ids);
      expect((await stores.messages.readAfter('session-01', null, 2)).map((m) => m.id)).toEqual(ids.slice(4));
      const after = await stores.messages.readAfter('session-01', ids[1]!, 100);
      expect(after.map((m) => m.text)).toEqual(['text of client-2', 'text of client-3', 'text of client-4', 'text of client-5']);
      expect(after[0]).toMatchObject({ authorRef: 'ref-1', alias: 'Quiet Heron', role: 'member', clientId: 'client-2' });
    });

    it('erases a session completely, and a closed room refuses further sends', async () => {
      const expiresAt = harness.clock.now() + 60_000;
      await stores.messages.openRoom('session-01', expiresAt);
      await stores.messages.append('session-01', message('client-1'), expiresAt);
      await stores.presence.add('session-01', 'conn-1', { memberRef: 'ref-1', alias: 'Quiet Heron', role: 'member' }, expiresAt);
      await stores.messages.eraseSession('session-01');
      await stores.presence.eraseSession('session-01');
      expect(await stores.messages.isRoomOpen('session-01')).toBe(false);
      expect(await stores.messages.readAfter('session-01', null, 100)).toEqual([]);
      expect(await stores.presence.list('session-01')).toEqual([]);
      expect((await stores.messages.append('session-01', message('client-2'), expiresAt)).status).toBe('closed');
      expect([...(await harness.ttls()).keys()].filter((key) => key.includes('session-01'))).toEqual([]);
    });

    it('gives every ephemeral key an expiry no later than the one asked for', async () => {
      const expiresAt = harness.clock.now() + 90_000;
      await stores.messages.openRoom('session-01', expiresAt);
      await stores.messages.append('session-01', message('client-1'), expiresAt);
      await stores.presence.add('session-01', 'conn-1', { memberRef: 'ref-1', alias: 'Quiet Heron', role: 'member' }, expiresAt);
      if (_name === 'redis') {
        const roomKeys = [...(await harness.ttls())].filter(([key]) => key.startsWith('eph:session:'));
        expect(roomKeys.map(([key]) => key).sort()).toEqual(['client-ids', 'messages', 'open', 'presence'].map((suffix) => `eph:session:{session-01}:${suffix}`));
        for (const [key, ttl] of roomKeys) expect([key, ttl > 0 && ttl <= 90_000]).toEqual([key, true]);
      } else {
        // The in-memory store has no server clock: it drops the room once its own clock passes the expiry.
        harness.clock.advance(90_001);
        expect(await stores.messages.isRoomOpen('session-01')).toBe(false);
        expect(await stores.messages.readAfter('session-01', null, 10)).toEqual([]);
        expect(await stores.presence.list('session-01')).toEqual([]);
      }
    });
  });

  describe('presence', () => {
    it('lists each member once however many connections they have', async () => {
      const expiresAt = harness.clock.now() + 60_000;
      const heron = { memberRef: 'ref-1', alias: 'Quiet Heron', role: 'member' as const };
      await stores.presence.add('session-01', 'conn-1', heron, expiresAt);
      await stores.presence.add('session-01', 'conn-2', heron, expiresAt);
      await stores.presence.add('session-01', 'conn-3', { memberRef: 'ref-2', alias: 'Calm River', role: 'facilitator' }, expiresAt);
      expect((await stores.presence.list('session-01')).map((m) => m.alias)).toEqual(['Calm River', 'Quiet Heron']);
      await stores.presence.remove('session-01', 'conn-1');
      expect((await stores.presence.list('session-01')).map((m) => m.alias)).toEqual(['Calm River', 'Quiet Heron']);
      await stores.presence.remove('session-01', 'conn-2');
      expect((await stores.presence.list('session-01')).map((m) => m.alias)).toEqual(['Calm River']);
    });
  });

  describe('presence across nodes', () => {
    it('drops the entries of a node whose heartbeat lapsed, and keeps those of live nodes', async () => {
      const now = harness.clock.now();
      await stores.presence.heartbeat('node-a', Date.now() + 60_000 + (now - Date.now()));
      await stores.presence.heartbeat('node-b', Date.now() + 60_000 + (now - Date.now()));
      const expiresAt = now + 120_000;
      await stores.presence.add('session-01', 'node-a/conn-1', { memberRef: 'ref-1', alias: 'Quiet Heron', role: 'member' }, expiresAt);
      await stores.presence.add('session-01', 'node-b/conn-2', { memberRef: 'ref-2', alias: 'Calm River', role: 'member' }, expiresAt);
      expect((await stores.presence.list('session-01')).map((m) => m.alias)).toEqual(['Calm River', 'Quiet Heron']);
      // node-b dies without saying goodbye: its heartbeat lapses. A node seen alive is believed for
      // NODE_ALIVE_REUSE_MS (Redis store), so its entries drop out within that.
      await stores.presence.heartbeat('node-b', Date.now() + 1 + (now - Date.now()));
      await new Promise((resolve) => setTimeout(resolve, NODE_ALIVE_REUSE_MS + 20));
      harness.clock.advance(NODE_ALIVE_REUSE_MS + 20);
      expect((await stores.presence.list('session-01')).map((m) => m.alias)).toEqual(['Quiet Heron']);
    });
  });

  describe('room entry', () => {
    const heron = { memberRef: 'ref-1', alias: 'Quiet Heron', role: 'member' as const };
    const request = (afterId: string | null, limit = 50, counter: CountedHit | null = null) => ({
      sessionId: 'session-01', connectionId: 'conn-1', member: heron, loginDigest: 'login-1', afterId, limit, expiresAt: harness.clock.now() + 60_000, counter,
    });

    it('leaves a room that is not open untouched, and does not count the join', async () => {
      const counter = { key: 'joins:acct-1', limit: 1, windowMs: 60_000 };
      expect(await stores.roomEntry.enter(request(null, 50, counter))).toEqual({ status: 'closed' });
      expect(await stores.rateLimits.hit(counter.key, 1, 60_000)).toEqual({ allowed: true, retryAfterMs: 0 });
      expect(await stores.presence.list('session-01')).toEqual([]);
      expect((await stores.roomModeration.joinGate('session-01', 'ref-1')).entered).toBe(false);
      if (_name === 'redis') expect([...(await harness.ttls()).keys()].filter((key) => key.includes('session-01'))).toEqual([]);
    });

    it('records presence and "entered", and answers the latest messages or exactly those after an id, with who is there', async () => {
      const expiresAt = harness.clock.now() + 60_000;
      await stores.messages.openRoom('session-01', expiresAt);
      await stores.presence.add('session-01', 'conn-2', { memberRef: 'ref-2', alias: 'Calm River', role: 'facilitator' }, expiresAt);
      const ids: string[] = [];
      for (let index = 0; index < 4; index += 1) {
        const outcome = await stores.messages.append('session-01', {
          clientKey: `ref-2:c${index}`, authorRef: 'ref-2', alias: 'Calm River', role: 'facilitator', text: `text ${index}`, clientId: `c${index}`,
        }, expiresAt);
        if (outcome.status === 'stored') ids.push(outcome.id);
      }
      const latest = await stores.roomEntry.enter(request(null, 2));
      if (latest.status !== 'entered') throw new Error(`not entered: ${latest.status}`);
      expect(latest.messages.map((m) => m.text)).toEqual(['text 2', 'text 3']);
      expect(latest.messages[0]).toMatchObject({ id: ids[2], authorRef: 'ref-2', alias: 'Calm River', role: 'facilitator', clientId: 'c2' });
      expect(latest.presence.map((m) => m.alias)).toEqual(['Calm River', 'Quiet Heron']);
      expect((await stores.roomModeration.joinGate('session-01', 'ref-1')).entered).toBe(true);
      const missed = await stores.roomEntry.enter(request(ids[0]!, 2));
      expect(missed.status === 'entered' && missed.messages.map((m) => m.id)).toEqual(ids.slice(1));
      expect(await stores.presence.list('session-01')).toEqual(latest.presence);
      if (_name === 'redis') {
        for (const [key, ttl] of [...(await harness.ttls())].filter(([key]) => key.startsWith('eph:session:'))) {
          expect([key, ttl > 0 && ttl <= 60_000]).toEqual([key, true]);
        }
      }
    });
  });

  describe('counted in the same step', () => {
    const counter = { key: 'joins:acct-1', limit: 2, windowMs: 60_000 };
    const heron = { memberRef: 'ref-1', alias: 'Quiet Heron', role: 'member' as const };

    it('enters a room up to the counter\'s limit, then refuses with a wait and writes nothing', async () => {
      const expiresAt = harness.clock.now() + 60_000;
      await stores.messages.openRoom('session-01', expiresAt);
      const enter = (connectionId: string) => stores.roomEntry.enter({ sessionId: 'session-01', connectionId, member: heron, loginDigest: 'login-1', afterId: null, limit: 50, expiresAt, counter });
      expect((await enter('conn-1')).status).toBe('entered');
      expect((await enter('conn-2')).status).toBe('entered');
      const refused = await enter('conn-3');
      expect(refused.status).toBe('rate_limited');
      expect(refused.status === 'rate_limited' && refused.retryAfterMs > 0 && refused.retryAfterMs <= 60_000).toBe(true);
      expect((await stores.presence.list('session-01')).length).toBe(1);
      // The same counter as a plain hit: the entries counted on it.
      expect((await stores.rateLimits.hit(counter.key, 3, 60_000)).allowed).toBe(false);
    });

    it('posts up to the counter\'s limit, counts retries of a client key, and stores nothing over it', async () => {
      const expiresAt = harness.clock.now() + 60_000;
      const message = (clientId: string) => ({ clientKey: `ref-1:${clientId}`, authorRef: 'ref-1', alias: 'Quiet Heron', role: 'member' as const, text: `text of ${clientId}`, clientId });
      const post = (clientId: string, counted: CountedHit | null = counter) => stores.roomPost.post({ sessionId: 'session-01', message: message(clientId), expiresAt, counter: counted, asker: { memberRef: 'ref-1', loginDigest: 'login-1' }, gate: null });
      expect(await post('c1')).toEqual({ status: 'closed' });
      await stores.messages.openRoom('session-01', expiresAt);
      expect((await post('c1')).status).toBe('stored');
      expect((await post('c1')).status).toBe('duplicate');
      const refused = await post('c2');
      expect(refused.status === 'rate_limited' && refused.retryAfterMs > 0 && refused.retryAfterMs <= 60_000).toBe(true);
      expect((await stores.messages.readAfter('session-01', null, 10)).map((m) => m.clientId)).toEqual(['c1']);
      // Without a counter the post is not limited.
      expect((await post('c3', null)).status).toBe('stored');
    });
  });

  describe('rate limits', () => {
    it('allows the limit within a window and refuses the next, with a wait', async () => {
      const verdicts = [];
      for (let index = 0; index < 4; index += 1) verdicts.push(await stores.rateLimits.hit('subject-1', 3, 60_000));
      expect(verdicts.map((verdict) => verdict.allowed)).toEqual([true, true, true, false]);
      expect(verdicts[3]!.retryAfterMs).toBeGreaterThan(0);
      expect((await stores.rateLimits.hit('subject-2', 3, 60_000)).allowed).toBe(true);
    });
  });
});
