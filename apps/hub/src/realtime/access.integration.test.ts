/** Who may not get in, and what a bad packet gets: refused with a typed error, changing nothing. */
import {
  type ClientSocket, type TestHub, callApi, collect, connectClient, connected, nextEvent, pause, request, signUpMember, startTestHub,
} from '../testing/hub-harness';

describe('socket access control', () => {
  let hub: TestHub;
  const sockets: ClientSocket[] = [];
  const track = (socket: ClientSocket) => {
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await hub.stop();
  });

  async function memberInRoom() {
    const member = await signUpMember(hub);
    const socket = track(connectClient(hub, member.cookie));
    await connected(socket);
    const joined = await request(socket, 'session:join', { sessionId: hub.demo.liveSessionId });
    expect(joined.ok).toBe(true);
    return { member, socket };
  }

  it('refuses a socket that is not signed in', async () => {
    const socket = track(connectClient(hub, null));
    await expect(connected(socket)).rejects.toThrow('unauthenticated');
  });

  it('refuses a socket with a forged or signed-out cookie', async () => {
    const member = await signUpMember(hub);
    await callApi(hub, 'POST', '/api/auth/sign-out', {}, member.cookie);
    await expect(connected(track(connectClient(hub, member.cookie)))).rejects.toThrow('unauthenticated');
    await expect(connected(track(connectClient(hub, 'respite_session=forgedforgedforgedforgedforged')))).rejects.toThrow('unauthenticated');
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['another port', 'http://127.0.0.1:1'],
    ['a look-alike host', 'http://127.0.0.1.evil.example'],
    ['the null origin', 'null'],
  ])('refuses a handshake from %s, even with a valid cookie', async (_name, origin) => {
    const member = await signUpMember(hub);
    await expect(connected(track(connectClient(hub, member.cookie, { origin })))).rejects.toThrow();
  });

  it('refuses a signed-in member of no group (eligible, not joined) and broadcasts nothing', async () => {
    const { socket: insider } = await memberInRoom();
    const broadcasts = collect(insider, 'presence:updated');
    const outsider = await signUpMember(hub, { join: false });
    const socket = track(connectClient(hub, outsider.cookie));
    await connected(socket);
    const presenceBefore = await hub.stores.presence.list(hub.demo.liveSessionId);
    expect(await request(socket, 'session:join', { sessionId: hub.demo.liveSessionId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await request(socket, 'message:send', { sessionId: hub.demo.liveSessionId, clientId: 'sneaky-0001', text: 'let me in' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await pause(150);
    expect(broadcasts).toHaveLength(0);
    expect(await hub.stores.presence.list(hub.demo.liveSessionId)).toEqual(presenceBefore);
    expect((await hub.stores.messages.readAfter(hub.demo.liveSessionId, null, 1000)).some((message) => message.clientId === 'sneaky-0001')).toBe(false);
  });

  it('refuses a member who has not joined the room, and a member ending the session', async () => {
    const member = await signUpMember(hub);
    const socket = track(connectClient(hub, member.cookie));
    await connected(socket);
    expect(await request(socket, 'message:send', { sessionId: hub.demo.liveSessionId, clientId: 'not-joined-1', text: 'hello' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await request(socket, 'session:join', { sessionId: hub.demo.liveSessionId });
    expect(await request(socket, 'session:end', { sessionId: hub.demo.liveSessionId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await hub.stores.sessions.get(hub.demo.liveSessionId))?.state).toBe('live');
  });

  it.each([
    ['a missing field', { sessionId: 'placeholder' }],
    ['an unknown field', { clientId: 'client-0002', text: 'hi', isAdmin: true }],
    ['a wrong type', { clientId: 12345678, text: 'hi' }],
    ['an over-long message', { clientId: 'client-0003', text: 'x'.repeat(2001) }],
    ['a lone surrogate', { clientId: 'client-0004', text: 'broken \uD800 text' }],
    ['a prototype key', JSON.parse('{"clientId":"client-0005","text":"hi","__proto__":{"polluted":true}}')],
  ])('answers %s with bad_request and stores nothing', async (_name, fields) => {
    const { socket } = await memberInRoom();
    const before = (await hub.stores.messages.readAfter(hub.demo.liveSessionId, null, 10_000)).length;
    const answer = await request(socket, 'message:send', { sessionId: hub.demo.liveSessionId, ...fields });
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect((await hub.stores.messages.readAfter(hub.demo.liveSessionId, null, 10_000)).length).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers an unknown event with unknown_event, by ack or by request:rejected', async () => {
    const { socket } = await memberInRoom();
    expect(await request(socket, 'admin:grant', { sessionId: hub.demo.liveSessionId })).toMatchObject({ ok: false, error: { code: 'unknown_event' } });
    const rejected = nextEvent(socket, 'request:rejected');
    (socket as any).emit('message:send', { sessionId: hub.demo.liveSessionId, text: 42 });
    expect(await rejected).toMatchObject({ event: 'message:send', error: { code: 'bad_request' } });
    expect(socket.connected).toBe(true);
  });
});
