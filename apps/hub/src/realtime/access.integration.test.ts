/** Who may not get in, and what a bad packet gets: refused with a typed error, changing nothing. */
import { connect } from 'node:net';
import {
  type ClientSocket, type TestHub, callApi, collect, connectClient, connected, nextEvent, pause, request, signUpMember, startTestHub,
} from '../testing/hub-harness';

/** The status line (or nothing) a raw Engine.IO handshake request gets back, before the connection closes. */
function rawHandshake(url: string, transport: 'websocket' | 'polling', origin: string | null): Promise<string> {
  const { hostname, port } = new URL(url);
  const headers = [
    `GET /socket.io/?EIO=4&transport=${transport} HTTP/1.1`, `Host: ${hostname}:${port}`,
    ...(transport === 'websocket' ? ['Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13'] : ['Connection: close']),
    ...(origin ? [`Origin: ${origin}`] : []),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('data', (chunk: Buffer) => { received += chunk.toString(); });
    socket.on('error', reject);
    socket.on('close', () => resolve(received.split('\r\n')[0]!));
    socket.write(`${headers.join('\r\n')}\r\n\r\n`);
  });
}

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

  it('answers a refused handshake over HTTP: 403 for polling, 400 for a WebSocket upgrade, with or without an Origin', async () => {
    for (const origin of ['https://evil.example', null]) {
      expect(await rawHandshake(hub.url, 'polling', origin)).toBe('HTTP/1.1 403 Forbidden');
      expect(await rawHandshake(hub.url, 'websocket', origin)).toBe('HTTP/1.1 400 Bad Request');
    }
  });

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

  it('answers an in-room event for a session id that does not exist as for one not joined: forbidden, no oracle', async () => {
    const member = await signUpMember(hub);
    const socket = track(connectClient(hub, member.cookie));
    await connected(socket);
    const unknownSessionId = 'no-such-session-0001';
    expect(await hub.stores.sessions.get(unknownSessionId)).toBeNull();
    for (const sessionId of [unknownSessionId, hub.demo.liveSessionId]) {
      expect(await request(socket, 'message:send', { sessionId, clientId: 'oracle-probe-1', text: 'is it there?' })).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Join the session first.' } });
      expect(await request(socket, 'session:end', { sessionId })).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Join the session first.' } });
    }
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
