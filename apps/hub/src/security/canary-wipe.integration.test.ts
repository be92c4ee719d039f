/**
 * The wipe: 100 unique canaries written into a live session (88 messages, 4 report reasons, 6
 * check-in texts, 2 pinned notices) leave no trace once the session closes, whichever way it ends:
 * ended early by its facilitator, closed idle by the lifecycle at its end time, or left behind by a
 * hub killed with SIGKILL and closed by a restarted hub. Afterwards no canary is found in the
 * durable Redis (full SCAN), in the ephemeral Redis (a private redis-server, full SCAN and a byte
 * search of every key's DUMP, with RDB compression off so the bytes are literal), in the hubs' logs,
 * or in `GET /metrics`. Each category is checked present while live, so the searches can fail.
 *
 * Aliases are not canaries here: an alias belongs to the group membership (durable, kept until the
 * member leaves the group, and named in the 90-day moderation record), not to one session, so
 * "gone when the session closes" is not the promise for it (see docs/data-inventory.md).
 */
import type { Redis } from 'ioredis';
import { ManualClock } from '../clock';
import { newEntityId } from '../random-ids';
import {
  type HubAddress, type TestHub, callApi, nextEvent, pause, request, signInFacilitator, signUpMember, startTestHub,
} from '../testing/hub-harness';
import { CLUSTER_ORIGIN, type HubProcess, startHubProcess } from '../testing/hub-process';
import { type InRoom, joinDemoSession, newMemberInRoom, roomForEveryone } from '../testing/moderation-fixtures';
import { type PrivateRedis, startPrivateRedis } from '../testing/private-redis';
import { deleteKeysWithPrefix, keysHolding, scanAllKeys, uniqueKeyPrefix } from '../testing/redis-test-env';

const CANARIES = 100;
/** Five authors: 88 messages are at most 18 each, under the real limit of 20 per member per 20 s (the SIGKILL case runs a production hub). */
const AUTHORS = 5;

interface LiveRoom {
  sessionId: string;
  facilitator: InRoom;
  members: InRoom[];
}

interface Searched {
  durable: Redis;
  ephemeral: Redis;
  logs: () => string;
  metricsUrls: string[];
}

/** Everyone of a room: the demo facilitator and five members, on the demo session of `hub`. */
async function fillRoom(hub: HubAddress): Promise<LiveRoom> {
  const facilitator = await joinDemoSession(hub, await signInFacilitator(hub));
  const members: InRoom[] = [];
  for (let index = 0; index < AUTHORS; index += 1) members.push(await newMemberInRoom(hub));
  return { sessionId: hub.demo.liveSessionId, facilitator, members };
}

/** Writes the 100 canaries through the room's own events; answers them by kind. */
async function plantCanaries(room: LiveRoom) {
  const canaries = Array.from({ length: CANARIES }, (_, index) => `canary-${index}-${newEntityId()}`);
  const planted = { all: canaries, messages: canaries.slice(0, 88), reports: canaries.slice(88, 92), checkIns: canaries.slice(92, 98), notices: canaries.slice(98) };
  const { sessionId, facilitator, members } = room;
  const messageIds: string[] = [];
  for (const [index, canary] of planted.messages.entries()) {
    const sent = await request(members[index % members.length]!.socket, 'message:send', { sessionId, clientId: newEntityId(), text: `I have not told anyone ${canary}` });
    expect(sent).toMatchObject({ ok: true });
    messageIds.push(sent.ok ? sent.data.id : '');
  }
  for (const [index, canary] of planted.reports.entries()) {
    // Member i reports a message of member i+1 (messages are written round-robin).
    expect(await request(members[index]!.socket, 'message:report', { sessionId, messageId: messageIds[index + 1], reason: `it said ${canary}` })).toMatchObject({ ok: true });
  }
  const checkedIn = members[0]!;
  expect(await request(facilitator.socket, 'check-in:open', { sessionId, memberRef: checkedIn.memberRef })).toMatchObject({ ok: true });
  for (const [index, canary] of planted.checkIns.entries()) {
    const writer = index % 2 === 0 ? facilitator : checkedIn;
    expect(await request(writer.socket, 'check-in:send', { sessionId, memberRef: checkedIn.memberRef, text: `between us ${canary}` })).toMatchObject({ ok: true });
  }
  for (const canary of planted.notices) {
    expect(await request(facilitator.socket, 'notice:pin', { sessionId, text: `tonight: ${canary}` })).toMatchObject({ ok: true });
  }
  return planted;
}

