/**
 * The calendar soak: 180 simulated days of a hub on the real Redis, one node for the first 90 and
 * two nodes sharing the Redis for the rest, with an injected clock (anchored to now) that jumps
 * from one due instant to the next. 20 groups on different weekly rules in 6 time zones (weekly,
 * every 2 weeks, two weekdays, Asia/Kathmandu's 45-minute offset, Lord Howe's 30-minute DST);
 * in 4 of them members (real socket.io clients) chat with canary texts while a facilitator mutes
 * one, so the moderation record fills. During the run occurrences are cancelled and moved through
 * the schedule service, and invite codes with expiries inside the run are redeemed before and
 * after they expire.
 *
 * It shows that every occurrence goes through lobby, live, closing and closed exactly once at the
 * instants the domain gives (and a cancelled one never opens); that no canary survives a session;
 * that moderation entries past their retention are gone; that an expired code stops working; and
 * that the keys and bytes under this test's prefix stop growing once the retention windows fill.
 * It prints the weekly curve (docs/operations.md holds a copy). Keys and memory are counted under
 * this test's own prefix only (SCAN + MEMORY USAGE), never server-wide.
 */
import type { Redis } from 'ioredis';
import { plannedOccurrencesBetween, timesForOccurrence } from '@respite/domain';
import { ManualClock } from '../clock';
import { DEMO_FACILITATOR } from '../demo-seed';
import { newEntityId } from '../random-ids';
import { rateLimitRules } from '../services/rate-limit-rules';
import { RETENTION_INTERVAL_MS } from '../services/session-lifecycle.service';
import { occurrenceSessionId } from '../services/session-planner.service';
import { MODERATION_RECORD_DEFAULT_RETENTION_MS } from '../stores/redis/redis-keys';
import {
  type ClientSocket, type TestHub, callApi, connectClient, connected, request, signInFacilitator, startTestHub,
} from '../testing/hub-harness';
import { keysHolding, keysWithPrefix } from '../testing/redis-test-env';

jest.setTimeout(15 * 60_000);

const minute = 60_000;
const day = 24 * 60 * minute;
const SOAK_DAYS = 180;
const SECOND_NODE_FROM_DAY = 90;
const QUIET_MODERATOR_FROM_DAY = 60;
const PASSPHRASE = 'patient lanterns over the long harbor';

interface RuleSpec { name: string; weekdays: number[]; everyWeeks: number; localStartTime: string; timeZone: string; durationMinutes: number; chat?: boolean }

