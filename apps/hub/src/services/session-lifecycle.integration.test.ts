/**
 * The lifecycle on the real Redis with two hub nodes: each transition happens once, however many
 * nodes tick, and a session whose end passed while every node was down is closed and wiped when
 * one comes back. The clock is injected; nothing here waits for real minutes.
 */
import { randomUUID } from 'node:crypto';
import { timesForOccurrence } from '@respite/domain';
import { ManualClock } from '../clock';
import { keysHolding } from '../testing/redis-test-env';
import {
  type TestHub, collect, connectClient, connected, pause, request, signUpMember, startTestHub,
} from '../testing/hub-harness';

const minute = 60_000;

describe('the session lifecycle across two hub nodes', () => {
  const clock = new ManualClock(Date.now());
  let first: TestHub;
  let second: TestHub;

  beforeAll(async () => {
    first = await startTestHub({ stores: 'redis', clock, adapter: true });
    second = await startTestHub({ stores: 'redis', clock, adapter: true, keyPrefix: first.keyPrefix, seed: false });
    second.demo = first.demo;
  });
  afterAll(async () => {
    await second.stop();
    await first.stop();
  });

  it('emits each transition once, and closes and erases on time', async () => {
    const sessionId = `lifecycle-${randomUUID().slice(0, 8)}`;
    const startsAt = clock.now() + 11 * minute;
    await first.stores.sessions.create({ id: sessionId, groupId: first.demo.groupId, ...timesForOccurrence(startsAt, 30), state: 'scheduled', openedAt: null, closedAt: null });
    const tickBoth = () => Promise.all([first.app.services.lifecycle.tick(), second.app.services.lifecycle.tick()]);

    clock.set(startsAt - 10 * minute); // the lobby opens
    await tickBoth();
    expect((await first.stores.sessions.get(sessionId))?.state).toBe('lobby');

    const member = await signUpMember(first);
    const socketOnFirst = connectClient(first, member.cookie);
    const otherMember = await signUpMember(first);
    const socketOnSecond = connectClient(second, otherMember.cookie);
    await Promise.all([connected(socketOnFirst), connected(socketOnSecond)]);
    expect(await request(socketOnFirst, 'session:join', { sessionId })).toMatchObject({ ok: true, data: { session: { state: 'lobby' } } });
    expect(await request(socketOnSecond, 'session:join', { sessionId })).toMatchObject({ ok: true });
    const seenOnFirst = collect(socketOnFirst, 'session:state-changed');
    const seenOnSecond = collect(socketOnSecond, 'session:state-changed');
    const closedOnSecond = collect(socketOnSecond, 'session:closed');

    // In the lobby the room is open but nobody can talk yet.
    expect(await request(socketOnFirst, 'message:send', { sessionId, clientId: 'too-early-1', text: 'hello?' })).toMatchObject({ ok: false, error: { code: 'session_not_open' } });

    for (const offset of [0, 25]) {
      clock.set(startsAt + offset * minute);
      await tickBoth();
      await tickBoth();
    }
    await pause(200);
    expect(seenOnFirst.map((update) => update.state)).toEqual(['live', 'closing']);
    expect(seenOnSecond.map((update) => update.state)).toEqual(['live', 'closing']);

    const canary = `canary-${randomUUID()}`;
    expect(await request(socketOnSecond, 'message:send', { sessionId, clientId: 'canary-client-2', text: canary })).toMatchObject({ ok: true });
    clock.set(startsAt + 30 * minute);
    await tickBoth();
    await pause(200);
    expect(closedOnSecond).toEqual([{ sessionId, erased: true }]);
    expect((await first.stores.sessions.get(sessionId))?.state).toBe('closed');
    expect(await keysHolding(first.redis!.ephemeral, canary)).toEqual([]);
    socketOnFirst.disconnect();
    socketOnSecond.disconnect();
  });

  it('closes and wipes a session whose end passed while every node was down', async () => {
    const sessionId = `catch-up-${randomUUID().slice(0, 8)}`;
    const startsAt = clock.now() + 60 * minute;
    await first.stores.sessions.create({ id: sessionId, groupId: first.demo.groupId, ...timesForOccurrence(startsAt, 30), state: 'scheduled', openedAt: null, closedAt: null });
    clock.set(startsAt);
    // Either node's own loop (every 100 ms) may claim the due check and still be opening the room
    // when this tick returns having claimed nothing: wait for the open room, a bounded number of ticks.
    for (let attempt = 0; attempt < 50 && !(await first.stores.messages.isRoomOpen(sessionId)); attempt += 1) {
      await Promise.all([first.app.services.lifecycle.tick(), second.app.services.lifecycle.tick()]);
      await pause(20);
    }
    const canary = `canary-${randomUUID()}`;
    await first.stores.messages.append(sessionId, { clientKey: 'k:1', authorRef: 'ref', alias: 'Quiet Heron', role: 'member', text: canary, clientId: 'c1' }, startsAt + 35 * minute);
    expect(await keysHolding(first.redis!.ephemeral, canary)).toHaveLength(1);

    // Every node is down past the end; a fresh node on the same Redis catches up.
    await first.app.services.lifecycle.stop();
    await second.app.services.lifecycle.stop();
    clock.set(startsAt + 3 * 60 * minute);
    const revived = await startTestHub({ stores: 'redis', clock, keyPrefix: first.keyPrefix, seed: false });
    try {
      await revived.app.services.lifecycle.tick();
      expect((await revived.stores.sessions.get(sessionId))?.state).toBe('closed');
      expect(await keysHolding(first.redis!.ephemeral, canary)).toEqual([]);
    } finally {
      await revived.stop();
    }
  });

  it('gives a tick called during a run one more run, which reads the clock after it moved', async () => {
    // Both loops were stopped by the test above: only these calls tick.
    const sessionId = `follow-up-${randomUUID().slice(0, 8)}`;
    const times = timesForOccurrence(clock.now() + 60 * minute, 30);
    await first.stores.sessions.create({ id: sessionId, groupId: first.demo.groupId, ...times, state: 'scheduled', openedAt: null, closedAt: null });
    await first.app.services.lifecycle.tick(); // duties queued now, so the next run claims at once
    const runUnderWay = first.app.services.lifecycle.tick(); // claims with the time before the move: nothing is due
    clock.set(times.lobbyOpensAt);
    await first.app.services.lifecycle.tick();
    expect((await first.stores.sessions.get(sessionId))?.state).toBe('lobby');
    await runUnderWay;
  });
});
