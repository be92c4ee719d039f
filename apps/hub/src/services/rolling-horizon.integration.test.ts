/**
 * The rolling horizon: a hub that runs for weeks with no restart and no schedule edit always has
 * the coming three weeks planned. Planning is a duty in the lifecycle's durable due queue, run once
 * a day by exactly one node however many tick, and caught up by the first node to start after all
 * were down. On the real Redis with two hub nodes (and on the memory stores with one); the clock
 * is injected and anchored to now, and jumps a day at a time.
 */
import { plannedOccurrencesBetween } from '@respite/domain';
import { ManualClock } from '../clock';
import { newEntityId } from '../random-ids';
import { type TestHub, startTestHub } from '../testing/hub-harness';
import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../testing/redis-test-env';
import { PLANNING_HORIZON_MS, occurrenceSessionId } from './session-planner.service';

const day = 24 * 60 * 60_000;

async function createGroup(hub: TestHub, timeZone: string) {
  const sponsorId = newEntityId();
  await hub.stores.sponsors.saveSponsor({ id: sponsorId, name: 'Horizon Hospital', createdAt: Date.now() });
  return hub.app.services.schedules.createGroup({
    name: `Horizon ${timeZone}`, description: '', norms: [], capacity: 10, sponsorId,
    schedule: { weekdays: [2, 5], everyWeeks: 1, localStartTime: '19:30', timeZone, durationMinutes: 60 },
  });
}

/** The sessions the domain calls for in the next three weeks, each with its record, and none missing. */
async function expectHorizonPlanned(hub: TestHub, groupId: string, now: number): Promise<number> {
  const group = (await hub.stores.groups.getGroup(groupId))!;
  const expected = plannedOccurrencesBetween(group.schedule, now, now + PLANNING_HORIZON_MS).map((occurrence) => occurrenceSessionId(groupId, occurrence.originalStartsAt));
  const planned = new Set((await hub.stores.sessions.listForGroup(groupId, now - day, now + PLANNING_HORIZON_MS + day)).map((session) => session.id));
  expect(expected.filter((sessionId) => !planned.has(sessionId))).toEqual([]);
  expect(expected.length).toBeGreaterThanOrEqual(5); // two a week for three weeks, give or take the edges
  return expected.length;
}

const planningRuns = (hubs: TestHub[]) => hubs.flatMap((hub) => hub.logs).filter((line) => line.includes('"lifecycle.duty_done"') && line.includes('"duty":"planning"')).length;

describe('the rolling horizon across two hub nodes on the real Redis', () => {
  const clock = new ManualClock(Date.now());
  const keyPrefix = uniqueKeyPrefix();
  const hubs: TestHub[] = [];

  afterAll(async () => {
    for (const hub of hubs.reverse()) await hub.stop().catch(() => {});
    const { openTestRedis } = await import('../testing/redis-test-env');
    const redis = openTestRedis();
    await deleteKeysWithPrefix(redis, keyPrefix);
    redis.disconnect();
  });

  it('plans three weeks ahead every day, once across the nodes, and catches up after all were down', async () => {
    const first = await startTestHub({ stores: 'redis', clock, keyPrefix, adapter: true });
    const second = await startTestHub({ stores: 'redis', clock, keyPrefix, adapter: true, seed: false });
    hubs.push(first, second);
    const group = await createGroup(first, 'Australia/Lord_Howe');
    const tickBoth = async () => {
      for (let round = 0; round < 2; round += 1) await Promise.all(hubs.map((hub) => hub.app.services.lifecycle.tick()));
    };
    await tickBoth();
    const runsAtStart = planningRuns(hubs);
    expect(runsAtStart).toBe(1); // the first start queued it; the second node's start found it queued

    const days = 40;
    for (let index = 0; index < days; index += 1) {
      // An older node in a rolling upgrade claims the duty as an unknown session and drops it: the next tick re-queues it.
      if (index === 20) expect(await first.redis!.durable.zrem(`${keyPrefix}lifecycle:due`, 'duty:planning')).toBe(1);
      clock.advance(day);
      await tickBoth();
      await expectHorizonPlanned(first, group.id, clock.now());
    }
    expect(planningRuns(hubs)).toBe(runsAtStart + days);

    // Every node stops; ten days pass; one node starts again on the same Redis.
    const downFrom = clock.now();
    const missed = (await first.stores.sessions.listForGroup(group.id, downFrom, downFrom + 10 * day)).filter((session) => session.endsAt < downFrom + 10 * day);
    expect(missed.length).toBeGreaterThan(0);
    await Promise.all(hubs.splice(0).map((hub) => hub.stop()));
    clock.advance(10 * day);
    const restarted = await startTestHub({ stores: 'redis', clock, keyPrefix, adapter: true, seed: false });
    hubs.push(restarted);
    await tickBoth();
    expect(planningRuns([restarted])).toBe(1);
    await expectHorizonPlanned(restarted, group.id, clock.now());
    for (const session of missed) expect((await restarted.stores.sessions.get(session.id))?.state).toBe('closed');
  });
});

describe('the rolling horizon on the memory stores', () => {
  it('plans three weeks ahead every day for two months with no restart', async () => {
    const clock = new ManualClock(Date.now());
    const hub = await startTestHub({ stores: 'memory', clock });
    try {
      const group = await createGroup(hub, 'Asia/Kathmandu');
      for (let index = 0; index < 60; index += 1) {
        clock.advance(day);
        await hub.app.services.lifecycle.tick();
        await hub.app.services.lifecycle.tick();
        await expectHorizonPlanned(hub, group.id, clock.now());
      }
      // The demo group, seeded after the start, has its next session planned too.
      const demoGroup = (await hub.stores.groups.getGroup(hub.demo.groupId))!;
      const next = plannedOccurrencesBetween(demoGroup.schedule, clock.now(), clock.now() + 8 * day)[0]!;
      expect(await hub.stores.sessions.get(occurrenceSessionId(demoGroup.id, next.originalStartsAt))).toMatchObject({ state: 'scheduled' });
    } finally {
      await hub.stop();
    }
  });
});
