/**
 * Schedule management over the real REST edge, real Redis and real sockets: who may change what,
 * a cancelled occurrence closes without opening and members are told, a moved one is re-timed with
 * its due check, opening early and extending (within the limit, re-expiring the room's keys).
 */
import { DateTime } from 'luxon';
import { ManualClock } from '../clock';
import { EPHEMERAL_GRACE_MS } from '../stores/redis/redis-keys';
import {
  type TestHub, callApi, connectClient, connected, nextEvent, pause, signInFacilitator, signUpMember, startTestHub,
} from '../testing/hub-harness';
import { nextUtcWeekdayAt } from '../testing/wall-clock-anchor';

const minute = 60_000;

describe('schedule management', () => {
  // A Monday noon UTC, from the wall clock: the next three Sundays 19:00 Chicago are the coming occurrences.
  const clock = new ManualClock(nextUtcWeekdayAt(1, 12));
  let hub: TestHub;
  let facilitator: string;
  let admin: string;

  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis', clock });
    await hub.app.services.planner.planAll(); // the demo group was seeded after the start's planning
    facilitator = await signInFacilitator(hub);
    const handle = `platform-admin-${Date.now()}`;
    const passphrase = 'a long platform admin passphrase';
    await hub.stores.accounts.create({
      id: `admin-${Date.now()}`, handleDigest: hub.app.services.accounts.handleDigest(handle), passphraseHash: await hub.app.services.hasher.hash(passphrase),
      recoveryHash: await hub.app.services.hasher.hash('unused-recovery-code'), roles: ['platform_admin'], timeZone: null, createdAt: clock.now(),
    });
    admin = (await callApi(hub, 'POST', '/api/auth/sign-in', { handle, passphrase })).cookie!;
  });
  afterAll(async () => {
    await hub.stop();
  });

  const occurrences = async (cookie: string) => {
    const answer = await callApi(hub, 'GET', `/api/groups/${hub.demo.groupId}/occurrences`, undefined, cookie);
    expect(answer.body.ok).toBe(true);
    return (answer.body as { data: { occurrences: any[] } }).data.occurrences;
  };

  it('lists the coming occurrences in the group zone, Sundays at 19:00 Chicago', async () => {
    const list = await occurrences(facilitator);
    expect(list.length).toBe(3);
    expect(list.map((occurrence) => DateTime.fromISO(occurrence.startsAt, { zone: 'America/Chicago' }).toFormat('ccc HH:mm'))).toEqual(['Sun 19:00', 'Sun 19:00', 'Sun 19:00']);
    expect(list.every((occurrence) => occurrence.session?.state === 'scheduled')).toBe(true);
  });

  it('refuses members and outsiders on facilitator and admin routes', async () => {
    const member = await signUpMember(hub);
    const [first] = await occurrences(facilitator);
    const refusals = await Promise.all([
      callApi(hub, 'POST', `/api/groups/${hub.demo.groupId}/schedule/cancellations`, { localDate: first.localDate }, member.cookie),
      callApi(hub, 'POST', `/api/sessions/${first.session.id}/lobby`, {}, member.cookie),
      callApi(hub, 'POST', '/api/admin/groups', {
        name: 'Not allowed', description: '', norms: [], capacity: 10, sponsorId: hub.demo.groupId,
        schedule: { weekdays: [1], everyWeeks: 1, localStartTime: '19:00', timeZone: 'UTC', durationMinutes: 60 },
      }, facilitator),
      callApi(hub, 'GET', '/api/admin/groups', undefined, member.cookie),
    ]);
    expect(refusals.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
    expect((await callApi(hub, 'GET', '/api/admin/groups', undefined, null)).status).toBe(401);
  });

  it('cancels an occurrence: the session closes without opening, members are told, the next session skips it', async () => {
    const member = await signUpMember(hub);
    const socket = connectClient(hub, member.cookie);
    await connected(socket);
    const [first, second] = await occurrences(facilitator);
    const told = nextEvent(socket, 'session:rescheduled');
    const answer = await callApi(hub, 'POST', `/api/groups/${hub.demo.groupId}/schedule/cancellations`, { localDate: first.localDate }, facilitator);
    expect(answer.status).toBe(200);
    expect(await told).toMatchObject({ groupId: hub.demo.groupId, localDate: first.localDate, status: 'cancelled', session: { id: first.session.id, state: 'closed' } });
    expect(await hub.stores.sessions.get(first.session.id)).toMatchObject({ state: 'closed', openedAt: null });
    expect((await occurrences(member.cookie))[0]).toMatchObject({ localDate: first.localDate, status: 'cancelled' });
    // Nothing opens at its old lobby time.
    clock.set(Date.parse(first.session.lobbyOpensAt) + minute);
    await hub.app.services.lifecycle.tick();
    expect((await hub.stores.sessions.get(first.session.id))?.openedAt).toBeNull();
    const groups = await callApi<{ groups: { id: string; nextSession: { id: string } | null }[] }>(hub, 'GET', '/api/groups', undefined, member.cookie);
    const demo = groups.body.ok ? groups.body.data.groups.find((group) => group.id === hub.demo.groupId) : null;
    expect(demo?.nextSession?.id).not.toBe(first.session.id);
    expect(second.session.id).not.toBe(first.session.id);
    // A cancelled date refuses a second change.
    expect((await callApi(hub, 'POST', `/api/groups/${hub.demo.groupId}/schedule/cancellations`, { localDate: first.localDate }, facilitator)).body)
      .toMatchObject({ ok: false, error: { code: 'session_closed' } });
    socket.disconnect();
  });

  it('moves an occurrence: re-timed, its lobby opens at the new time and not the old one', async () => {
    const list = await occurrences(facilitator);
    const target = list.find((occurrence) => occurrence.status === 'scheduled')!;
    const newStart = Date.parse(target.startsAt) + 90 * minute;
    const answer = await callApi(hub, 'POST', `/api/groups/${hub.demo.groupId}/schedule/moves`, { localDate: target.localDate, startsAt: new Date(newStart).toISOString(), durationMinutes: 60 }, facilitator);
    expect(answer.body).toMatchObject({ ok: true });
    const moved = await hub.stores.sessions.get(target.session.id);
    expect(moved).toMatchObject({ state: 'scheduled', startsAt: newStart, endsAt: newStart + 60 * minute, lobbyOpensAt: newStart - 10 * minute });
    clock.set(Date.parse(target.session.lobbyOpensAt) + minute); // the old lobby time
    await hub.app.services.lifecycle.tick();
    expect((await hub.stores.sessions.get(target.session.id))?.state).toBe('scheduled');
    clock.set(newStart - 10 * minute);
    await hub.app.services.lifecycle.tick();
    expect((await hub.stores.sessions.get(target.session.id))?.state).toBe('lobby');
    // Once open, it can no longer be moved or cancelled from the schedule.
    expect((await callApi(hub, 'POST', `/api/groups/${hub.demo.groupId}/schedule/cancellations`, { localDate: target.localDate }, facilitator)).body)
      .toMatchObject({ ok: false, error: { code: 'session_not_open' } });
    // Moves are bounded and refuse bad input with fields named.
    const later = (await occurrences(facilitator)).find((occurrence) => occurrence.status === 'scheduled' && occurrence.session?.state === 'scheduled')!;
    const tooFar = await callApi(hub, 'POST', `/api/groups/${hub.demo.groupId}/schedule/moves`, { localDate: later.localDate, startsAt: new Date(Date.parse(later.startsAt) + 8 * 86_400_000).toISOString() }, facilitator);
    expect(tooFar.body).toMatchObject({ ok: false, error: { code: 'bad_request', fields: ['startsAt'] } });
    const tuesday = DateTime.fromISO(later.localDate).plus({ days: 2 }).toISODate(); // no occurrence on a Tuesday
    const notADay = await callApi(hub, 'POST', `/api/groups/${hub.demo.groupId}/schedule/moves`, { localDate: tuesday, startsAt: new Date(Date.parse(later.startsAt)).toISOString() }, facilitator);
    expect(notADay.body).toMatchObject({ ok: false, error: { code: 'bad_request', fields: ['localDate'] } });
  });

  it('opens a lobby early and extends within the limit, keeping the room keys alive to the new end', async () => {
    const target = (await occurrences(facilitator)).find((occurrence) => occurrence.session?.state === 'scheduled')!;
    const sessionId = target.session.id as string;
    const member = await signUpMember(hub);
    const socket = connectClient(hub, member.cookie);
    await connected(socket);
    const opened = await callApi(hub, 'POST', `/api/sessions/${sessionId}/lobby`, {}, facilitator);
    expect(opened.body).toMatchObject({ ok: true, data: { session: { id: sessionId, state: 'lobby' } } });
    expect((await callApi(hub, 'POST', `/api/sessions/${sessionId}/lobby`, {}, facilitator)).body).toMatchObject({ ok: false, error: { code: 'session_not_open' } });

    const before = (await hub.stores.sessions.get(sessionId))!;
    const extended = await callApi(hub, 'POST', `/api/sessions/${sessionId}/extension`, { minutes: 20 }, facilitator);
    expect(extended.body).toMatchObject({ ok: true, data: { extendedMinutes: 20 } });
    const after = (await hub.stores.sessions.get(sessionId))!;
    expect(after).toMatchObject({ endsAt: before.endsAt + 20 * minute, closingAt: before.closingAt + 20 * minute, extendedMinutes: 20 });
    // Redis counts the room's life from its own now: to the new end plus the grace on the hub's clock,
    // less the moments since the write (far under the 20 minutes added).
    const ttl = await hub.redis!.ephemeral.pttl(`${hub.keyPrefix}eph:session:{${sessionId}}:open`);
    const remaining = after.endsAt + EPHEMERAL_GRACE_MS - clock.now();
    expect([ttl > remaining - 10_000, ttl <= remaining]).toEqual([true, true]);
    expect((await callApi(hub, 'POST', `/api/sessions/${sessionId}/extension`, { minutes: 15 }, facilitator)).body)
      .toMatchObject({ ok: false, error: { code: 'bad_request', fields: ['minutes'] } });
    expect((await callApi(hub, 'POST', `/api/sessions/${sessionId}/extension`, { minutes: 31 }, facilitator)).status).toBe(400);

    // The extended session closes at its new end, not the old one.
    clock.set(before.endsAt + minute);
    await hub.app.services.lifecycle.tick();
    await hub.app.services.lifecycle.tick();
    expect((await hub.stores.sessions.get(sessionId))?.state).toBe('live'); // the old end passed: still live
    clock.set(after.closingAt);
    await hub.app.services.lifecycle.tick();
    expect((await hub.stores.sessions.get(sessionId))?.state).toBe('closing');
    clock.set(after.endsAt);
    await hub.app.services.lifecycle.tick();
    await pause(50);
    expect((await hub.stores.sessions.get(sessionId))?.state).toBe('closed');
    socket.disconnect();
  });

  it('lets a platform admin create a group with a schedule, edit it, and assign a facilitator', async () => {
    const sponsorId = (await hub.stores.groups.getGroup(hub.demo.groupId))!.sponsorIds[0];
    const created = await callApi<{ group: { id: string; schedule: { timeZone: string } } }>(hub, 'POST', '/api/admin/groups', {
      name: 'Tuesday Night Residents', description: 'For residents.', norms: [], capacity: 10, sponsorId,
      schedule: { weekdays: [2], everyWeeks: 2, localStartTime: '20:30', timeZone: 'Asia/Kolkata', durationMinutes: 60 },
    }, admin);
    expect(created.body).toMatchObject({ ok: true, data: { group: { name: 'Tuesday Night Residents', schedule: { timeZone: 'Asia/Kolkata', everyWeeks: 2 } } } });
    const groupId = created.body.ok ? created.body.data.group.id : '';
    const planned = await hub.stores.sessions.listForGroup(groupId, clock.now(), clock.now() + 21 * 86_400_000);
    expect(planned.length).toBeGreaterThanOrEqual(1);
    expect(planned.every((session) => DateTime.fromMillis(session.startsAt, { zone: 'Asia/Kolkata' }).toFormat('ccc HH:mm') === 'Tue 20:30')).toBe(true);

    const edited = await callApi(hub, 'PATCH', `/api/admin/groups/${groupId}`, { capacity: 12, schedule: { weekdays: [2, 4], everyWeeks: 1, localStartTime: '20:30', timeZone: 'Asia/Kolkata', durationMinutes: 60 } }, admin);
    expect(edited.body).toMatchObject({ ok: true, data: { group: { capacity: 12, schedule: { weekdays: [2, 4] } } } });
    const replanned = await hub.stores.sessions.listForGroup(groupId, clock.now(), clock.now() + 21 * 86_400_000);
    const weekdaysOpen = new Set(replanned.filter((session) => session.state === 'scheduled').map((session) => DateTime.fromMillis(session.startsAt, { zone: 'Asia/Kolkata' }).toFormat('ccc HH:mm')));
    expect([...weekdaysOpen].sort()).toEqual(['Thu 20:30', 'Tue 20:30']);
    // Moving to another weekday cancels the old rule's sessions that are still waiting.
    await callApi(hub, 'PATCH', `/api/admin/groups/${groupId}`, { schedule: { weekdays: [5], everyWeeks: 1, localStartTime: '20:30', timeZone: 'Asia/Kolkata', durationMinutes: 60 } }, admin);
    const afterMove = await hub.stores.sessions.listForGroup(groupId, clock.now(), clock.now() + 21 * 86_400_000);
    expect(new Set(afterMove.filter((session) => session.state === 'scheduled').map((session) => DateTime.fromMillis(session.startsAt, { zone: 'Asia/Kolkata' }).toFormat('ccc')))).toEqual(new Set(['Fri']));
    expect(afterMove.filter((session) => session.cancelledAt).length).toBeGreaterThanOrEqual(3);
    expect((await callApi(hub, 'POST', `/api/admin/groups/${groupId}/facilitators`, { handle: 'demo-facilitator' }, admin)).body).toMatchObject({ ok: true });
    expect((await callApi(hub, 'POST', `/api/admin/groups/${groupId}/facilitators`, { handle: 'no-such-handle-here' }, admin)).body).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect((await callApi(hub, 'POST', '/api/admin/groups', { name: 'x', description: '', norms: [], capacity: 10, sponsorId, schedule: { weekdays: [2], everyWeeks: 1, localStartTime: '25:00', timeZone: 'Mars/Olympus', durationMinutes: 60 } }, admin)).body)
      .toMatchObject({ ok: false, error: { code: 'bad_request', fields: expect.arrayContaining(['schedule.localStartTime', 'schedule.timeZone']) } });
  });
});
