/**
 * The crisis ladder when no facilitator of the session is in the room (real sockets, real Redis):
 * the group's other facilitators are alerted wherever they are in the app, by their memberships now;
 * else the on-call role; the member is told who was reached, and never waits on nobody for long.
 */
import type { EscalatedAlertView } from '@respite/protocol';
import { newEntityId } from '../random-ids';
import { aliasKey } from '@respite/domain';
import { type TestHub, callApi, collect, nextEvent, pause, request, signInFacilitator, socketTracker, startTestHub } from '../testing/hub-harness';
import { accountWithRoles, joinDemoSession, newMemberInRoom, roomForEveryone } from '../testing/moderation-fixtures';

describe('the crisis ladder (real sockets, real Redis)', () => {
  let hub: TestHub;
  const sockets = socketTracker(() => hub);
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
    await roomForEveryone(hub);
  });
  afterEach(() => sockets.closeAll());
  afterAll(() => hub.stop());

  /** A second facilitator of the demo group, signed in, with a socket open outside the room (as on /groups). */
  async function otherFacilitatorOnline(): Promise<{ accountId: string; socket: Awaited<ReturnType<typeof sockets.open>> }> {
    const { accountId, cookie } = await accountWithRoles(hub, ['facilitator']);
    const now = Date.now();
    const alias = `Guide ${newEntityId().slice(0, 6)}`;
    await hub.stores.groups.addMembership({
      groupId: hub.demo.groupId, accountId, memberRef: newEntityId(), alias, aliasKey: aliasKey(alias),
      role: 'facilitator', normsAcceptedAt: now, joinedAt: now, status: 'active',
    });
    return { accountId, socket: await sockets.open(cookie) };
  }

  it('reaches a facilitator of the group who is elsewhere in the app, and tells the member so', async () => {
    const { socket: away } = await otherFacilitatorOnline();
    const escalated = new Promise<EscalatedAlertView>((resolve) => away.on('crisis:escalated', (alert, seen) => { seen(true); resolve(alert); }));
    const member = await newMemberInRoom(hub);
    const told = collect(member.socket, 'crisis:resources');
    const answer = await request(member.socket, 'support:request', { sessionId: hub.demo.liveSessionId });
    expect(answer).toMatchObject({ ok: true, data: { reached: 'group_facilitator' } });
    expect(await escalated).toMatchObject({
      sessionId: hub.demo.liveSessionId, memberRef: member.memberRef, alias: member.alias, source: 'support_button',
      groupId: hub.demo.groupId, groupName: expect.any(String), startsAt: expect.any(String), as: 'group_facilitator',
    });
    await pause(100);
    // At once the resources with the truth of that moment, then who was reached.
    expect(told.map((update: { reached: string }) => update.reached)).toEqual(['nobody', 'group_facilitator']);
    member.socket.disconnect();
  });

  it('skips a screen that does not show the alert, a facilitator no longer of the group and the group\'s members; with no on-call, tells the member nobody', async () => {
    const { socket: silent } = await otherFacilitatorOnline();
    const peer = await newMemberInRoom(hub);
    await request(peer.socket, 'session:leave', { sessionId: hub.demo.liveSessionId });
    const peerSaw: EscalatedAlertView[] = [];
    peer.socket.on('crisis:escalated', (alert, seen) => { peerSaw.push(alert); seen(true); });
    const removed = await otherFacilitatorOnline();
    await hub.stores.groups.removeMembership(hub.demo.groupId, removed.accountId);
    const removedSaw = collect(removed.socket, 'crisis:escalated');
    const silentSaw = collect(silent, 'crisis:escalated');
    const member = await newMemberInRoom(hub);
    const answer = await request(member.socket, 'support:request', { sessionId: hub.demo.liveSessionId });
    expect(answer).toMatchObject({ ok: true, data: { reached: 'nobody' } });
    expect(silentSaw).toHaveLength(1);
    expect(removedSaw).toEqual([]);
    expect(peerSaw).toEqual([]);
    member.socket.disconnect();
    peer.socket.disconnect();
  });

  it('climbs to the on-call role when no facilitator of the group answers', async () => {
    const onCall = await accountWithRoles(hub, ['on_call']);
    // Its home page, "My groups", opens (with no groups), where the web app shows escalated alerts.
    expect((await callApi(hub, 'GET', '/api/groups', undefined, onCall.cookie)).body).toEqual({ ok: true, data: { groups: [] } });
    const onCallSocket = await sockets.open(onCall.cookie);
    const plainMember = await accountWithRoles(hub, ['member']);
    const memberSocket = await sockets.open(plainMember.cookie);
    const memberSaw = collect(memberSocket, 'crisis:escalated');
    const escalated = new Promise<EscalatedAlertView>((resolve) => onCallSocket.on('crisis:escalated', (alert, seen) => { seen(true); resolve(alert); }));
    const member = await newMemberInRoom(hub);
    const answer = await request(member.socket, 'support:request', { sessionId: hub.demo.liveSessionId });
    expect(answer).toMatchObject({ ok: true, data: { reached: 'on_call' } });
    expect(await escalated).toMatchObject({ alias: member.alias, as: 'on_call', groupId: hub.demo.groupId });
    expect(memberSaw).toEqual([]);
    member.socket.disconnect();
  });

  it('does not escalate while a facilitator is in the room', async () => {
    const { socket: away } = await otherFacilitatorOnline();
    const awaySaw = collect(away, 'crisis:escalated');
    const inRoom = await joinDemoSession(hub, await signInFacilitator(hub));
    const alerted = nextEvent(inRoom.socket, 'crisis:alerted');
    const member = await newMemberInRoom(hub);
    const answer = await request(member.socket, 'support:request', { sessionId: hub.demo.liveSessionId });
    expect(answer).toMatchObject({ ok: true, data: { reached: 'room_facilitator' } });
    await alerted;
    await pause(150);
    expect(awaySaw).toEqual([]);
    member.socket.disconnect();
    inRoom.socket.disconnect();
  });
});
