/**
 * The wipe: a session with 100 unique canary messages is ended early by its facilitator; afterwards
 * no canary is found in the durable Redis (full SCAN), in the ephemeral Redis (a private
 * redis-server, full SCAN and a byte search of every key's DUMP, with RDB compression off so the
 * bytes are literal), in the hub's logs, or in `GET /metrics`. The canaries are checked to be present
 * while the session is live, so the search can fail.
 */
import { newEntityId } from '../random-ids';
import { type TestHub, nextEvent, request, signInFacilitator, startTestHub } from '../testing/hub-harness';
import { joinDemoSession, newMemberInRoom, roomForEveryone } from '../testing/moderation-fixtures';
import { type PrivateRedis, startPrivateRedis } from '../testing/private-redis';
import { keysHolding, scanAllKeys } from '../testing/redis-test-env';

describe('the wipe: 100 canaries leave no trace after the session closes', () => {
  let ephemeral: PrivateRedis;
  let hub: TestHub;
  beforeAll(async () => {
    ephemeral = await startPrivateRedis(['--rdbcompression', 'no']);
    hub = await startTestHub({ stores: 'redis', ephemeralUrl: ephemeral.url });
    await roomForEveryone(hub);
  });
  afterAll(async () => {
    await hub.stop();
    await ephemeral.stop();
  });

  async function dumpsHolding(needles: string[]): Promise<string[]> {
    const redis = hub.redis!.ephemeral;
    const found: string[] = [];
    for (const key of await scanAllKeys(redis)) {
      const dump = (await redis.dumpBuffer(key))?.toString('latin1') ?? '';
      for (const needle of needles) if (dump.includes(needle)) found.push(`${key}: ${needle}`);
    }
    return found;
  }

  it('ended early by the facilitator', async () => {
    const sessionId = hub.demo.liveSessionId;
    const facilitator = await joinDemoSession(hub, await signInFacilitator(hub));
    const members = await Promise.all([newMemberInRoom(hub), newMemberInRoom(hub), newMemberInRoom(hub)]);
    const canaries = Array.from({ length: 100 }, (_, index) => `canary-${index}-${newEntityId()}`);
    for (const [index, canary] of canaries.entries()) {
      const author = members[index % members.length]!;
      expect(await request(author.socket, 'message:send', { sessionId, clientId: newEntityId(), text: `I have not told anyone ${canary}` })).toMatchObject({ ok: true });
    }
    // Present while live: the searches below can find them.
    expect((await keysHolding(hub.redis!.ephemeral, canaries[0]!)).length).toBeGreaterThan(0);
    expect((await dumpsHolding([canaries[99]!])).length).toBeGreaterThan(0);

    const closed = nextEvent(members[0]!.socket, 'session:closed');
    expect(await request(facilitator.socket, 'session:end', { sessionId })).toMatchObject({ ok: true });
    await closed;

    for (const canary of canaries) {
      expect(await keysHolding(hub.redis!.durable, canary)).toEqual([]);
      expect(await keysHolding(hub.redis!.ephemeral, canary)).toEqual([]);
    }
    expect(await dumpsHolding(canaries)).toEqual([]);
    const logs = hub.logs.join('\n');
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(canaries.filter((canary) => logs.includes(canary) || metrics.includes(canary))).toEqual([]);
    expect(metrics.length).toBeGreaterThan(100);
    for (const member of [facilitator, ...members]) member.socket.disconnect();
  });
});
