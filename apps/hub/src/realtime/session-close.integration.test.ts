/**
 * The promise of ephemerality: after a session closes, a canary message is nowhere in either Redis
 * connection (full SCAN, every key of every type) and nowhere in the hub's logs.
 */
import { randomUUID } from 'node:crypto';
import { keysHolding } from '../testing/redis-test-env';
import {
  type TestHub, connectClient, connected, nextEvent, request, signInFacilitator, signUpMember, startTestHub,
} from '../testing/hub-harness';

describe('closing a session', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
  });
  afterAll(async () => {
    await hub.stop();
  });

  it('erases every ephemeral key, tells the room, and leaves the canary nowhere', async () => {
    const canary = `canary-${randomUUID()}`;
    const member = await signUpMember(hub);
    const facilitatorCookie = await signInFacilitator(hub);
    const memberSocket = connectClient(hub, member.cookie);
    const facilitatorSocket = connectClient(hub, facilitatorCookie);
    await Promise.all([connected(memberSocket), connected(facilitatorSocket)]);
    const sessionId = hub.demo.liveSessionId;
    expect(await request(memberSocket, 'session:join', { sessionId })).toMatchObject({ ok: true });
    expect(await request(facilitatorSocket, 'session:join', { sessionId })).toMatchObject({ ok: true, data: { self: { role: 'facilitator' } } });
    expect(await request(memberSocket, 'message:send', { sessionId, clientId: 'canary-client', text: `I have never said this aloud: ${canary}` })).toMatchObject({ ok: true });

    // While live, the canary is where it should be: in the ephemeral stream only.
    const whileLive = await keysHolding(hub.redis!.ephemeral, canary);
    expect(whileLive).toEqual([`${hub.keyPrefix}eph:session:{${sessionId}}:messages`]);
    const ttl = await hub.redis!.ephemeral.pttl(whileLive[0]!);
    const session = await hub.stores.sessions.get(sessionId);
    expect(ttl).toBeGreaterThan(0);
    expect(Date.now() + ttl).toBeLessThanOrEqual(session!.endsAt + 5 * 60_000 + 1000);

    const closed = nextEvent(memberSocket, 'session:closed');
    expect(await request(facilitatorSocket, 'session:end', { sessionId })).toMatchObject({ ok: true });
    expect(await closed).toEqual({ sessionId, erased: true });

    expect(await keysHolding(hub.redis!.durable, canary)).toEqual([]);
    expect(await keysHolding(hub.redis!.ephemeral, canary)).toEqual([]);
    for (const key of [`eph:session:{${sessionId}}:messages`, `eph:session:{${sessionId}}:client-ids`, `eph:session:{${sessionId}}:presence`, `eph:session:{${sessionId}}:open`]) {
      expect(await hub.redis!.ephemeral.exists(`${hub.keyPrefix}${key}`)).toBe(0);
    }
    expect(hub.logs.join('\n')).not.toContain(canary);
    expect(hub.logs.join('\n')).not.toContain(member.handle);

    // A send buffered through the close is refused and never stored.
    const late = await request(memberSocket, 'message:send', { sessionId, clientId: 'late-client', text: `late ${canary}` });
    expect(late).toMatchObject({ ok: false, error: { code: 'session_closed' } });
    expect(await keysHolding(hub.redis!.ephemeral, canary)).toEqual([]);
    // And the room cannot be re-entered.
    expect(await request(memberSocket, 'session:join', { sessionId })).toMatchObject({ ok: false, error: { code: 'session_closed' } });
    // Every later event of a socket that had joined says the session closed, a second end and a third alike.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(await request(facilitatorSocket, 'session:end', { sessionId })).toMatchObject({ ok: false, error: { code: 'session_closed' } });
    }
    expect(await request(memberSocket, 'message:send', { sessionId, clientId: 'later-client', text: 'still there?' })).toMatchObject({ ok: false, error: { code: 'session_closed' } });
    memberSocket.disconnect();
    facilitatorSocket.disconnect();
  });
});
