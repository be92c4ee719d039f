/**
 * One contract for the moderation stores, run against memory and the real Redis: room moderation
 * state (ephemeral, erased with the room, expiring with it) and the durable moderation record.
 */
import { ManualClock } from '../clock';
import { deleteKeysWithPrefix, keysWithPrefix, openTestRedis, uniqueKeyPrefix } from '../testing/redis-test-env';
import type { MembershipRecord } from './group.store';
import { type RedisConnections, type Stores, createMemoryStores, createRedisStores } from './stores';

interface Harness {
  stores: Stores;
  clock: ManualClock;
  kind: 'memory' | 'redis';
  ttls(): Promise<Map<string, number>>;
  close(): Promise<void>;
}

const implementations: [string, () => Harness][] = [
  ['memory', () => {
    const clock = new ManualClock(Date.now());
    return { stores: createMemoryStores(clock), clock, kind: 'memory', ttls: async () => new Map(), close: async () => {} };
  }],
  ['redis', () => {
    const clock = new ManualClock(Date.now());
    const redis = openTestRedis();
    const connections: RedisConnections = { durable: redis, ephemeral: redis };
    const prefix = uniqueKeyPrefix();
    return {
      stores: createRedisStores(connections, prefix, clock), clock, kind: 'redis',
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

const S = 'session-mod-01';

describe.each(implementations)('%s moderation stores', (_name, makeHarness) => {
  let harness: Harness;
  let stores: Stores;
  let expiresAt: number;
  beforeEach(() => {
    harness = makeHarness();
    stores = harness.stores;
    expiresAt = harness.clock.now() + 120_000;
  });
  afterEach(async () => harness.close());

  it('keeps settings, mutes with their end, hands in order, and member flags', async () => {
    const now = harness.clock.now();
    await stores.roomModeration.updateSettings(S, { slowModeSeconds: 10, paused: true, pinnedNotice: 'Be kind', goRound: { order: ['a', 'b'], index: 1 } }, expiresAt);
    await stores.roomModeration.mute(S, 'ref-a', now + 60_000, expiresAt);
    await stores.roomModeration.mute(S, 'ref-old', now - 1, expiresAt);
    await stores.roomModeration.raiseHand(S, 'ref-b', now + 5, expiresAt);
    await stores.roomModeration.raiseHand(S, 'ref-a', now + 1, expiresAt);
    await stores.roomModeration.raiseHand(S, 'ref-a', now + 9, expiresAt); // a second raise keeps the first time
    await stores.roomModeration.setFlag(S, 'away', 'ref-c', true, expiresAt);
    await stores.roomModeration.setFlag(S, 'removed', 'ref-d', true, expiresAt);
    const state = await stores.roomModeration.read(S, now);
    expect(state).toMatchObject({ slowModeSeconds: 10, paused: true, locked: false, pinnedNotice: 'Be kind', goRound: { order: ['a', 'b'], index: 1 } });
    expect([...state.mutes]).toEqual([['ref-a', now + 60_000]]);
    expect([...state.hands].sort((x, y) => x[1] - y[1])).toEqual([['ref-a', now + 1], ['ref-b', now + 5]]);
    expect([...state.away]).toEqual(['ref-c']);
    expect([...state.removed]).toEqual(['ref-d']);
    expect(await stores.roomModeration.muteRemaining(S, 'ref-a', now + 59_000)).toBe(1000);
    await stores.roomModeration.unmute(S, 'ref-a');
    await stores.roomModeration.lowerHand(S, 'ref-a');
    await stores.roomModeration.setFlag(S, 'away', 'ref-c', false, expiresAt);
    await stores.roomModeration.setWaiting(S, 'ref-e', 'Calm River', expiresAt);
    expect([...(await stores.roomModeration.read(S, now)).waiting]).toEqual([['ref-e', 'Calm River']]);
    await stores.roomModeration.setWaiting(S, 'ref-e', null, expiresAt);
    const after = await stores.roomModeration.read(S, now);
    expect([after.mutes.size, [...after.hands.keys()], after.away.size, after.waiting.size]).toEqual([0, ['ref-b'], 0, 0]);
  });

  it('lets exactly one of a burst of concurrent sends through slow mode', async () => {
    const now = harness.clock.now();
    await stores.roomModeration.updateSettings(S, { slowModeSeconds: 5 }, expiresAt);
    const verdicts = await Promise.all(Array.from({ length: 20 }, () => stores.roomModeration.sendGate(S, 'ref-a', now, expiresAt)));
    expect(verdicts.filter((gate) => gate.verdict === 'allowed')).toHaveLength(1);
    expect(await stores.roomModeration.sendGate(S, 'ref-a', now + 4000, expiresAt)).toEqual({ verdict: 'slowed', retryAfterMs: 1000 });
    expect(await stores.roomModeration.sendGate(S, 'ref-a', now + 5000, expiresAt)).toEqual({ verdict: 'allowed' });
  });

  it('answers a join gate for one member in one read', async () => {
    expect(await stores.roomModeration.joinGate(S, 'ref-a')).toEqual({ removed: false, entered: false, admitted: false, waiting: false, locked: false, admission: 'automatic' });
    await stores.roomModeration.updateSettings(S, { locked: true, admission: 'manual' }, expiresAt);
    await stores.roomModeration.setFlag(S, 'removed', 'ref-a', true, expiresAt);
    await stores.roomModeration.setFlag(S, 'entered', 'ref-a', true, expiresAt);
    await stores.roomModeration.setFlag(S, 'admitted', 'ref-b', true, expiresAt);
    await stores.roomModeration.setWaiting(S, 'ref-c', 'Quiet Heron', expiresAt);
    expect(await stores.roomModeration.joinGate(S, 'ref-a')).toEqual({ removed: true, entered: true, admitted: false, waiting: false, locked: true, admission: 'manual' });
    expect(await stores.roomModeration.joinGate(S, 'ref-b')).toMatchObject({ removed: false, entered: false, admitted: true, waiting: false });
    expect(await stores.roomModeration.joinGate(S, 'ref-c')).toMatchObject({ admitted: false, waiting: true });
  });

  it('answers a send gate in the order paused, muted, slowed, and claims the slow-mode slot only when allowed', async () => {
    const now = harness.clock.now();
    expect(await stores.roomModeration.sendGate(S, 'ref-a', now, expiresAt)).toEqual({ verdict: 'allowed' });
    await stores.roomModeration.mute(S, 'ref-a', now + 30_000, expiresAt);
    await stores.roomModeration.mute(S, 'ref-b', now - 1, expiresAt);
    await stores.roomModeration.updateSettings(S, { paused: true }, expiresAt);
    expect(await stores.roomModeration.sendGate(S, 'ref-a', now, expiresAt)).toEqual({ verdict: 'paused' });
    await stores.roomModeration.updateSettings(S, { paused: false, slowModeSeconds: 10 }, expiresAt);
    expect(await stores.roomModeration.sendGate(S, 'ref-a', now, expiresAt)).toEqual({ verdict: 'muted', retryAfterMs: 30_000 });
    // An ended mute does not hold; slow mode lets the first send through and holds the next.
    expect(await stores.roomModeration.sendGate(S, 'ref-b', now, expiresAt)).toEqual({ verdict: 'allowed' });
    expect(await stores.roomModeration.sendGate(S, 'ref-b', now + 4_000, expiresAt)).toEqual({ verdict: 'slowed', retryAfterMs: 6_000 });
    expect(await stores.roomModeration.sendGate(S, 'ref-b', now + 10_000, expiresAt)).toEqual({ verdict: 'allowed' });
  });

  it('posts through the send gate, the counter and the append in one step, and stores nothing it refuses', async () => {
    const now = harness.clock.now();
    const message = (memberRef: string, clientId: string) => ({ clientKey: `${memberRef}:${clientId}`, authorRef: memberRef, alias: 'Quiet Heron', role: 'member' as const, text: `text ${clientId}`, clientId });
    const post = (memberRef: string, clientId: string, options: { gated?: boolean; at?: number; limit?: number } = {}) => stores.roomPost.post({
      sessionId: S, message: message(memberRef, clientId), expiresAt,
      counter: { key: `messages:${memberRef}`, limit: options.limit ?? 10, windowMs: 20_000 }, asker: { memberRef, loginDigest: `login-${memberRef}` },
      gate: options.gated === false ? null : { memberRef, now: options.at ?? now },
    });
    // The gate answers before the open check, as the service had it; a closed room stores nothing.
    expect(await post('ref-a', 'c0')).toEqual({ status: 'closed' });
    await stores.messages.openRoom(S, expiresAt);
    expect((await post('ref-a', 'c1')).status).toBe('stored');
    await stores.roomModeration.updateSettings(S, { paused: true }, expiresAt);
    expect(await post('ref-a', 'c2')).toEqual({ status: 'gated', gate: { verdict: 'paused' } });
    // A facilitator's post has no gate.
    expect((await post('ref-f', 'c3', { gated: false })).status).toBe('stored');
    await stores.roomModeration.updateSettings(S, { paused: false, slowModeSeconds: 10 }, expiresAt);
    await stores.roomModeration.mute(S, 'ref-m', now + 30_000, expiresAt);
    expect(await post('ref-m', 'c4')).toEqual({ status: 'gated', gate: { verdict: 'muted', retryAfterMs: 30_000 } });
    expect((await post('ref-b', 'c5')).status).toBe('stored');
    expect(await post('ref-b', 'c6', { at: now + 4_000 })).toEqual({ status: 'gated', gate: { verdict: 'slowed', retryAfterMs: 6_000 } });
    // The counter refuses over its limit once the gate has let the post through.
    await stores.roomModeration.updateSettings(S, { slowModeSeconds: 0 }, expiresAt);
    expect((await post('ref-c', 'c7', { limit: 1 })).status).toBe('stored');
    const limited = await post('ref-c', 'c8', { limit: 1 });
    expect(limited.status === 'rate_limited' && limited.retryAfterMs > 0 && limited.retryAfterMs <= 20_000).toBe(true);
    expect((await stores.messages.readAfter(S, null, 50)).map((stored) => stored.clientId)).toEqual(['c1', 'c3', 'c5', 'c7']);
  });

  it('refuses a removed member, a refused membership and a refused sign-in, in the entry and the post, before anything else, writing nothing', async () => {
    const now = harness.clock.now();
    await stores.messages.openRoom(S, expiresAt);
    const member = (memberRef: string) => ({ memberRef, alias: `Alias ${memberRef}`, role: 'member' as const });
    const counter = (memberRef: string) => ({ key: `refusal-joins:${memberRef}`, limit: 10, windowMs: 60_000 });
    const enter = (memberRef: string, loginDigest = `login-${memberRef}`) => stores.roomEntry.enter({
      sessionId: S, connectionId: `conn-${memberRef}`, member: member(memberRef), loginDigest, afterId: null, limit: 50, expiresAt, counter: counter(memberRef),
    });
    const post = (memberRef: string, clientId: string, loginDigest = `login-${memberRef}`, gated = true) => stores.roomPost.post({
      sessionId: S, message: { clientKey: `${memberRef}:${clientId}`, authorRef: memberRef, alias: `Alias ${memberRef}`, role: 'member', text: `text ${clientId}`, clientId },
      expiresAt, counter: null, asker: { memberRef, loginDigest }, gate: gated ? { memberRef, now } : null,
    });
    await stores.roomModeration.setFlag(S, 'removed', 'ref-removed', true, expiresAt);
    await stores.roomModeration.refuse(S, { memberRef: 'ref-banned' }, 'banned', expiresAt);
    await stores.roomModeration.refuse(S, { memberRef: 'ref-left' }, 'left_group', expiresAt);
    await stores.roomModeration.refuse(S, { loginDigest: 'login-gone' }, 'signed_out', expiresAt);
    expect(await stores.roomModeration.refusalOf(S, { memberRef: 'ref-removed', loginDigest: 'login-x' })).toBe('removed');
    expect(await stores.roomModeration.refusalOf(S, { memberRef: 'ref-banned', loginDigest: 'login-x' })).toBe('banned');
    expect(await stores.roomModeration.refusalOf(S, { memberRef: 'ref-ok', loginDigest: 'login-gone' })).toBe('signed_out');
    expect(await stores.roomModeration.refusalOf(S, { memberRef: 'ref-ok', loginDigest: 'login-ok' })).toBeNull();
    expect(await stores.roomModeration.refusalOf('another-session', { memberRef: 'ref-banned', loginDigest: 'login-gone' })).toBeNull();
    expect(await enter('ref-removed')).toEqual({ status: 'refused', reason: 'removed' });
    expect(await enter('ref-banned')).toEqual({ status: 'refused', reason: 'banned' });
    expect(await enter('ref-left')).toEqual({ status: 'refused', reason: 'left_group' });
    // The same member on another sign-in still enters; the refused sign-in does not.
    expect(await enter('ref-ok', 'login-gone')).toEqual({ status: 'refused', reason: 'signed_out' });
    expect((await enter('ref-ok', 'login-ok')).status).toBe('entered');
    // Nothing was written for a refused entry: no presence, no "entered", the join not counted.
    expect((await stores.presence.list(S)).map((present) => present.memberRef)).toEqual(['ref-ok']);
    expect((await stores.roomModeration.joinGate(S, 'ref-banned')).entered).toBe(false);
    expect((await stores.rateLimits.hit(counter('ref-banned').key, 1, 60_000)).allowed).toBe(true);
    // The post refuses before the gate (no slow-mode slot taken) and for a facilitator's ungated post too.
    await stores.roomModeration.updateSettings(S, { slowModeSeconds: 10 }, expiresAt);
    expect(await post('ref-banned', 'p1')).toEqual({ status: 'refused', reason: 'banned' });
    expect(await post('ref-removed', 'p2', undefined, false)).toEqual({ status: 'refused', reason: 'removed' });
    expect(await post('ref-ok', 'p3', 'login-gone')).toEqual({ status: 'refused', reason: 'signed_out' });
    expect((await post('ref-ok', 'p4', 'login-ok')).status).toBe('stored');
    expect((await stores.messages.readAfter(S, null, 50)).map((stored) => stored.clientId)).toEqual(['p4']);
  });

  it('counts one reaction per member, message and kind', async () => {
    expect(await stores.roomModeration.addReaction(S, '1-0', 'heart', 'ref-a', expiresAt)).toBe(1);
    expect(await stores.roomModeration.addReaction(S, '1-0', 'heart', 'ref-a', expiresAt)).toBe(1);
    expect(await stores.roomModeration.addReaction(S, '1-0', 'heart', 'ref-b', expiresAt)).toBe(2);
    expect(await stores.roomModeration.addReaction(S, '1-0', 'hug', 'ref-b', expiresAt)).toBe(1);
    const byEntry = (a: { messageId: string; reaction: string; memberRef: string }, b: typeof a) => `${a.messageId}${a.reaction}${a.memberRef}`.localeCompare(`${b.messageId}${b.reaction}${b.memberRef}`);
    expect((await stores.roomModeration.listReactions(S)).sort(byEntry)).toEqual([
      { messageId: '1-0', reaction: 'heart', memberRef: 'ref-a' }, { messageId: '1-0', reaction: 'heart', memberRef: 'ref-b' }, { messageId: '1-0', reaction: 'hug', memberRef: 'ref-b' },
    ]);
    expect(await stores.roomModeration.listReactions('session-without-any')).toEqual([]);
  });

  it('keeps crisis alerts until acknowledged, once, oldest first, and erases them with the session', async () => {
    const at = harness.clock.now();
    await stores.roomModeration.addAlert(S, { alertId: 'alert-2', memberRef: 'ref-b', alias: 'Still Lake', source: 'message', at: at + 5 }, expiresAt);
    await stores.roomModeration.addAlert(S, { alertId: 'alert-1', memberRef: 'ref-a', alias: 'Quiet Heron', source: 'support_button', at }, expiresAt);
    expect((await stores.roomModeration.listAlerts(S)).map((alert) => alert.alertId)).toEqual(['alert-1', 'alert-2']);
    expect((await stores.roomModeration.listAlerts(S))[0]).toEqual({ alertId: 'alert-1', memberRef: 'ref-a', alias: 'Quiet Heron', source: 'support_button', at });
    const acknowledged = await Promise.all([1, 2, 3].map(() => stores.roomModeration.acknowledgeAlert(S, 'alert-1')));
    expect(acknowledged.filter(Boolean)).toHaveLength(1);
    expect((await stores.roomModeration.listAlerts(S)).map((alert) => alert.alertId)).toEqual(['alert-2']);
    if (harness.kind === 'redis') {
      const [, ttl] = [...(await harness.ttls())].find(([key]) => key.endsWith(':alerts')) ?? ['', 0];
      expect(ttl > 0 && ttl <= 120_000).toBe(true);
    }
    await stores.messages.eraseSession(S);
    await stores.roomModeration.eraseSession(S);
    expect(await stores.roomModeration.listAlerts(S)).toEqual([]);
  });

  it('reads the open check-ins with the rest of the state', async () => {
    await stores.roomModeration.openCheckIn(S, 'ref-a', expiresAt);
    expect([...(await stores.roomModeration.read(S, harness.clock.now())).checkIns]).toEqual(['ref-a']);
  });

  it('keeps reports and check-ins, and erases everything of the session at once', async () => {
    const at = harness.clock.now();
    await stores.roomModeration.addReport(S, { messageId: '1-0', reportedRef: 'ref-a', reportedAlias: 'Quiet Heron', reason: null, at }, expiresAt);
    await stores.roomModeration.openCheckIn(S, 'ref-a', expiresAt);
    await stores.roomModeration.addCheckInMessage(S, { memberRef: 'ref-a', fromAlias: 'Guide', fromRole: 'facilitator', text: 'How are you?', at }, expiresAt);
    expect(await stores.roomModeration.listReports(S)).toHaveLength(1);
    expect(await stores.roomModeration.isCheckInOpen(S, 'ref-a')).toBe(true);
    expect((await stores.roomModeration.listCheckInMessages(S))[0]?.text).toBe('How are you?');
    if (harness.kind === 'redis') {
      const keys = [...(await harness.ttls())].filter(([key]) => key.includes(S));
      expect(keys.map(([key]) => key.split(':').pop()).sort()).toEqual(['check-ins', 'flags', 'reports']);
      for (const [key, ttl] of keys) expect([key, ttl > 0 && ttl <= 120_000]).toEqual([key, true]);
    }
    await stores.roomModeration.eraseSession(S);
    expect(await stores.roomModeration.listReports(S)).toEqual([]);
    expect(await stores.roomModeration.listCheckInMessages(S)).toEqual([]);
    expect(await stores.roomModeration.isCheckInOpen(S, 'ref-a')).toBe(false);
    expect([...(await harness.ttls()).keys()].filter((key) => key.includes(S))).toEqual([]);
  });

  it('is erased by the close: on Redis its keys are among the room keys the message store deletes', async () => {
    await stores.roomModeration.updateSettings(S, { locked: true }, expiresAt);
    await stores.messages.eraseSession(S);
    // In memory nothing is shared, so the lifecycle erases this store too (session-lifecycle.service).
    if (harness.kind === 'memory') await stores.roomModeration.eraseSession(S);
    expect((await stores.roomModeration.read(S, harness.clock.now())).locked).toBe(false);
  });

  it('keeps the moderation record for the retention only, without any text field', async () => {
    const now = harness.clock.now();
    const day = 24 * 60 * 60_000;
    await stores.moderationRecord.append('group-mod-1', { at: now - 10 * day, action: 'member_muted', actorAlias: 'Guide', actorRole: 'facilitator', targetAlias: 'Quiet Heron', amount: 5 }, 90 * day);
    await stores.moderationRecord.append('group-mod-1', { at: now, action: 'message_deleted', actorAlias: 'Guide', actorRole: 'facilitator', targetAlias: 'Quiet Heron', amount: null }, 90 * day);
    expect((await stores.moderationRecord.list('group-mod-1', now, 90 * day)).map((entry) => entry.action)).toEqual(['member_muted', 'message_deleted']);
    expect((await stores.moderationRecord.list('group-mod-1', now, 5 * day)).map((entry) => entry.action)).toEqual(['message_deleted']);
    expect(await stores.moderationRecord.list('group-other', now, 90 * day)).toEqual([]);
    if (harness.kind === 'redis') {
      const ttl = [...(await harness.ttls())].find(([key]) => key.includes('moderation-record'))?.[1] ?? 0;
      expect(ttl).toBeGreaterThan(89 * day);
      expect(ttl).toBeLessThanOrEqual(90 * day);
    }
  });

  it('bans a membership and finds a membership by its ref', async () => {
    const membership: MembershipRecord = {
      groupId: 'group-mod-1', accountId: 'account-mod-1', memberRef: 'ref-mod-1', alias: 'Quiet Heron', aliasKey: 'quiet heron',
      role: 'member', normsAcceptedAt: null, joinedAt: harness.clock.now(), status: 'active',
    };
    await stores.groups.addMembership(membership);
    expect((await stores.groups.membershipByRef('group-mod-1', 'ref-mod-1'))?.accountId).toBe('account-mod-1');
    expect(await stores.groups.membershipByRef('group-mod-1', 'ref-nobody')).toBeNull();
    expect(await stores.groups.setMembershipStatus('group-mod-1', 'account-mod-1', 'banned')).toBe(true);
    expect(await stores.groups.getMembership('group-mod-1', 'account-mod-1')).toEqual({ ...membership, status: 'banned' });
    expect(await stores.groups.setMembershipStatus('group-mod-1', 'account-nobody', 'banned')).toBe(false);
  });

  it('deletes one message for everyone', async () => {
    await stores.messages.openRoom(S, expiresAt);
    const stored = await stores.messages.append(S, { clientKey: 'ref-a:c1', authorRef: 'ref-a', alias: 'Quiet Heron', role: 'member', text: 'one', clientId: 'client-0001' }, expiresAt);
    await stores.messages.append(S, { clientKey: 'ref-a:c2', authorRef: 'ref-a', alias: 'Quiet Heron', role: 'member', text: 'two', clientId: 'client-0002' }, expiresAt);
    if (stored.status !== 'stored') throw new Error('not stored');
    expect(await stores.messages.deleteMessage(S, stored.id)).toEqual({ authorRef: 'ref-a', alias: 'Quiet Heron' });
    expect(await stores.messages.deleteMessage(S, stored.id)).toBeNull();
    expect((await stores.messages.readAfter(S, null, 10)).map((message) => message.text)).toEqual(['two']);
    expect(await stores.messages.deletedIds(S)).toEqual([stored.id]);
    if (harness.kind === 'redis') {
      const [, ttl] = [...(await harness.ttls())].find(([key]) => key.endsWith(':deleted')) ?? ['', 0];
      expect(ttl > 0 && ttl <= 120_000).toBe(true);
    }
    await stores.messages.eraseSession(S);
    expect(await stores.messages.deletedIds(S)).toEqual([]);
  });
});
