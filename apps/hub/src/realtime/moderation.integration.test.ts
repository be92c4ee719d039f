/**
 * Moderation over real sockets on the real Redis: mute until it ends, ban closes live sockets
 * within a second and keeps the member out, delete reaches every client including one that
 * reconnects later, slow mode and pause hold under a burst, and co-facilitators see each other act.
 */
import { ManualClock } from '../clock';
import { type TestHub, collect, nextEvent, pause, request, signInFacilitator, signUpMember } from '../testing/hub-harness';
import { type InRoom, joinDemoSession, newMemberInRoom, useModerationRoom } from '../testing/moderation-fixtures';

describe('moderation in a live room (real sockets, real Redis)', () => {
  const clock = new ManualClock(Date.now());
  const room = useModerationRoom({ clock });
  const { track } = room;
  let hub: TestHub;
  let facilitator: InRoom;
  let sessionId: string;
  let sequence = 0;
  const clientId = () => `client-${process.pid}-${(sequence += 1)}`;

  beforeAll(() => ({ hub, facilitator, sessionId } = room));

  it('refuses a muted member\'s sends, typed, until the mute ends; the room sees the mute', async () => {
    const member = track(await newMemberInRoom(hub));
    const told = nextEvent(member.socket, 'member:mute-changed');
    const facilitatorSees = nextEvent(facilitator.socket, 'room:moderation-changed');
    expect(await request(facilitator.socket, 'member:mute', { sessionId, memberRef: member.memberRef, minutes: 1 })).toEqual({ ok: true, data: {} });
    expect(await told).toEqual({ sessionId, until: expect.any(String) });
    expect((await facilitatorSees).mutes.map((mute: { memberRef: string }) => mute.memberRef)).toContain(member.memberRef);
    const refused = await request(member.socket, 'message:send', { sessionId, clientId: clientId(), text: 'can anyone hear me' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'muted' } });
    expect(!refused.ok && refused.error.retryAfterMs).toBeGreaterThan(50_000);
    clock.advance(30_000);
    expect(await request(member.socket, 'message:send', { sessionId, clientId: clientId(), text: 'still muted?' })).toMatchObject({ ok: false, error: { code: 'muted' } });
    clock.advance(31_000);
    expect(await request(member.socket, 'message:send', { sessionId, clientId: clientId(), text: 'back again' })).toMatchObject({ ok: true });
    const texts = (await hub.stores.messages.readAfter(sessionId, null, 500)).filter((message) => message.authorRef === member.memberRef).map((message) => message.text);
    expect(texts).toEqual(['back again']);
  });

  it('closes a banned member\'s live socket within a second, and they cannot rejoin', async () => {
    const member = track(await newMemberInRoom(hub));
    const revoked = nextEvent(member.socket, 'access:revoked', 1000);
    const disconnected = new Promise<number>((resolve) => member.socket.once('disconnect', () => resolve(Date.now())));
    const bystander = track(await newMemberInRoom(hub));
    const removed = nextEvent(bystander.socket, 'member:removed');
    const started = Date.now();
    expect(await request(facilitator.socket, 'member:ban', { sessionId, memberRef: member.memberRef })).toEqual({ ok: true, data: {} });
    expect(await revoked).toEqual({ reason: 'banned' });
    expect((await disconnected) - started).toBeLessThan(1000);
    expect(await removed).toEqual({ sessionId, memberRef: member.memberRef, alias: member.alias, banned: true });
    await expect(joinDemoSession(hub, member.cookie)).rejects.toThrow(/forbidden/);
    expect((await hub.stores.presence.list(sessionId)).some((present) => present.memberRef === member.memberRef)).toBe(false);
  });

  it('removes a member from this session: their sockets close and they cannot come back in', async () => {
    const member = track(await newMemberInRoom(hub));
    const revoked = nextEvent(member.socket, 'access:revoked', 1000);
    expect(await request(facilitator.socket, 'member:remove', { sessionId, memberRef: member.memberRef })).toEqual({ ok: true, data: {} });
    expect(await revoked).toEqual({ reason: 'removed' });
    await expect(joinDemoSession(hub, member.cookie)).rejects.toThrow(/removed you/);
  });

  it('deletes a message for every client, including one that reconnects later', async () => {
    const author = track(await newMemberInRoom(hub));
    const watcher = track(await newMemberInRoom(hub));
    const later = track(await newMemberInRoom(hub));
    const before = await request(author.socket, 'message:send', { sessionId, clientId: clientId(), text: 'a message to delete' });
    if (!before.ok) throw new Error('send failed');
    const lastSeenBefore = (await hub.stores.messages.readAfter(sessionId, null, 500)).filter((message) => message.id < before.data.id).pop()?.id ?? null;
    later.socket.disconnect();
    const deleted = nextEvent(watcher.socket, 'message:deleted');
    expect(await request(facilitator.socket, 'message:delete', { sessionId, messageId: before.data.id })).toEqual({ ok: true, data: {} });
    expect(await deleted).toEqual({ sessionId, messageId: before.data.id });
    const reconnected = track(await joinDemoSession(hub, later.cookie, lastSeenBefore));
    const history = await request(reconnected.socket, 'session:join', { sessionId, lastSeenId: null });
    expect(history.ok && history.data.messages.some((message: { id: string }) => message.id === before.data.id)).toBe(false);
    expect(await request(facilitator.socket, 'message:delete', { sessionId, messageId: before.data.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('lets exactly one message of a burst through slow mode, and none through a pause (facilitators still write)', async () => {
    const member = track(await newMemberInRoom(hub));
    await request(facilitator.socket, 'room:set-slow-mode', { sessionId, intervalSeconds: 30 });
    const burst = await Promise.all(Array.from({ length: 12 }, (_, index) => request(member.socket, 'message:send', { sessionId, clientId: clientId(), text: `burst ${index}` })));
    expect(burst.filter((answer) => answer.ok)).toHaveLength(1);
    expect(burst.filter((answer) => !answer.ok).every((answer) => !answer.ok && answer.error.code === 'rate_limited' && (answer.error.retryAfterMs ?? 0) > 0)).toBe(true);
    await request(facilitator.socket, 'room:set-slow-mode', { sessionId, intervalSeconds: 0 });

    await request(facilitator.socket, 'chat:set-pause', { sessionId, on: true });
    const paused = await Promise.all(Array.from({ length: 12 }, (_, index) => request(member.socket, 'message:send', { sessionId, clientId: clientId(), text: `paused ${index}` })));
    expect(paused.every((answer) => !answer.ok && answer.error.code === 'chat_paused')).toBe(true);
    expect(await request(facilitator.socket, 'message:send', { sessionId, clientId: clientId(), text: 'a breath, everyone' })).toMatchObject({ ok: true });
    await request(facilitator.socket, 'chat:set-pause', { sessionId, on: false });
    const stored = (await hub.stores.messages.readAfter(sessionId, null, 500)).filter((message) => message.authorRef === member.memberRef);
    expect(stored.map((message) => message.text.split(' ')[0])).toEqual(['burst']);
  });

  it('shows co-facilitators each other\'s actions, and records them durably by alias and role', async () => {
    const cofacilitator = track(await joinDemoSession(hub, await signInFacilitator(hub)));
    const member = track(await newMemberInRoom(hub));
    const acted = nextEvent(cofacilitator.socket, 'moderation:acted');
    const memberSees = collect(member.socket, 'moderation:acted');
    await request(facilitator.socket, 'notice:pin', { sessionId, text: 'What is said here stays here.' });
    expect(await acted).toEqual({ sessionId, action: 'notice_pinned', actorAlias: facilitator.alias, targetAlias: null });
    await pause(150);
    expect(memberSees).toEqual([]);
    const record = await fetch(`${hub.url}/api/groups/${hub.demo.groupId}/moderation-record`, { headers: { origin: hub.origin, cookie: facilitator.cookie } }).then((response) => response.json());
    expect(record.ok).toBe(true);
    expect(record.data.retentionDays).toBe(90);
    expect(record.data.entries.some((entry: { action: string; actorRole: string }) => entry.action === 'notice_pinned' && entry.actorRole === 'facilitator')).toBe(true);
    const memberRead = await fetch(`${hub.url}/api/groups/${hub.demo.groupId}/moderation-record`, { headers: { origin: hub.origin, cookie: member.cookie } }).then((response) => response.json());
    expect(memberRead).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('sends a report to the facilitators only, without naming the reporter, and limits reports', async () => {
    const author = track(await newMemberInRoom(hub));
    const reporter = track(await newMemberInRoom(hub));
    const posted = await request(author.socket, 'message:send', { sessionId, clientId: clientId(), text: 'something hurtful' });
    if (!posted.ok) throw new Error('send failed');
    const filed = nextEvent(facilitator.socket, 'report:filed');
    const authorSaw = collect(author.socket, 'report:filed');
    expect(await request(reporter.socket, 'message:report', { sessionId, messageId: posted.data.id, reason: 'unkind' })).toEqual({ ok: true, data: {} });
    const report = await filed;
    expect(report).toEqual({ sessionId, messageId: posted.data.id, reportedRef: author.memberRef, reportedAlias: author.alias, reason: 'unkind', at: expect.any(String) });
    expect(JSON.stringify(report)).not.toContain(reporter.memberRef);
    expect(JSON.stringify(report)).not.toContain(reporter.alias);
    const answers = [];
    for (let index = 0; index < 5; index += 1) answers.push(await request(reporter.socket, 'message:report', { sessionId, messageId: posted.data.id }));
    expect(answers.slice(0, 4).every((answer) => answer.ok)).toBe(true);
    expect(answers[4]).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    await pause(100);
    expect(authorSaw).toEqual([]);
  });

  it('holds newcomers in the lobby under manual admission until a facilitator admits them', async () => {
    const present = track(await newMemberInRoom(hub));
    await request(facilitator.socket, 'room:set-admission', { sessionId, mode: 'manual' });
    try {
      await admitsAfterWaiting(present);
    } finally {
      await request(facilitator.socket, 'room:set-admission', { sessionId, mode: 'automatic' });
    }
  });

  async function admitsAfterWaiting(present: InRoom): Promise<void> {
    const newcomer = await signUpMember(hub, { alias: 'Waiting Wren' });
    const waitingSeen = new Promise<{ memberRef: string; alias: string }[]>((resolve) => {
      facilitator.socket.on('room:moderation-changed', (view) => view.waiting.length > 0 && resolve(view.waiting));
    });
    await expect(joinDemoSession(hub, newcomer.cookie)).rejects.toThrow(/awaiting_admission/);
    const waiting = await waitingSeen;
    facilitator.socket.off('room:moderation-changed');
    expect(waiting.map((entry) => entry.alias)).toEqual(['Waiting Wren']);
    // Members already in the room keep talking.
    expect(await request(present.socket, 'message:send', { sessionId, clientId: clientId(), text: 'still here' })).toMatchObject({ ok: true });
    expect(await request(facilitator.socket, 'member:admit', { sessionId, memberRef: waiting[0]!.memberRef })).toEqual({ ok: true, data: {} });
    const admitted = track(await joinDemoSession(hub, newcomer.cookie));
    expect(admitted.alias).toBe('Waiting Wren');
    expect((await hub.app.services.moderation.view(sessionId)).waiting).toEqual([]);
  }

  it('keeps the hand queue in order, and giving the floor lowers that hand', async () => {
    const first = track(await newMemberInRoom(hub));
    const second = track(await newMemberInRoom(hub));
    await request(second.socket, 'hand:raise', { sessionId });
    clock.advance(10);
    await request(first.socket, 'hand:raise', { sessionId });
    const before = await request(facilitator.socket, 'room:get-moderation', { sessionId });
    const hands = before.ok ? before.data.moderation.hands.map((hand: { memberRef: string }) => hand.memberRef) : [];
    expect(hands.indexOf(second.memberRef)).toBeLessThan(hands.indexOf(first.memberRef));
    const changed = nextEvent(first.socket, 'room:moderation-changed');
    await request(facilitator.socket, 'floor:give', { sessionId, memberRef: second.memberRef });
    const view = await changed;
    expect(view.floorRef).toBe(second.memberRef);
    expect(view.hands.map((hand: { memberRef: string }) => hand.memberRef)).not.toContain(second.memberRef);
  });
});