/** Keys whose DUMP (the bytes Redis would write to disk or replicate) holds any needle. */
async function dumpsHolding(redis: Redis, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const key of await scanAllKeys(redis)) {
    const dump = (await redis.dumpBuffer(key))?.toString('latin1') ?? '';
    for (const needle of needles) if (dump.includes(needle)) found.push(`${key}: ${needle}`);
  }
  return found;
}

/** The positive control: a canary of every kind is where a search looks while the session is live. */
async function expectPlantedWhileLive(ephemeral: Redis, planted: Awaited<ReturnType<typeof plantCanaries>>): Promise<void> {
  for (const kind of [planted.messages, planted.reports, planted.checkIns, planted.notices]) {
    expect((await keysHolding(ephemeral, kind.at(-1)!)).length).toBeGreaterThan(0);
  }
  expect((await dumpsHolding(ephemeral, [planted.messages.at(-1)!, planted.checkIns[0]!])).length).toBe(2);
}

async function expectNoCanaryLeft(where: Searched, canaries: string[]): Promise<void> {
  // One pass over each server for all 100 (the durable test Redis is shared and large).
  expect(await keysHolding(where.durable, canaries)).toEqual([]);
  expect(await keysHolding(where.ephemeral, canaries)).toEqual([]);
  expect(await dumpsHolding(where.ephemeral, canaries)).toEqual([]);
  const logs = where.logs();
  expect(logs.length).toBeGreaterThan(100);
  for (const url of where.metricsUrls) {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics.length).toBeGreaterThan(100);
    expect(canaries.filter((canary) => metrics.includes(canary))).toEqual([]);
  }
  expect(canaries.filter((canary) => logs.includes(canary))).toEqual([]);
}

function leave(room: LiveRoom): void {
  for (const person of [room.facilitator, ...room.members]) person.socket.disconnect();
}

