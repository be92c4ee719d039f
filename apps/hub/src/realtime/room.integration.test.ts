/** The live room over real sockets and the real Redis: send, receive, dedupe, resume. */
import {
  type ClientSocket, type TestHub, collect, connectClient, connected, nextEvent, pause, request, signUpMember, startTestHub,
} from '../testing/hub-harness';

describe('the live room on Redis', () => {
  let hub: TestHub;
  const sockets: ClientSocket[] = [];
  const open = (cookie: string) => {
    const socket = connectClient(hub, cookie);
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

  async function enter(cookie: string, lastSeenId: string | null = null) {
    const socket = open(cookie);
    await connected(socket);
    const joined = await request(socket, 'session:join', { sessionId: hub.demo.liveSessionId, lastSeenId });
    if (!joined.ok) throw new Error(JSON.stringify(joined));
    return { socket, joined: joined.data };
  }

  it('delivers a message to the other member, and the ack carries the server id', async () => {
    const [ana, ben] = await Promise.all([signUpMember(hub, { alias: 'Quiet Heron' }), signUpMember(hub, { alias: 'Calm River' })]);
    const a = await enter(ana.cookie);
    const b = await enter(ben.cookie);
    const received = nextEvent(b.socket, 'message:posted');
    const ack = await request(a.socket, 'message:send', { sessionId: hub.demo.liveSessionId, clientId: 'client-0001', text: 'Long week on the ward.' });
    expect(ack).toMatchObject({ ok: true, data: { clientId: 'client-0001', duplicate: false } });
    const message = await received;
    expect(ack.ok && message.id).toBe(ack.ok && ack.data.id);
    expect(message).toMatchObject({ text: 'Long week on the ward.', alias: 'Quiet Heron', role: 'member', sessionId: hub.demo.liveSessionId });
    expect(message.authorRef).toBe(a.joined.self.memberRef);
    expect(JSON.stringify(message)).not.toMatch(/member-\d/); // no handle leaks into what the room sees
  });

  it('stores a retried client id once and answers the retry with the same id', async () => {
    const ana = await signUpMember(hub);
    const a = await enter(ana.cookie);
    const posted = collect(a.socket, 'message:posted');
    const payload = { sessionId: hub.demo.liveSessionId, clientId: 'retry-abcdef12', text: 'Sent twice by a flaky network.' };
    const first = await request(a.socket, 'message:send', payload);
    const second = await request(a.socket, 'message:send', payload);
    expect(first.ok && second.ok).toBe(true);
    expect(second).toMatchObject({ ok: true, data: { duplicate: true, id: first.ok ? first.data.id : 'x' } });
    const history = await hub.stores.messages.readAfter(hub.demo.liveSessionId, null, 1000);
    expect(history.filter((message) => message.clientId === 'retry-abcdef12')).toHaveLength(1);
    await pause(100);
    expect(posted.filter((message) => message.clientId === 'retry-abcdef12')).toHaveLength(1);
  });

  it('gives a reconnecting client exactly the messages it missed, once, in order', async () => {
    const [ana, ben] = await Promise.all([signUpMember(hub), signUpMember(hub)]);
    const a = await enter(ana.cookie);
    const b = await enter(ben.cookie);
    const seen = nextEvent(b.socket, 'message:posted');
    await request(a.socket, 'message:send', { sessionId: hub.demo.liveSessionId, clientId: 'before-drop-1', text: 'before the drop' });
    const lastSeenId = (await seen).id as string;
    b.socket.disconnect();
    const missed: string[] = [];
    for (let index = 1; index <= 5; index += 1) {
      const ack = await request(a.socket, 'message:send', { sessionId: hub.demo.liveSessionId, clientId: `missed-${index}-xx`, text: `missed ${index}` });
      if (ack.ok) missed.push(ack.data.id);
    }
    const again = await enter(ben.cookie, lastSeenId);
    expect(again.joined.messages.map((message: { id: string }) => message.id)).toEqual(missed);
    expect(again.joined.messages.map((message: { text: string }) => message.text)).toEqual(['missed 1', 'missed 2', 'missed 3', 'missed 4', 'missed 5']);
    expect(again.joined.historyReset).toBe(false);
  });

  it('shows who is present by alias and who is typing, to the others only', async () => {
    const [ana, ben] = await Promise.all([signUpMember(hub, { alias: 'Gentle Otter' }), signUpMember(hub, { alias: 'Steady Pine' })]);
    const a = await enter(ana.cookie);
    const presence = nextEvent(a.socket, 'presence:updated');
    const b = await enter(ben.cookie);
    const update = await presence;
    expect(update.members.map((member: { alias: string }) => member.alias)).toEqual(expect.arrayContaining(['Gentle Otter', 'Steady Pine']));
    const ownTyping = collect(b.socket, 'typing:changed');
    const typing = nextEvent(a.socket, 'typing:changed');
    await request(b.socket, 'typing:set', { sessionId: hub.demo.liveSessionId, typing: true });
    expect(await typing).toMatchObject({ alias: 'Steady Pine', typing: true });
    await pause(100);
    expect(ownTyping).toHaveLength(0);
    const left = nextEvent(a.socket, 'presence:updated');
    b.socket.disconnect();
    expect((await left).members.map((member: { alias: string }) => member.alias)).not.toContain('Steady Pine');
  });
});
