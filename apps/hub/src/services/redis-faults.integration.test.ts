/**
 * What the room does when its ephemeral Redis fails. Each test runs its own redis-server as the
 * ephemeral store (the shared one stays the durable store), and stops, empties or fills it:
 * - unreachable for 5, 30 or 120 s: every send gets an error ack, never a false success, and the
 *   hub recovers by itself when Redis is back;
 * - restarted and emptied: the room is told its history was reset, once however many joins and
 *   sends find it lost at the same moment, and talk goes on;
 * - out of memory: writes are answered with an error and nothing already stored is evicted.
 */
import { randomUUID } from 'node:crypto';
import { fillToTheLimit, startPrivateRedis, type PrivateRedis } from '../testing/private-redis';
import {
  type ClientSocket, type TestHub, collect, connectClient, connected, pause, request, signUpMember, startTestHub,
} from '../testing/hub-harness';

interface Room {
  hub: TestHub;
  ephemeral: PrivateRedis;
  ana: ClientSocket;
  ben: ClientSocket;
  sessionId: string;
  close(): Promise<void>;
}

async function openRoom(extraRedisArgs: string[] = []): Promise<Room> {
  const ephemeral = await startPrivateRedis(extraRedisArgs);
  const hub = await startTestHub({ stores: 'redis', ephemeralUrl: ephemeral.url });
  const [anaMember, benMember] = await Promise.all([signUpMember(hub), signUpMember(hub)]);
  const ana = connectClient(hub, anaMember.cookie);
  const ben = connectClient(hub, benMember.cookie);
  await Promise.all([connected(ana), connected(ben)]);
  const sessionId = hub.demo.liveSessionId;
  for (const socket of [ana, ben]) expect(await request(socket, 'session:join', { sessionId })).toMatchObject({ ok: true });
  return {
    hub, ephemeral, ana, ben, sessionId,
    async close() {
      ana.disconnect();
      ben.disconnect();
      await hub.stop();
      await ephemeral.stop();
    },
  };
}

let sent = 0;
function send(room: Room, socket: ClientSocket, text = `message ${sent}`) {
  sent += 1;
  return request(socket, 'message:send', { sessionId: room.sessionId, clientId: `fault-${sent}-${randomUUID().slice(0, 8)}`, text });
}

describe('when the ephemeral Redis is unreachable', () => {
  it.concurrent.each([5, 30, 120])('for %i s, sends fail with an error ack and the room recovers by itself', async (outageSeconds) => {
    const room = await openRoom();
    try {
      expect(await send(room, room.ana, 'before the outage')).toMatchObject({ ok: true });
      await room.ephemeral.stop({ crash: true });
      const answers = [];
      const outageEnds = Date.now() + outageSeconds * 1000;
      while (Date.now() < outageEnds) {
        answers.push(await send(room, room.ana, 'during the outage'));
        await pause(Math.min(5000, outageSeconds * 200));
      }
      expect(answers.length).toBeGreaterThanOrEqual(3);
      for (const answer of answers) expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      await room.ephemeral.start();
      // The hub reconnects by itself; the first sends after the restart find the room reset and reopen it.
      let recovered = false;
      for (let attempt = 0; attempt < 40 && !recovered; attempt += 1) {
        recovered = (await send(room, room.ana, 'after the outage')).ok;
        if (!recovered) await pause(250);
      }
      expect(recovered).toBe(true);
      expect((await room.hub.stores.messages.readAfter(room.sessionId, null, 100)).map((message) => message.text)).not.toContain('during the outage');
    } finally {
      await room.close();
    }
  }, 200_000);
});

describe('when the ephemeral Redis restarts empty', () => {
  it('tells the room its history was reset, and talk goes on', async () => {
    const room = await openRoom();
    try {
      expect(await send(room, room.ana, 'lost in the restart')).toMatchObject({ ok: true });
      const resetSeenByBen = collect(room.ben, 'session:history-reset');
      const postedToBen = collect(room.ben, 'message:posted');
      await room.ephemeral.stop({ crash: true });
      await room.ephemeral.start();
      let answer = await send(room, room.ana, 'first after the restart');
      for (let attempt = 0; attempt < 40 && !answer.ok; attempt += 1) {
        await pause(250);
        answer = await send(room, room.ana, 'first after the restart');
      }
      expect(answer).toMatchObject({ ok: true });
      await pause(200);
      expect(resetSeenByBen).toEqual([{ sessionId: room.sessionId }]);
      expect(postedToBen.map((message) => message.text)).toContain('first after the restart');
      const history = await request(room.ben, 'session:join', { sessionId: room.sessionId });
      expect(history.ok && history.data.messages.map((message: { text: string }) => message.text)).toEqual(['first after the restart']);
    } finally {
      await room.close();
    }
  });
});

describe('when the ephemeral Redis restarts empty and everyone comes back at once', () => {
  it('tells each client of the reset once, however many joins and sends find the room lost together', async () => {
    const room = await openRoom();
    try {
      expect(await send(room, room.ana, 'lost in the restart')).toMatchObject({ ok: true });
      const resets = { ana: collect(room.ana, 'session:history-reset'), ben: collect(room.ben, 'session:history-reset') };
      await room.ephemeral.stop({ crash: true });
      await room.ephemeral.start();
      const join = (socket: ClientSocket) => request(socket, 'session:join', { sessionId: room.sessionId });
      // The hub reconnects to Redis by itself; then both rejoin and send at the same moment, twice over.
      let answers: { ok: boolean }[] = [{ ok: false }];
      for (let attempt = 0; attempt < 40 && !answers.every((answer) => answer.ok); attempt += 1) {
        if (attempt > 0) await pause(250);
        answers = await Promise.all([join(room.ana), join(room.ben), send(room, room.ana), send(room, room.ben), join(room.ana), send(room, room.ben)]);
      }
      expect(answers.map((answer) => answer.ok)).toEqual([true, true, true, true, true, true]);
      await pause(200);
      expect(resets).toEqual({ ana: [{ sessionId: room.sessionId }], ben: [{ sessionId: room.sessionId }] });
    } finally {
      await room.close();
    }
  });
});

describe('when the ephemeral Redis runs out of memory', () => {
  it('answers writes with an error and evicts nothing already stored', async () => {
    const room = await openRoom(['--maxmemory', '3mb', '--maxmemory-policy', 'noeviction']);
    try {
      const filler = await fillToTheLimit(room.ephemeral.url);
      const stored: string[] = [];
      let refused = null;
      for (let index = 0; index < 400 && !refused; index += 1) {
        const answer = await request(room.ana, 'message:send', { sessionId: room.sessionId, clientId: `oom-${index}-${randomUUID().slice(0, 6)}`, text: `kept ${index} ${'y'.repeat(1900)}` });
        if (answer.ok) stored.push(answer.data.id);
        else refused = answer;
      }
      expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      const kept = await room.hub.stores.messages.readAfter(room.sessionId, null, 10_000);
      expect(kept.map((message) => message.id)).toEqual(stored);
      expect(await filler.dbsize()).toBeGreaterThan(0);
      filler.disconnect();
    } finally {
      await room.close();
    }
  }, 60_000);
});
