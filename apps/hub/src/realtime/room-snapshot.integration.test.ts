/**
 * The room as the viewer may see it, on every join (RoomSnapshotView), over real sockets on the
 * real Redis: what a member missed while away (deletions, reactions) and what a reload must bring
 * back (their open check-in, a facilitator's open crisis alerts, reports and waiting list); and crisis
 * alerts that cannot be lost: kept until a facilitator acknowledges them, shown to a facilitator who
 * arrives later, with the member told whether a facilitator was in the room, also from the waiting room.
 */
import { timesForOccurrence } from '@respite/domain';
import type { RoomSnapshotView } from '@respite/protocol';
import { newEntityId } from '../random-ids';
import {
  type ClientSocket, type TestHub, collect, nextEvent, pause, request, signInFacilitator, signUpMember, socketTracker, startTestHub,
} from '../testing/hub-harness';
import { roomForEveryone } from '../testing/moderation-fixtures';

describe('the room snapshot on every join, and crisis alerts kept until acknowledged', () => {
  let hub: TestHub;
  let facilitatorCookie: string;
  const { open, closeAll } = socketTracker(() => hub);
  const join = async (socket: ClientSocket, sessionId: string, lastSeenId: string | null = null): Promise<RoomSnapshotView> => {
    const answer = await request<RoomSnapshotView>(socket, 'session:join', { sessionId, lastSeenId });
    if (!answer.ok) throw new Error(`join failed: ${JSON.stringify(answer)}`);
    return answer.data;
  };
  const send = async (socket: ClientSocket, sessionId: string, text: string): Promise<string> => {
    const answer = await request(socket, 'message:send', { sessionId, clientId: newEntityId(), text });
    if (!answer.ok) throw new Error(`send failed: ${JSON.stringify(answer)}`);
    return answer.data.id as string;
  };
  /** A live session of the demo group with nobody in it yet. */
  const liveSession = async () => {
    const now = Date.now();
    const sessionId = newEntityId();
    await hub.stores.sessions.create({ id: sessionId, groupId: hub.demo.groupId, ...timesForOccurrence(now + 2 * 86_400_000, 90), state: 'live', openedAt: now, closedAt: null });
    await hub.stores.messages.openRoom(sessionId, now + 3 * 86_400_000);
    return sessionId;
  };

  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
    await roomForEveryone(hub);
    facilitatorCookie = await signInFacilitator(hub);
  });
  afterEach(() => {
    closeAll();
  });
  afterAll(async () => hub.stop());

  it('brings a member back to what the room holds: a deletion made while away, reactions with their own, their mute', async () => {
    const sessionId = await liveSession();
    const facilitator = await open(facilitatorCookie);
    await join(facilitator, sessionId);
    const anaCookie = (await signUpMember(hub)).cookie;
    const ana = await open(anaCookie);
    const anaJoin = await join(ana, sessionId);
    const ben = await open((await signUpMember(hub)).cookie);
    await join(ben, sessionId);
    const seen = await send(ben, sessionId, 'ana saw this one');
    const kept = await send(ben, sessionId, 'this one stays');
    expect(await request(ana, 'reaction:add', { sessionId, messageId: kept, reaction: 'heart' })).toMatchObject({ ok: true });
    await pause(100);
    ana.disconnect();

    // While Ana is away: a deletion of a message she saw, one of a message she never saw, more talk and reactions.
    const unseen = await send(ben, sessionId, 'posted and deleted while ana was away');
    const after = await send(ben, sessionId, 'posted while ana was away');
    for (const messageId of [seen, unseen]) expect(await request(facilitator, 'message:delete', { sessionId, messageId })).toMatchObject({ ok: true });
    expect(await request(ben, 'reaction:add', { sessionId, messageId: kept, reaction: 'heart' })).toMatchObject({ ok: true });
    expect(await request(ben, 'reaction:add', { sessionId, messageId: after, reaction: 'hug' })).toMatchObject({ ok: true });
    expect(await request(ben, 'reaction:add', { sessionId, messageId: seen, reaction: 'thanks' })).toMatchObject({ ok: true });
    expect(await request(facilitator, 'member:mute', { sessionId, memberRef: anaJoin.self.memberRef, minutes: 5 })).toMatchObject({ ok: true });
    expect(await request(facilitator, 'member:mute', { sessionId, memberRef: (await join(ben, sessionId)).self.memberRef, minutes: 5 })).toMatchObject({ ok: true });

    const back = await open(anaCookie);
    const snapshot = await join(back, sessionId, kept);
    expect(snapshot.messages.map((message) => message.text)).toEqual(['posted while ana was away']);
    expect(snapshot.deletedIds).toEqual([seen, unseen]);
    expect(snapshot.reactions).toEqual(expect.arrayContaining([
      { messageId: kept, counts: { heart: 2 }, mine: ['heart'] },
      { messageId: after, counts: { hug: 1 }, mine: [] },
    ]));
    // Reactions to a deleted message are gone with it.
    expect(snapshot.reactions.map((tally) => tally.messageId)).not.toContain(seen);
    // Her own mute, and nobody else's: muting is not shown to peers.
    expect(snapshot.selfMutedUntil).toEqual(expect.any(String));
    expect(snapshot.moderation.mutes.map((mute) => mute.memberRef)).toEqual([anaJoin.self.memberRef]);
    expect(snapshot.facilitator).toBeNull();
    expect(snapshot.admission).toBe('admitted');
  });

  it('restores a member\'s open check-in on reload, and shows it to nobody else', async () => {
    const sessionId = await liveSession();
    const facilitator = await open(facilitatorCookie);
    await join(facilitator, sessionId);
    const member = await signUpMember(hub);
    const first = await open(member.cookie);
    const self = (await join(first, sessionId)).self;
    expect(await request(facilitator, 'check-in:open', { sessionId, memberRef: self.memberRef })).toMatchObject({ ok: true });
    first.disconnect();

    const reloaded = await join(await open(member.cookie), sessionId);
    expect(reloaded.openCheckIns).toEqual([{ memberRef: self.memberRef, alias: self.alias }]);
    const other = await join(await open((await signUpMember(hub)).cookie), sessionId);
    expect(other.openCheckIns).toEqual([]);
    const facilitatorAgain = await join(await open(facilitatorCookie), sessionId);
    expect(facilitatorAgain.openCheckIns).toEqual([{ memberRef: self.memberRef, alias: self.alias }]);
  });

  it('keeps an alert raised with no facilitator present, tells the member so, and shows it to the facilitator who arrives', async () => {
    const sessionId = await liveSession();
    const member = await open((await signUpMember(hub)).cookie);
    const self = (await join(member, sessionId)).self;
    const asked = await request(member, 'support:request', { sessionId });
    expect(asked).toMatchObject({ ok: true, data: { reached: 'nobody' } });
    expect(asked.ok && asked.data.resources.length).toBeGreaterThanOrEqual(3);

    const facilitator = await open(facilitatorCookie);
    const arriving = await join(facilitator, sessionId);
    expect(arriving.facilitator?.openAlerts).toEqual([{ sessionId, alertId: expect.any(String), memberRef: self.memberRef, alias: self.alias, source: 'support_button', at: expect.any(String) }]);

    // Now a facilitator is in the room: the member is told so.
    expect(await request(member, 'support:request', { sessionId })).toMatchObject({ ok: true, data: { reached: 'room_facilitator' } });
  });

  it('lets one facilitator acknowledge an alert: it leaves every console, and a reload does not bring it back', async () => {
    const sessionId = await liveSession();
    const first = await open(facilitatorCookie);
    await join(first, sessionId);
    const second = await open(facilitatorCookie);
    await join(second, sessionId);
    const member = await open((await signUpMember(hub)).cookie);
    await join(member, sessionId);
    const alerted = nextEvent(second, 'crisis:alerted');
    expect(await request(member, 'message:send', { sessionId, clientId: newEntityId(), text: 'I want to end it all tonight' })).toMatchObject({ ok: true });
    const alert = await alerted;
    expect(alert).toMatchObject({ sessionId, source: 'message' });

    const heardBySecond = nextEvent(second, 'crisis:acknowledged');
    const memberHeard = collect(member, 'crisis:acknowledged');
    expect(await request(first, 'crisis:acknowledge', { sessionId, alertId: alert.alertId })).toMatchObject({ ok: true });
    expect(await heardBySecond).toEqual({ sessionId, alertId: alert.alertId, byAlias: expect.any(String) });
    expect(await request(second, 'crisis:acknowledge', { sessionId, alertId: alert.alertId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await request(member, 'crisis:acknowledge', { sessionId, alertId: alert.alertId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await pause(100);
    expect(memberHeard).toEqual([]);
    expect((await join(await open(facilitatorCookie), sessionId)).facilitator?.openAlerts).toEqual([]);
  });

  it('answers the support button from the waiting room, and gives a facilitator the waiting list on join', async () => {
    const sessionId = await liveSession();
    const facilitator = await open(facilitatorCookie);
    await join(facilitator, sessionId);
    expect(await request(facilitator, 'room:set-admission', { sessionId, mode: 'manual' })).toMatchObject({ ok: true });
    const waiting = await open((await signUpMember(hub)).cookie);
    expect(await request(waiting, 'session:join', { sessionId })).toMatchObject({ ok: false, error: { code: 'awaiting_admission' } });
    const alerted = nextEvent(facilitator, 'crisis:alerted');
    expect(await request(waiting, 'support:request', { sessionId })).toMatchObject({ ok: true, data: { reached: 'room_facilitator' } });
    expect(await alerted).toMatchObject({ sessionId, source: 'support_button' });

    const reloaded = await join(await open(facilitatorCookie), sessionId);
    expect(reloaded.facilitator?.waiting).toHaveLength(1);
    expect(reloaded.facilitator?.openAlerts).toHaveLength(1);
    // Someone with no place in the group is refused, joined or not.
    const outsider = await open((await signUpMember(hub, { join: false })).cookie);
    expect(await request(outsider, 'support:request', { sessionId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('does not show a mute to peers: the muted member is told with the time, a peer sees no mutes, the facilitators see it', async () => {
    const sessionId = await liveSession();
    const facilitator = await open(facilitatorCookie);
    await join(facilitator, sessionId);
    const muted = await open((await signUpMember(hub)).cookie);
    const mutedRef = (await join(muted, sessionId)).self.memberRef;
    const peer = await open((await signUpMember(hub)).cookie);
    await join(peer, sessionId);
    const toMuted = nextEvent(muted, 'member:mute-changed');
    const toPeer = nextEvent(peer, 'room:moderation-changed');
    const toFacilitator = nextEvent(facilitator, 'room:moderation-changed');
    const peerHeard = collect(peer, 'member:mute-changed');
    expect(await request(facilitator, 'member:mute', { sessionId, memberRef: mutedRef, minutes: 15 })).toMatchObject({ ok: true });
    const until = (await toMuted).until as string;
    expect(Date.parse(until) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect((await toPeer).mutes).toEqual([]);
    expect((await toFacilitator).mutes).toEqual([{ memberRef: mutedRef, until }]);
    const peerAsks = await request(peer, 'room:get-moderation', { sessionId });
    expect(peerAsks.ok && peerAsks.data.moderation.mutes).toEqual([]);
    const unmuted = nextEvent(muted, 'member:mute-changed');
    expect(await request(facilitator, 'member:unmute', { sessionId, memberRef: mutedRef })).toMatchObject({ ok: true });
    expect(await unmuted).toEqual({ sessionId, until: null });
    await pause(100);
    expect(peerHeard).toEqual([]);
  });
});