/** 20 groups, 6 zones. Chicago and Berlin change DST on different dates; Lord Howe by 30 minutes; Kathmandu sits at +05:45. */
const RULES: RuleSpec[] = [
  { name: 'Chicago Sunday', weekdays: [7], everyWeeks: 1, localStartTime: '19:00', timeZone: 'America/Chicago', durationMinutes: 90, chat: true },
  { name: 'Chicago fortnightly', weekdays: [3], everyWeeks: 2, localStartTime: '07:30', timeZone: 'America/Chicago', durationMinutes: 60 },
  { name: 'Chicago Tue+Thu', weekdays: [2, 4], everyWeeks: 1, localStartTime: '21:00', timeZone: 'America/Chicago', durationMinutes: 45 },
  { name: 'New York Monday', weekdays: [1], everyWeeks: 1, localStartTime: '18:15', timeZone: 'America/New_York', durationMinutes: 60 },
  { name: 'New York Mon+Fri', weekdays: [1, 5], everyWeeks: 1, localStartTime: '06:45', timeZone: 'America/New_York', durationMinutes: 30 },
  { name: 'New York 3-weekly', weekdays: [6], everyWeeks: 3, localStartTime: '10:00', timeZone: 'America/New_York', durationMinutes: 120 },
  { name: 'Berlin Wednesday', weekdays: [3], everyWeeks: 1, localStartTime: '20:00', timeZone: 'Europe/Berlin', durationMinutes: 90, chat: true },
  { name: 'Berlin fortnightly', weekdays: [7], everyWeeks: 2, localStartTime: '02:30', timeZone: 'Europe/Berlin', durationMinutes: 60 },
  { name: 'Berlin Tue+Sat', weekdays: [2, 6], everyWeeks: 1, localStartTime: '12:00', timeZone: 'Europe/Berlin', durationMinutes: 60 },
  { name: 'Kathmandu Friday', weekdays: [5], everyWeeks: 1, localStartTime: '19:00', timeZone: 'Asia/Kathmandu', durationMinutes: 60, chat: true },
  { name: 'Kathmandu fortnightly', weekdays: [1], everyWeeks: 2, localStartTime: '05:45', timeZone: 'Asia/Kathmandu', durationMinutes: 90 },
  { name: 'Kathmandu Mon+Thu', weekdays: [1, 4], everyWeeks: 1, localStartTime: '22:30', timeZone: 'Asia/Kathmandu', durationMinutes: 45 },
  { name: 'Lord Howe Sunday', weekdays: [7], everyWeeks: 1, localStartTime: '01:30', timeZone: 'Australia/Lord_Howe', durationMinutes: 90, chat: true },
  { name: 'Lord Howe fortnightly', weekdays: [6], everyWeeks: 2, localStartTime: '02:00', timeZone: 'Australia/Lord_Howe', durationMinutes: 60 },
  { name: 'Lord Howe Wed+Sun', weekdays: [3, 7], everyWeeks: 1, localStartTime: '18:00', timeZone: 'Australia/Lord_Howe', durationMinutes: 60 },
  { name: 'Tokyo Thursday', weekdays: [4], everyWeeks: 1, localStartTime: '20:00', timeZone: 'Asia/Tokyo', durationMinutes: 60 },
  { name: 'Tokyo fortnightly', weekdays: [2], everyWeeks: 2, localStartTime: '23:30', timeZone: 'Asia/Tokyo', durationMinutes: 90 },
  { name: 'Tokyo Sat+Sun', weekdays: [6, 7], everyWeeks: 1, localStartTime: '09:00', timeZone: 'Asia/Tokyo', durationMinutes: 60 },
  { name: 'Chicago Saturday', weekdays: [6], everyWeeks: 1, localStartTime: '00:00', timeZone: 'America/Chicago', durationMinutes: 240 },
  { name: 'Berlin Friday', weekdays: [5], everyWeeks: 1, localStartTime: '23:00', timeZone: 'Europe/Berlin', durationMinutes: 90 },
];

interface Transition { state: string; at: number }
interface Sample { day: number; keys: number; bytes: number; boundedKeys: number; boundedBytes: number; attendanceKeys: number; rateKeys: number; families: Map<string, number> }

/** A key's family: its name with every id, month and hash tag replaced by `*`. */
const familyOf = (rest: string) => rest.split(':').map((segment) => (/^[a-z-]+$/.test(segment) ? segment : '*')).join(':');

/** Key families whose window is longer than the run: the sponsor's monthly attendance sketches (400 days). */
const isAttendanceKey = (rest: string) => /^sponsor:[^:]+:attendance:/.test(rest);
/**
 * Rate-limit counters: a relative expiry of one window (at most an hour) in Redis's own time, which
 * the injected clock does not move: all of the run's minutes fit in one window, so the soak sees
 * them pile up that a real hub, living in real time, does not. Counted apart, each checked to carry its expiry.
 */
const isRateLimitKey = (rest: string) => rest.startsWith('eph:rate:');
const LONGEST_RATE_WINDOW_MS = Math.max(...Object.values(rateLimitRules).map((rule) => rule.windowMs));

async function measure(redis: Redis, prefix: string, atDay: number): Promise<Sample> {
  const keys = await keysWithPrefix(redis, prefix);
  const sizes = ((await keys.reduce((pipeline, key) => pipeline.memory('USAGE', key, 'SAMPLES', 0), redis.pipeline()).exec()) ?? [])
    .map(([, size]) => Number(size ?? 0));
  const sample: Sample = { day: atDay, keys: keys.length, bytes: 0, boundedKeys: 0, boundedBytes: 0, attendanceKeys: 0, rateKeys: 0, families: new Map() };
  keys.forEach((key, index) => {
    const family = familyOf(key.slice(prefix.length));
    sample.families.set(family, (sample.families.get(family) ?? 0) + 1);
    sample.bytes += sizes[index]!;
    if (isAttendanceKey(key.slice(prefix.length))) sample.attendanceKeys += 1;
    else if (isRateLimitKey(key.slice(prefix.length))) sample.rateKeys += 1;
    else {
      sample.boundedKeys += 1;
      sample.boundedBytes += sizes[index]!;
    }
  });
  return sample;
}

