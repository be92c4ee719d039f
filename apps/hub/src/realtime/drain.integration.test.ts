/**
 * A node that drains tells its clients before it closes: every connected socket receives
 * `server:draining` and only then loses its connection, so the web client knows to reconnect
 * elsewhere rather than treat the close as an error. During the drain delay the node still serves
 * the sockets it has, refuses new ones and answers not-ready.
 */
import { io as connectSocket } from 'socket.io-client';
import { callApi, connectClient, connected, pause, signUpMember, startTestHub } from '../testing/hub-harness';

describe('draining a hub', () => {
  it('delivers server:draining to every socket before the close, and serves them until the delay ends', async () => {
    const hub = await startTestHub({ stores: 'memory', drainDelayMs: 600 });
    const members = await Promise.all([signUpMember(hub), signUpMember(hub), signUpMember(hub)]);
    const sockets = members.map((member) => connectClient(hub, member.cookie));
    await Promise.all(sockets.map(connected));
    const seen = sockets.map((socket) => {
      const events: string[] = [];
      socket.on('server:draining', () => events.push('draining'));
      socket.on('disconnect', (reason) => events.push(`disconnect:${reason}`));
      return events;
    });
    const stopped = hub.stop();
    await pause(300);
    // Mid-drain: told, still connected, not ready, and no new socket is taken.
    for (const events of seen) expect(events).toEqual(['draining']);
    expect(sockets.every((socket) => socket.connected)).toBe(true);
    expect((await callApi(hub, 'GET', '/readyz')).status).toBe(503);
    const late = connectClient(hub, members[0].cookie);
    await expect(connected(late)).rejects.toBeDefined();
    late.disconnect();
    await stopped;
    for (const events of seen) {
      expect(events[0]).toBe('draining');
      expect(events[1]).toMatch(/^disconnect:/);
    }
  });

  it.each([['websocket'], ['polling']] as const)('still delivers server:draining with no drain delay (%s)', async (transport) => {
    const hub = await startTestHub({ stores: 'memory', drainDelayMs: 0 });
    const member = await signUpMember(hub);
    const socket = connectSocket(hub.url, { transports: [transport], forceNew: true, reconnection: false, extraHeaders: { origin: hub.origin, cookie: member.cookie } });
    await connected(socket);
    const events: string[] = [];
    socket.on('server:draining', () => events.push('draining'));
    socket.on('disconnect', () => events.push('disconnect'));
    await hub.stop();
    await pause(100);
    expect(events).toEqual(['draining', 'disconnect']);
  });
});
