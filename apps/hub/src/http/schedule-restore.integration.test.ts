/**
 * Undoing a cancellation over the real REST edge, real Redis and real sockets: a group's
 * facilitator puts a cancelled occurrence back on (members hear it live, the session waits again
 * and its lifecycle check is queued), members and outsiders are refused, the undo is idempotent,
 * and it is refused once the occurrence's start has passed. Also what members see of changes on
 * `/api/groups`. The clock is anchored to the wall clock: sign-ins expire in the real Redis.
 */
import { occurrencesBetween } from '@respite/domain';
import type { GroupSummaryView, OccurrenceView, ScheduleRescheduledUpdate } from '@respite/protocol';
import { ManualClock } from '../clock';
import { accountWithRoles } from '../testing/moderation-fixtures';
import {
  type ClientSocket, type TestHub, callApi, collect, connectClient, connected, nextEvent, pause, signInFacilitator, signUpMember, startTestHub,
} from '../testing/hub-harness';

const minute = 60_000;
const hour = 60 * minute;

describe('undoing a cancellation', () => {
  const clock = new ManualClock(Date.now());
  let hub: TestHub;
  let facilitator: string;
  let member: { cookie: string };
  let socket: ClientSocket;

  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis', clock });
    // The demo's live session would be "the next session": end it, so the planned Sundays are next.
    await hub.app.services.lifecycle.close(hub.demo.liveSessionId, 'ended_by_facilitator');
    // Stay clear of a Sunday evening in Chicago: if an occurrence is less than three hours away,
    // start just after it ends (later than the wall clock, so no expiry in Redis is cut short).
    const group = (await hub.stores.groups.getGroup(hub.demo.groupId))!;
    const [soon] = occurrencesBetween(group.schedule, clock.now(), clock.now() + 3 * hour);
    if (soon) clock.set(soon.endsAt + minute);
    await hub.app.services.planner.planAll();
    facilitator = await signInFacilitator(hub);
    member = await signUpMember(hub);
    socket = connectClient(hub, member.cookie);
    await connected(socket);
  });
  afterAll(async () => {
    socket?.disconnect();
    await hub?.stop();
  });

  const path = (route: 'cancellations' | 'restorations' | 'moves') => `/api/groups/${hub.demo.groupId}/schedule/${route}`;
  const occurrences = async (cookie = facilitator): Promise<OccurrenceView[]> => {
    const answer = await callApi<{ occurrences: OccurrenceView[] }>(hub, 'GET', `/api/groups/${hub.demo.groupId}/occurrences`, undefined, cookie);
    if (!answer.body.ok) throw new Error(JSON.stringify(answer.body));
    return answer.body.data.occurrences;
  };
  const demoCard = async (cookie: string): Promise<GroupSummaryView> => {
    const answer = await callApi<{ groups: GroupSummaryView[] }>(hub, 'GET', '/api/groups', undefined, cookie);
    if (!answer.body.ok) throw new Error(JSON.stringify(answer.body));
    return answer.body.data.groups.find((group) => group.id === hub.demo.groupId)!;
  };

  it('puts a cancelled session back on: members hear it live, it waits again, and /api/groups shows the change until then', async () => {
    const [first, second] = await occurrences();
    expect(first!.session?.state).toBe('scheduled');

    const toldCancelled = nextEvent<ScheduleRescheduledUpdate>(socket, 'session:rescheduled');
    expect((await callApi(hub, 'POST', path('cancellations'), { localDate: first!.localDate }, facilitator)).status).toBe(200);
    expect(await toldCancelled).toMatchObject({ groupId: hub.demo.groupId, localDate: first!.localDate, change: 'cancelled', status: 'cancelled' });
    // The member's card names the cancelled date and the next session that takes place.
    const cancelledCard = await demoCard(member.cookie);
    expect(cancelledCard.upcomingChanges).toEqual([{ localDate: first!.localDate, kind: 'cancelled', usualStartsAt: first!.startsAt, startsAt: null, endsAt: null }]);
    expect(cancelledCard.nextSession?.id).toBe(second!.session!.id);

    const toldRestored = nextEvent<ScheduleRescheduledUpdate>(socket, 'session:rescheduled');
    const restored = await callApi<{ occurrences: OccurrenceView[] }>(hub, 'POST', path('restorations'), { localDate: first!.localDate }, facilitator);
    expect(restored.status).toBe(200);
    expect(restored.body.ok && restored.body.data.occurrences[0]).toMatchObject({ localDate: first!.localDate, status: 'scheduled', startsAt: first!.startsAt });
    expect(await toldRestored).toMatchObject({
      groupId: hub.demo.groupId, localDate: first!.localDate, change: 'restored', status: 'scheduled',
      session: { id: first!.session!.id, state: 'scheduled', startsAt: first!.startsAt },
    });
    expect(await hub.stores.sessions.get(first!.session!.id)).toMatchObject({
      state: 'scheduled', openedAt: null, closedAt: null, cancelledAt: null, startsAt: Date.parse(first!.startsAt), lobbyOpensAt: Date.parse(first!.session!.lobbyOpensAt),
    });
    expect((await hub.stores.groups.getGroup(hub.demo.groupId))!.schedule.cancelledDates ?? []).not.toContain(first!.localDate);
    const restoredCard = await demoCard(member.cookie);
    expect(restoredCard.upcomingChanges).toEqual([]);
    expect(restoredCard.nextSession?.id).toBe(first!.session!.id);
  });

  it('refuses members, outsiders and the signed out, and changes nothing for them', async () => {
    const [first] = await occurrences();
    await callApi(hub, 'POST', path('cancellations'), { localDate: first!.localDate }, facilitator);
    const outsider = await accountWithRoles(hub, ['member']);
    const otherFacilitator = await accountWithRoles(hub, ['facilitator']);
    const heard = collect(socket, 'session:rescheduled');
    const refusals = await Promise.all([member.cookie, outsider.cookie, otherFacilitator.cookie, null].map((cookie) =>
      callApi(hub, 'POST', path('restorations'), { localDate: first!.localDate }, cookie)));
    expect(refusals.map((answer) => [answer.status, answer.body.ok ? 'ok' : answer.body.error.code])).toEqual([
      [403, 'forbidden'], [403, 'forbidden'], [403, 'forbidden'], [401, 'unauthenticated'],
    ]);
    await pause(150);
    expect(heard).toEqual([]);
    expect(await hub.stores.sessions.get(first!.session!.id)).toMatchObject({ state: 'closed', cancelledAt: expect.any(Number) });
    expect((await hub.stores.groups.getGroup(hub.demo.groupId))!.schedule.cancelledDates).toContain(first!.localDate);
    // Bad input gets the schema's typed error.
    const malformed = await callApi(hub, 'POST', path('restorations'), { localDate: '13 December' }, facilitator);
    expect(malformed.body).toMatchObject({ ok: false, error: { code: 'bad_request', fields: ['localDate'] } });
    const extra = await callApi(hub, 'POST', path('restorations'), { localDate: first!.localDate, startsAt: first!.startsAt }, facilitator);
    expect(extra.status).toBe(400);
  });

  it('is idempotent: a second undo, or an undo of a date that was never cancelled, answers the list and tells nobody', async () => {
    const [first, second] = await occurrences();
    expect(first!.status).toBe('cancelled'); // from the test before
    expect((await callApi(hub, 'POST', path('restorations'), { localDate: first!.localDate }, facilitator)).status).toBe(200);
    const afterFirst = await occurrences();
    const heard = collect(socket, 'session:rescheduled');
    const again = await callApi<{ occurrences: OccurrenceView[] }>(hub, 'POST', path('restorations'), { localDate: first!.localDate }, facilitator);
    const never = await callApi<{ occurrences: OccurrenceView[] }>(hub, 'POST', path('restorations'), { localDate: second!.localDate }, facilitator);
    expect(again.body).toEqual({ ok: true, data: { occurrences: afterFirst } });
    expect(never.body).toEqual({ ok: true, data: { occurrences: afterFirst } });
    await pause(150);
    expect(heard).toEqual([]);
    // A date the group does not meet on is not a cancellation to undo.
    const notADay = await callApi(hub, 'POST', path('restorations'), { localDate: '2031-01-07' }, facilitator);
    expect(notADay.body).toMatchObject({ ok: false, error: { code: 'bad_request', fields: ['localDate'] } });
  });

  it('shows a move on /api/groups, and not once it is moved back to its usual time', async () => {
    const [first] = await occurrences();
    const newStart = Date.parse(first!.startsAt) + 24 * hour;
    await callApi(hub, 'POST', path('moves'), { localDate: first!.localDate, startsAt: new Date(newStart).toISOString() }, facilitator);
    const card = await demoCard(member.cookie);
    expect(card.upcomingChanges).toEqual([{
      localDate: first!.localDate, kind: 'moved', usualStartsAt: first!.startsAt, startsAt: new Date(newStart).toISOString(), endsAt: new Date(newStart + 90 * minute).toISOString(),
    }]);
    expect(card.nextSession).toMatchObject({ id: first!.session!.id, startsAt: new Date(newStart).toISOString() });
    await callApi(hub, 'POST', path('moves'), { localDate: first!.localDate, startsAt: first!.startsAt }, facilitator);
    expect((await demoCard(member.cookie)).upcomingChanges).toEqual([]);
  });

  it('after its lobby time but before its start, the restored session opens its lobby at once', async () => {
    const [first] = await occurrences();
    const lobbyOpensAt = Date.parse(first!.session!.lobbyOpensAt);
    await callApi(hub, 'POST', path('cancellations'), { localDate: first!.localDate }, facilitator);
    clock.set(lobbyOpensAt + minute); // lobby time passed while cancelled; the start is 9 minutes ahead
    await hub.app.services.lifecycle.tick();
    expect((await hub.stores.sessions.get(first!.session!.id))?.state).toBe('closed');
    facilitator = await signInFacilitator(hub);
    expect((await callApi(hub, 'POST', path('restorations'), { localDate: first!.localDate }, facilitator)).status).toBe(200);
    await hub.app.services.lifecycle.tick();
    expect(await hub.stores.sessions.get(first!.session!.id)).toMatchObject({ state: 'lobby', openedAt: lobbyOpensAt + minute });
  });

  it('refuses once the start has passed, and the session stays cancelled', async () => {
    const second = (await occurrences()).find((occurrence) => occurrence.session?.state === 'scheduled')!;
    await callApi(hub, 'POST', path('cancellations'), { localDate: second.localDate }, facilitator);
    clock.set(Date.parse(second.startsAt) + minute);
    facilitator = await signInFacilitator(hub); // a day or more later by the hub's clock
    const heard = collect(socket, 'session:rescheduled');
    const late = await callApi(hub, 'POST', path('restorations'), { localDate: second.localDate }, facilitator);
    expect(late.body).toMatchObject({ ok: false, error: { code: 'session_closed' } });
    expect(late.status).toBe(410);
    await pause(150);
    expect(heard).toEqual([]);
    expect(await hub.stores.sessions.get(second.session!.id)).toMatchObject({ state: 'closed', openedAt: null, cancelledAt: expect.any(Number) });
    expect((await hub.stores.groups.getGroup(hub.demo.groupId))!.schedule.cancelledDates).toContain(second.localDate);
  });
});
