/**
 * Seats over the real REST edge, Redis and sockets: capacity and the waitlist, promotion told on the
 * promoted member's socket, two members racing for the last seat, a late member entering while a
 * seat is free, and the room refusing a member without a seat once it is full, who hears nothing of it
 * meanwhile.
 */
import {
  type TestHub, callApi, connectClient, connected, nextEvent, request, signInFacilitator, signUpMember, startTestHub,
} from '../testing/hub-harness';

describe('seats at a session', () => {
  let hub: TestHub;
  const seat = (sessionId: string, method: string, cookie: string) => callApi(hub, method, `/api/sessions/${sessionId}/seat`, method === 'GET' ? undefined : {}, cookie);

  beforeEach(async () => {
    hub = await startTestHub({ stores: 'redis' });
    const group = (await hub.stores.groups.getGroup(hub.demo.groupId))!;
    await hub.stores.groups.saveGroup({ ...group, capacity: 2 });
  });
  afterEach(async () => {
    await hub.stop();
  });

  it('seats up to capacity, waitlists the rest, and promotes and tells the first waiting member when a seat frees', async () => {
    const sessionId = hub.demo.liveSessionId;
    const [first, second, third] = await Promise.all([signUpMember(hub), signUpMember(hub), signUpMember(hub)]);
    expect((await seat(sessionId, 'POST', first.cookie)).body).toMatchObject({ ok: true, data: { seat: { status: 'seated', capacity: 2, seatsTaken: 1 } } });
    expect((await seat(sessionId, 'POST', second.cookie)).body).toMatchObject({ ok: true, data: { seat: { status: 'seated', seatsTaken: 2 } } });
    expect((await seat(sessionId, 'POST', third.cookie)).body).toMatchObject({ ok: true, data: { seat: { status: 'waitlisted', position: 1 } } });

    const waitingSocket = connectClient(hub, third.cookie);
    await connected(waitingSocket);
    // Full: the waiting member cannot enter yet.
    expect(await request(waitingSocket, 'session:join', { sessionId })).toMatchObject({ ok: false, error: { code: 'session_full' } });
    const promoted = nextEvent(waitingSocket, 'seat:promoted');
    expect((await seat(sessionId, 'DELETE', first.cookie)).body).toMatchObject({ ok: true, data: { seat: { status: 'none' } } });
    expect(await promoted).toEqual({ sessionId, groupId: hub.demo.groupId });
    expect((await seat(sessionId, 'GET', third.cookie)).body).toMatchObject({ ok: true, data: { seat: { status: 'seated', position: null } } });
    expect(await request(waitingSocket, 'session:join', { sessionId })).toMatchObject({ ok: true });
    waitingSocket.disconnect();
  });

  it('gives the last seat to one of two members racing for it', async () => {
    const sessionId = hub.demo.liveSessionId;
    const [holder, racerA, racerB] = await Promise.all([signUpMember(hub), signUpMember(hub), signUpMember(hub)]);
    await seat(sessionId, 'POST', holder.cookie);
    const answers = await Promise.all([seat(sessionId, 'POST', racerA.cookie), seat(sessionId, 'POST', racerB.cookie)]);
    const statuses = answers.map((answer) => (answer.body.ok ? (answer.body.data as { seat: { status: string } }).seat.status : 'error')).sort();
    expect(statuses).toEqual(['seated', 'waitlisted']);
  });

  it('gives back the seats of a member who leaves the group or deletes the account, promoting the waiting', async () => {
    const sessionId = hub.demo.liveSessionId;
    const [leaver, deleter, waiter] = await Promise.all([signUpMember(hub), signUpMember(hub), signUpMember(hub)]);
    await seat(sessionId, 'POST', leaver.cookie);
    await seat(sessionId, 'POST', deleter.cookie);
    expect((await seat(sessionId, 'POST', waiter.cookie)).body).toMatchObject({ ok: true, data: { seat: { status: 'waitlisted' } } });
    expect((await callApi(hub, 'DELETE', `/api/groups/${hub.demo.groupId}/membership`, {}, leaver.cookie)).status).toBe(200);
    expect((await seat(sessionId, 'GET', waiter.cookie)).body).toMatchObject({ ok: true, data: { seat: { status: 'seated', seatsTaken: 2 } } });
    expect((await callApi(hub, 'POST', '/api/me/delete', { passphrase: deleter.passphrase }, deleter.cookie)).status).toBe(200);
    expect(await hub.stores.sessionSeats.counts(sessionId)).toEqual({ seated: 1, waiting: 0 });
  });

  it('lets a late member enter while a seat is free, refuses one without a seat once full, and always admits facilitators', async () => {
    const sessionId = hub.demo.liveSessionId;
    const [reserved, late, tooLate] = await Promise.all([signUpMember(hub), signUpMember(hub), signUpMember(hub)]);
    await seat(sessionId, 'POST', reserved.cookie);
    const sockets = [connectClient(hub, late.cookie), connectClient(hub, tooLate.cookie), connectClient(hub, await signInFacilitator(hub))];
    await Promise.all(sockets.map(connected));
    expect(await request(sockets[0]!, 'session:join', { sessionId })).toMatchObject({ ok: true });
    expect(await request(sockets[1]!, 'session:join', { sessionId })).toMatchObject({ ok: false, error: { code: 'session_full' } });
    expect(await request(sockets[2]!, 'session:join', { sessionId })).toMatchObject({ ok: true });
    // A member outside the group cannot reserve.
    expect((await seat(sessionId, 'POST', (await signUpMember(hub, { join: false })).cookie)).status).toBe(403);
    for (const socket of sockets) socket.disconnect();
  });

  it('keeps a member refused for want of a seat out of the room while the seat is being looked for', async () => {
    const sessionId = hub.demo.liveSessionId;
    const [first, second, third] = await Promise.all([signUpMember(hub), signUpMember(hub), signUpMember(hub)]);
    const sockets = [connectClient(hub, first.cookie), connectClient(hub, second.cookie), connectClient(hub, third.cookie)];
    await Promise.all(sockets.map(connected));
    const [seated, alsoSeated, refused] = sockets as [typeof sockets[0], typeof sockets[0], typeof sockets[0]];
    expect(await request(seated, 'session:join', { sessionId })).toMatchObject({ ok: true });
    expect(await request(alsoSeated, 'session:join', { sessionId })).toMatchObject({ ok: true });
    const heardByRefused: unknown[] = [];
    refused.on('message:posted', (message: unknown) => heardByRefused.push(message));
    // While the third member's seat is looked for, the room talks; only then is the answer "full".
    const seats = hub.stores.sessionSeats;
    const claim = seats.claimForEntry.bind(seats);
    seats.claimForEntry = async (...args) => {
      const posted = nextEvent(seated, 'message:posted');
      expect(await request(seated, 'message:send', { sessionId, clientId: 'during-claim-1', text: 'said while a seat is looked for' })).toMatchObject({ ok: true });
      await posted;
      return claim(...args);
    };
    expect(await request(refused, 'session:join', { sessionId })).toMatchObject({ ok: false, error: { code: 'session_full' } });
    seats.claimForEntry = claim;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heardByRefused).toEqual([]);
    for (const socket of sockets) socket.disconnect();
  });
});
