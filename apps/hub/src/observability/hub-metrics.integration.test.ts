/**
 * /metrics serves Prometheus text with the operational series, and nothing a member said or is
 * called, on its own port only: the app port (the one the balancer routes) answers 404.
 */
import { randomUUID } from 'node:crypto';
import { type TestHub, connectClient, connected, request, signUpMember, startTestHub } from '../testing/hub-harness';

describe('metrics', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
  });
  afterAll(async () => {
    await hub.stop();
  });

  it('counts connections, rooms, messages, acks and refusals, and carries no alias, handle, id or text', async () => {
    const canary = `canary-${randomUUID()}`;
    const member = await signUpMember(hub, { alias: 'Lantern Metric' });
    const socket = connectClient(hub, member.cookie);
    await connected(socket);
    await request(socket, 'session:join', { sessionId: hub.demo.liveSessionId });
    expect(await request(socket, 'message:send', { sessionId: hub.demo.liveSessionId, clientId: 'metric-0001', text: canary })).toMatchObject({ ok: true });
    await request(socket, 'message:send', { sessionId: hub.demo.liveSessionId, clientId: 'metric-0002', text: '' });

    const response = await fetch(`${hub.metricsUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^respite_connections [1-9]/m);
    expect(text).toMatch(/^respite_rooms [1-9]/m);
    expect(text).toMatch(/^respite_messages_total [1-9]/m);
    expect(text).toMatch(/^respite_ack_latency_seconds_count\{event="message:send",outcome="ok"\} [1-9]/m);
    expect(text).toMatch(/^respite_socket_rejections_total\{code="bad_request"\} [1-9]/m);
    expect(text).toMatch(/^respite_redis_errors_total 0/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
    for (const secret of [canary, 'Lantern Metric', member.handle, hub.demo.liveSessionId, hub.demo.groupId]) expect(text).not.toContain(secret);
    socket.disconnect();
  });

  it('is served on the metrics port only: the app port answers 404 for /metrics, and the metrics port serves nothing else', async () => {
    expect(hub.metricsUrl).not.toBe(hub.url);
    for (const path of ['/metrics', '/metrics?x=1', '/metrics/']) {
      const response = await fetch(`${hub.url}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(await response.text()).not.toMatch(/respite_|nodejs_/);
    }
    for (const path of ['/', '/healthz', '/api/groups', '/socket.io/?EIO=4&transport=polling']) {
      expect({ path, status: (await fetch(`${hub.metricsUrl}${path}`)).status }).toEqual({ path, status: 404 });
    }
    expect((await fetch(`${hub.metricsUrl}/metrics`)).status).toBe(200);
  });
});