describe('the wipe: 100 canaries leave no trace after the session closes', () => {
  let ephemeral: PrivateRedis;
  beforeAll(async () => {
    ephemeral = await startPrivateRedis(['--rdbcompression', 'no']);
  });
  afterAll(async () => {
    await ephemeral.stop();
  });

  describe('in a hub in this process', () => {
    const clock = new ManualClock(Date.now());
    let hub: TestHub;
    beforeEach(async () => {
      clock.set(Date.now());
      hub = await startTestHub({ stores: 'redis', ephemeralUrl: ephemeral.url, clock });
      await roomForEveryone(hub);
    });
    afterEach(async () => {
      await hub.stop();
    });
    const searched = (): Searched => ({ durable: hub.redis!.durable, ephemeral: hub.redis!.ephemeral, logs: () => hub.logs.join('\n'), metricsUrls: [hub.metricsUrl] });

    it('ended early by the facilitator', async () => {
      const room = await fillRoom(hub);
      const planted = await plantCanaries(room);
      await expectPlantedWhileLive(hub.redis!.ephemeral, planted);

      const closed = nextEvent(room.members[0]!.socket, 'session:closed');
      expect(await request(room.facilitator.socket, 'session:end', { sessionId: room.sessionId })).toMatchObject({ ok: true });
      await closed;
      await expectNoCanaryLeft(searched(), planted.all);
      leave(room);
    });

    it('idle, closed by the lifecycle at its end time', async () => {
      const room = await fillRoom(hub);
      const planted = await plantCanaries(room);
      await expectPlantedWhileLive(hub.redis!.ephemeral, planted);
      // Everyone leaves; nothing happens in the room until its end time passes.
      leave(room);
      const session = (await hub.stores.sessions.get(room.sessionId))!;
      clock.set(session.endsAt - 1000);
      await pause(300); // the hub's own lifecycle ticks every 100 ms
      expect((await hub.stores.sessions.get(room.sessionId))?.state).toBe('closing');
      await expectPlantedWhileLive(hub.redis!.ephemeral, planted);

      clock.set(session.endsAt + 1);
      // The state reads closed as soon as the close has begun (its first step); the log line comes
      // once it has erased everything: wait for that, not for the state.
      const closedOnTime = () => hub.logs.some((line) => line.includes('"event":"session.closed"') && line.includes(room.sessionId) && line.includes('"reason":"ended_on_time"'));
      for (let wait = 0; wait < 50 && !closedOnTime(); wait += 1) await pause(100);
      expect(closedOnTime()).toBe(true);
      expect((await hub.stores.sessions.get(room.sessionId))?.state).toBe('closed');
      await expectNoCanaryLeft(searched(), planted.all);
    });
  });

  describe('a hub process killed with SIGKILL mid-session, closed by a restarted hub', () => {
    const keyPrefix = uniqueKeyPrefix();
    let killed: HubProcess;
    let restarted: TestHub | undefined;
    afterAll(async () => {
      if (killed?.child.exitCode === null && killed.child.signalCode === null) killed.child.kill('SIGKILL');
      if (restarted) {
        await deleteKeysWithPrefix(restarted.redis!.durable, keyPrefix);
        await restarted.stop();
      }
    });

    it('leaves no canary once the restarted hub closes the session', async () => {
      killed = await startHubProcess({ keyPrefix, seedDemo: true, env: { REDIS_EPHEMERAL_URL: ephemeral.url } });
      const inviteCode = /"inviteCode":"([A-Z0-9-]+)"/.exec(killed.logs.join(''))![1]!;
      const address: HubAddress = { url: killed.url, origin: CLUSTER_ORIGIN, demo: { inviteCode, groupId: '', liveSessionId: '' } };
      const scout = await signUpMember(address, { join: false });
      const group = (await callApi(address, 'GET', '/api/groups', undefined, scout.cookie)).body as any;
      address.demo = { inviteCode, groupId: group.data.groups[0].id, liveSessionId: group.data.groups[0].nextSession.id };

      const room = await fillRoom(address);
      const planted = await plantCanaries(room);
      const metricsOfKilled = await (await fetch(`${killed.metricsUrl}/metrics`)).text();
      expect(planted.all.filter((canary) => metricsOfKilled.includes(canary))).toEqual([]);

      killed.child.kill('SIGKILL');
      await killed.exited;
      leave(room);

      // A hub comes up again on the same Redis: the session is still live there, canaries and all.
      const clock = new ManualClock(Date.now());
      restarted = await startTestHub({ stores: 'redis', keyPrefix, ephemeralUrl: ephemeral.url, seed: false, clock });
      const session = (await restarted.stores.sessions.get(room.sessionId))!;
      expect(session.state).toBe('live');
      await expectPlantedWhileLive(restarted.redis!.ephemeral, planted);
      // Its end time passes with nobody there; the restarted hub's lifecycle closes it.
      clock.set(session.endsAt + 60_000);
      await restarted.app.services.lifecycle.tick();
      expect((await restarted.stores.sessions.get(room.sessionId))?.state).toBe('closed');
      await expectNoCanaryLeft(
        { durable: restarted.redis!.durable, ephemeral: restarted.redis!.ephemeral, logs: () => `${killed.logs.join('')}\n${restarted!.logs.join('\n')}`, metricsUrls: [restarted.metricsUrl] },
        planted.all,
      );
    }, 90_000);
  });
});
