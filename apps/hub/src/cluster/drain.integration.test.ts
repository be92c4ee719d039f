/**
 * A drain is one node's business. Two hubs share rooms through the Redis adapter; when one is
 * stopped (what SIGTERM runs), its own clients are told `server:draining` before it disconnects
 * them, and the other node's clients hear nothing and stay connected. A drain broadcast through the
 * adapter would do the opposite: the sharded adapter delivers a broadcast locally only after its
 * publish, so the node's own sockets are gone first, and every other node disconnects all of its
 * sockets, the whole cluster reconnecting at each step of a rolling update.
 */
import { callApi, collect, connectClient, connected, pause, startTestHub, type ClientSocket, type TestHub } from '../testing/hub-harness';

describe('draining one hub of two', () => {
  let draining: TestHub;
  let staying: TestHub;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    draining = await startTestHub({ adapter: true });
    staying = await startTestHub({ adapter: true, keyPrefix: draining.keyPrefix, seed: false });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await staying.stop();
  });

  it("tells only its own clients, and leaves the other node's clients connected", async () => {
    const signUp = await callApi(draining, 'POST', '/api/auth/sign-up', { inviteCode: draining.demo.inviteCode, handle: `drain-${Date.now()}`, passphrase: 'one node leaves, the other stays' });
    const onDraining = connectClient(draining, signUp.cookie);
    const onStaying = connectClient(staying, signUp.cookie);
    sockets.push(onDraining, onStaying);
    await Promise.all([connected(onDraining), connected(onStaying)]);
    const toldOnDraining = collect(onDraining, 'server:draining');
    const toldOnStaying = collect(onStaying, 'server:draining');
    const stayingDisconnects = collect(onStaying, 'disconnect');
    const gone = new Promise((resolve) => onDraining.once('disconnect', resolve));

    await draining.stop();
    await gone;
    await pause(500); // more than the adapter's publish round trip: a cluster-wide broadcast would have arrived

    expect(toldOnDraining).toEqual([{ reconnectInMs: expect.any(Number) }]);
    expect(toldOnStaying).toEqual([]);
    expect(stayingDisconnects).toEqual([]);
    expect(onStaying.connected).toBe(true);
  });
});