describe('a hub on the real Redis through 180 days of calendar', () => {
  const t0 = Date.now();
  const clock = new ManualClock(t0);
  const end = t0 + SOAK_DAYS * day;
  const hubs: TestHub[] = [];
  const sockets: ClientSocket[] = [];

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const hub of [...hubs].reverse()) await hub.stop();
  });

  it('opens and closes every occurrence once on time, keeps no canary, and stays bounded', async () => {
    const first = await startTestHub({ stores: 'redis', clock, adapter: true });
    hubs.push(first);
    const redis = first.redis!.durable;
    const prefix = first.keyPrefix;
    const { schedules, sponsors } = first.app.services;

    // --- the groups, a sponsor, the facilitator in the chatting groups, members with seats ---
    const sponsorId = newEntityId();
    await first.stores.sponsors.saveSponsor({ id: sponsorId, name: 'Soak Hospital', createdAt: clock.now() });
    const groups: { id: string; spec: RuleSpec }[] = [];
    for (const spec of RULES) {
      const { weekdays, everyWeeks, localStartTime, timeZone, durationMinutes } = spec;
      const created = await schedules.createGroup({
        name: spec.name, description: 'A soak group', norms: [], capacity: 12, sponsorId,
        schedule: { weekdays, everyWeeks, localStartTime, timeZone, durationMinutes },
      });
      groups.push({ id: created.id, spec });
    }
    const chatGroups = groups.filter((group) => group.spec.chat);
    const facilitatorId = await first.stores.accounts.findIdByHandle(first.app.services.accounts.handleDigest(DEMO_FACILITATOR.handle));
    for (const group of chatGroups) {
      await first.stores.groups.addMembership({
        groupId: group.id, accountId: facilitatorId!, memberRef: newEntityId(), alias: `Facilitator ${group.spec.name.split(' ')[0]}`,
        aliasKey: `facilitator ${group.spec.name.split(' ')[0]!.toLowerCase()}`, role: 'facilitator', normsAcceptedAt: t0, joinedAt: t0, status: 'active',
      });
    }
    const facilitatorCookie = await signInFacilitator(first);
    const memberInvite = await sponsors.createInvite(sponsorId, { seats: 50, validDays: 365, groupIds: chatGroups.map((group) => group.id) });
    let handleCount = 0;
    const signUp = async (inviteCode: string) => {
      handleCount += 1;
      return callApi<{ recoveryCode: string }>(first, 'POST', '/api/auth/sign-up', { inviteCode, handle: `soak-${process.pid}-${handleCount}-${Math.random().toString(36).slice(2, 7)}`, passphrase: PASSPHRASE });
    };
    // Members sign in once: a sign-in lives 24 h of Redis's own time, and the run takes minutes of it.
    const members = new Map<string, string[]>();
    for (const group of chatGroups) {
      const cookies: string[] = [];
      for (let index = 0; index < 3; index += 1) {
        const answer = await signUp(memberInvite.code);
        expect(answer.body.ok).toBe(true);
        expect((await callApi(first, 'POST', `/api/groups/${group.id}/membership`, { alias: null, acceptNorms: true }, answer.cookie)).body.ok).toBe(true);
        cookies.push(answer.cookie!);
      }
      members.set(group.id, cookies);
    }

    // --- what the run records ---
    const transitions = new Map<string, Transition[]>();
    const logCursor = new Map<TestHub, number>();
    const readLogs = () => {
      for (const hub of hubs) {
        const from = logCursor.get(hub) ?? 0;
        for (const chunk of hub.logs.slice(from)) {
          for (const line of chunk.split('\n')) {
            if (!line.includes('"session.state_changed"') && !line.includes('"session.closed"')) continue;
            const entry = JSON.parse(line) as { event: string; sessionId: string; state?: string };
            const list = transitions.get(entry.sessionId) ?? [];
            list.push({ state: entry.event === 'session.closed' ? 'closed' : entry.state!, at: clock.now() });
            transitions.set(entry.sessionId, list);
          }
        }
        logCursor.set(hub, hub.logs.length);
      }
    };
    // Twice: a run already under way when the clock moved claimed with the old time; the second starts after it.
    const tickAll = async () => {
      for (let round = 0; round < 2; round += 1) await Promise.all(hubs.map((hub) => hub.app.services.lifecycle.tick()));
      readLogs();
    };
    const groupOf = new Map(groups.map((group) => [group.id, group]));
    const chatting = new Map<string, { sockets: ClientSocket[]; canaries: string[] }>();
    const canariesChecked: string[] = [];
    let canaryCount = 0;
    let moderationActions = 0;
    const samples: Sample[] = [];
    let nextSampleAt = t0;
    const cancelled: string[] = [];
    const moved: string[] = [];
    const inviteChecks: { code: string; expiresAt: number; redeemedBefore: boolean; refusedAfter: boolean }[] = [];

    /** A chatting group's session went live: its members enter (spread over the hubs), chat, and one is muted. */
    const chatIn = async (sessionId: string, groupId: string) => {
      const inRoom: ClientSocket[] = [];
      const canaries: string[] = [];
      const cookies = members.get(groupId)!;
      const refs: string[] = [];
      for (const [index, cookie] of [facilitatorCookie, ...cookies].entries()) {
        const socket = connectClient(hubs[index % hubs.length]!, cookie);
        sockets.push(socket);
        await connected(socket);
        const joined = await request(socket, 'session:join', { sessionId, lastSeenId: null });
        expect(joined.ok).toBe(true);
        if (joined.ok) refs.push((joined.data as { self: { memberRef: string } }).self.memberRef);
        inRoom.push(socket);
      }
      for (const socket of inRoom.slice(1)) {
        canaryCount += 1;
        const canary = `SOAK-CANARY-${canaryCount}-${Math.random().toString(36).slice(2, 10)}`;
        canaries.push(canary);
        expect(await request(socket, 'message:send', { sessionId, clientId: `soak-message-${canaryCount}`, text: `${canary} a hard week on the ward` })).toMatchObject({ ok: true });
      }
      // One group's facilitator stops moderating after day 60: only the daily retention run can empty its record.
      if (groupId !== chatGroups[0]!.id || clock.now() < t0 + QUIET_MODERATOR_FROM_DAY * day) {
        expect(await request(inRoom[0]!, 'member:mute', { sessionId, memberRef: refs[1], minutes: 1 })).toMatchObject({ ok: true });
        moderationActions += 1;
      }
      chatting.set(sessionId, { sockets: inRoom, canaries });
    };
    const afterClose = async (sessionId: string) => {
      const room = chatting.get(sessionId);
      if (!room) return;
      chatting.delete(sessionId);
      for (const socket of room.sockets) socket.disconnect();
      expect(await keysHolding(redis, room.canaries, { prefix })).toEqual([]);
      canariesChecked.push(...room.canaries);
    };

    /** Cancels or moves the next-but-one occurrence of a group, as its facilitator would, through the schedule service. */
    const changeSchedule = async (groupIndex: number, kind: 'cancel' | 'move') => {
      const group = groups[groupIndex]!;
      const upcoming = (await schedules.listOccurrences(group.id)).filter((occurrence) => occurrence.status === 'scheduled' && !occurrence.moved && occurrence.session?.state === 'scheduled');
      const target = upcoming[1] ?? upcoming[0];
      if (!target) return;
      if (kind === 'cancel') {
        await schedules.cancelOccurrence(group.id, target.localDate);
        cancelled.push(`${group.id}/${target.localDate}`);
      } else {
        await schedules.moveOccurrence(group.id, { localDate: target.localDate, startsAt: new Date(Date.parse(target.startsAt) + 26 * 60 * minute + 15 * minute).toISOString() });
        moved.push(`${group.id}/${target.localDate}`);
      }
    };
    const scheduleChangesOnDay = new Map<number, () => Promise<void>>([
      [5, () => changeSchedule(0, 'cancel')], [12, () => changeSchedule(12, 'move')], [20, () => changeSchedule(10, 'cancel')],
      [33, () => changeSchedule(6, 'move')], [47, () => changeSchedule(13, 'cancel')], [61, () => changeSchedule(2, 'move')],
      [95, () => changeSchedule(9, 'move')], [110, () => changeSchedule(14, 'cancel')], [130, () => changeSchedule(4, 'move')],
      [150, () => changeSchedule(1, 'cancel')], [165, () => changeSchedule(17, 'move')],
    ]);
    // Codes valid for 20 days, created on these days: redeemed on day +10 (works), tried on day +25 (refused).
    const inviteDays = [3, 60, 120];

    // --- the run: from one due instant to the next ---
    let lastDayHandled = -1;
    let steps = 0;
    while (true) {
      const [, nextDue] = await redis.zrange(`${prefix}lifecycle:due`, 0, 0, 'WITHSCORES');
      const nextAt = Math.max(clock.now(), Math.min(Number(nextDue ?? end), nextSampleAt, end));
      clock.set(nextAt);
      steps += 1;

      if (clock.now() >= nextSampleAt) {
        samples.push(await measure(redis, prefix, Math.round((clock.now() - t0) / day)));
        nextSampleAt += 7 * day;
      }
      const today = Math.floor((clock.now() - t0) / day);
      for (let dayNumber = lastDayHandled + 1; dayNumber <= today; dayNumber += 1) {
        if (dayNumber === SECOND_NODE_FROM_DAY) {
          const second = await startTestHub({ stores: 'redis', clock, adapter: true, keyPrefix: prefix, seed: false });
          second.demo = first.demo;
          hubs.push(second);
        }
        await scheduleChangesOnDay.get(dayNumber)?.();
        for (const inviteDay of inviteDays) {
          if (dayNumber === inviteDay) {
            const invite = await sponsors.createInvite(sponsorId, { seats: 5, validDays: 20, groupIds: [groups[3]!.id] });
            inviteChecks.push({ code: invite.code, expiresAt: Date.parse(invite.expiresAt), redeemedBefore: false, refusedAfter: false });
          }
          if (dayNumber === inviteDay + 10) {
            const check = inviteChecks.at(-1)!;
            check.redeemedBefore = (await signUp(check.code)).body.ok;
          }
          if (dayNumber === inviteDay + 25) {
            const check = inviteChecks.at(-1)!;
            const refused = await signUp(check.code);
            check.refusedAfter = !refused.body.ok && refused.status === 400;
          }
        }
      }
      lastDayHandled = today;
      if (clock.now() >= end) break;

      const before = new Map([...transitions].map(([id, list]) => [id, list.length]));
      await tickAll();
      for (const [sessionId, list] of transitions) {
        for (const transition of list.slice(before.get(sessionId) ?? 0)) {
          const session = await first.stores.sessions.get(sessionId);
          const group = session ? groupOf.get(session.groupId) : undefined;
          if (transition.state === 'live' && group?.spec.chat) await chatIn(sessionId, group.id);
          if (transition.state === 'closed') await afterClose(sessionId);
        }
      }
    }

    // --- every occurrence, once, at its instants ---
    let occurrencesChecked = 0;
    let cancelledChecked = 0;
    let movedChecked = 0;
    const mismatches: string[] = [];
    const checkedSessions = new Set<string>();
    for (const { id: groupId } of groups) {
      const group = (await first.stores.groups.getGroup(groupId))!;
      for (const occurrence of plannedOccurrencesBetween(group.schedule, t0 + 60 * minute, end - 8 * day)) {
        const sessionId = occurrenceSessionId(groupId, occurrence.originalStartsAt);
        const seen = transitions.get(sessionId) ?? [];
        checkedSessions.add(sessionId);
        if (occurrence.status === 'cancelled') {
          cancelledChecked += 1;
          if (seen.length > 0) mismatches.push(`${group.name} ${occurrence.localDate}: cancelled but ${JSON.stringify(seen)}`);
          continue;
        }
        const times = timesForOccurrence(occurrence.startsAt, (occurrence.endsAt - occurrence.startsAt) / minute);
        // The list holds every occurrence that overlaps the window, so one under way when the groups were
        // created (a 4-hour session begun before the run) is in it: the hub opens that one at once in the
        // state it is in, which the lifecycle's catch-up tests cover. Only occurrences wholly inside the run are timed here.
        if (times.lobbyOpensAt < t0 + 60 * minute) continue;
        if (occurrence.moved) movedChecked += 1;
        const expected = [
          { state: 'lobby', at: times.lobbyOpensAt }, { state: 'live', at: times.startsAt },
          { state: 'closing', at: times.closingAt }, { state: 'closed', at: times.endsAt },
        ];
        occurrencesChecked += 1;
        if (JSON.stringify(seen) !== JSON.stringify(expected)) {
          mismatches.push(`${group.name} ${occurrence.localDate}: expected ${JSON.stringify(expected)}, saw ${JSON.stringify(seen)}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(cancelledChecked).toBe(cancelled.length);
    expect(movedChecked).toBe(moved.length);
    // No session anywhere (the demo group's included) went through any state twice.
    for (const [sessionId, seen] of transitions) {
      const states = seen.map((transition) => transition.state);
      expect({ sessionId, states: [...new Set(states)] }).toEqual({ sessionId, states });
    }
    // Every session of the 20 groups that changed state is one of the occurrences checked above.
    for (const sessionId of transitions.keys()) {
      const session = await first.stores.sessions.get(sessionId);
      if (session && groupOf.has(session.groupId)) expect(checkedSessions.has(sessionId) || session.endsAt > end - 8 * day).toBe(true);
    }

    // --- no canary anywhere under the prefix ---
    expect(canariesChecked.length).toBeGreaterThan(200);
    expect(await keysHolding(redis, canariesChecked, { prefix })).toEqual([]);

    // --- the moderation record holds nothing past its retention (it was given older entries) ---
    const recordScores = async (groupId: string) => (await redis.zrange(`${prefix}group:${groupId}:moderation-record`, 0, -1, 'WITHSCORES')).filter((_, index) => index % 2 === 1).map(Number);
    expect(await recordScores(chatGroups[0]!.id)).toEqual([]); // its last entry, near day 60, is past the 90 days
    for (const group of chatGroups.slice(1)) {
      const scores = await recordScores(group.id);
      expect(scores.length).toBeGreaterThan(0);
      // Retention runs once a day: an entry may outlive its window by up to a day, never more.
      expect(Math.min(...scores)).toBeGreaterThan(end - MODERATION_RECORD_DEFAULT_RETENTION_MS - RETENTION_INTERVAL_MS);
    }
    expect(moderationActions).toBeGreaterThan(Math.ceil(MODERATION_RECORD_DEFAULT_RETENTION_MS / (7 * day)) * (chatGroups.length - 1));

    // --- codes work until they expire and stop after ---
    expect(inviteChecks).toHaveLength(inviteDays.length);
    for (const check of inviteChecks) expect(check).toMatchObject({ redeemedBefore: true, refusedAfter: true });

    // --- bounded: the last 60 days grow no more than a small margin over the peak of days 90–120 ---
    const figures = samples.map((sample) => [
      String(sample.day).padStart(4), String(sample.keys).padStart(6), String(sample.bytes).padStart(9),
      String(sample.boundedKeys).padStart(7), String(sample.boundedBytes).padStart(9), String(sample.attendanceKeys).padStart(10), String(sample.rateKeys).padStart(6),
    ].join('  '));
    process.stdout.write(
      `\ncalendar soak: ${SOAK_DAYS} days, ${groups.length} groups, ${steps} clock steps, ${occurrencesChecked} occurrences checked ` +
      `(${cancelledChecked} cancelled, ${movedChecked} moved), ${canariesChecked.length} canaries wiped, ${moderationActions} moderation actions\n` +
      ` day    keys      bytes  bounded   b.bytes  attendance  rate\n${figures.join('\n')}\n`,
    );
    const [firstSample, lastSample] = [samples[0]!, samples.at(-1)!];
    const familyRows = [...lastSample.families].sort((a, b) => b[1] - a[1])
      .map(([family, count]) => `  ${family.padEnd(40)} ${String(firstSample.families.get(family) ?? 0).padStart(5)} → ${String(count).padStart(5)}`);
    process.stdout.write(`keys per family, day ${firstSample.day} → day ${lastSample.day}:\n${familyRows.join('\n')}\n`);
    const reference = samples.filter((sample) => sample.day >= 90 && sample.day < 120);
    const last = samples.filter((sample) => sample.day >= SOAK_DAYS - 60);
    const peak = (list: Sample[], field: 'boundedKeys' | 'boundedBytes') => Math.max(...list.map((sample) => sample[field]));
    expect(peak(last, 'boundedKeys')).toBeLessThanOrEqual(Math.ceil(peak(reference, 'boundedKeys') * 1.05));
    expect(peak(last, 'boundedBytes')).toBeLessThanOrEqual(Math.ceil(peak(reference, 'boundedBytes') * 1.1));
    // The attendance sketches keep their 400-day window, longer than the run: each carries an expiry.
    const attendanceKeys = (await keysWithPrefix(redis, prefix)).filter((key) => isAttendanceKey(key.slice(prefix.length)));
    expect(attendanceKeys.length).toBeGreaterThan(0);
    for (const key of attendanceKeys) expect(await redis.pttl(key)).toBeGreaterThan(0);
    for (const key of (await keysWithPrefix(redis, prefix)).filter((candidate) => isRateLimitKey(candidate.slice(prefix.length)))) {
      const ttl = await redis.pttl(key);
      expect(ttl > 0 && ttl <= LONGEST_RATE_WINDOW_MS).toBe(true);
    }
  });
});
