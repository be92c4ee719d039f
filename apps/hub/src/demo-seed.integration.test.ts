/**
 * The embedded demo (in-memory stores, as `npm start` runs with no Redis) always has a next
 * session: once the facilitator ends its live session, /api/groups names the next Sunday 19:00 in
 * Chicago, planned when the demo was seeded (after the hub's start-up planning had run), and still
 * does weeks later as the planning duty rolls on.
 */
import { DateTime } from 'luxon';
import type { GroupSummaryView } from '@respite/protocol';
import { ManualClock } from './clock';
import { callApi, connectClient, connected, request, signInFacilitator, signUpMember, startTestHub, type TestHub } from './testing/hub-harness';

const day = 24 * 60 * 60_000;

/** The start of the demo rule's occurrence (Sunday 19:00 America/Chicago, 90 minutes) under way or next at `now`, by luxon. */
function nextSundayEvening(now: number): number {
  let start = DateTime.fromMillis(now, { zone: 'America/Chicago' }).minus({ days: 1 }).set({ hour: 19, minute: 0, second: 0, millisecond: 0 });
  while (start.weekday !== 7 || start.toMillis() + 90 * 60_000 <= now) start = start.plus({ days: 1 }).set({ hour: 19, minute: 0 });
  return start.toMillis();
}

describe('the embedded demo', () => {
  const clock = new ManualClock(Date.now());
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ stores: 'memory', clock });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  async function nextSessionFor(cookie: string): Promise<GroupSummaryView['nextSession']> {
    const answer = await callApi<{ groups: GroupSummaryView[] }>(hub, 'GET', '/api/groups', undefined, cookie);
    if (!answer.body.ok) throw new Error(JSON.stringify(answer.body));
    return answer.body.data.groups.find((group) => group.id === hub.demo.groupId)?.nextSession ?? null;
  }

  it('has a next session once its live session is ended, and weeks later', async () => {
    const member = await signUpMember(hub);
    expect(await nextSessionFor(member.cookie)).toMatchObject({ id: hub.demo.liveSessionId, state: 'live' });

    const facilitator = connectClient(hub, await signInFacilitator(hub));
    await connected(facilitator);
    expect((await request(facilitator, 'session:join', { sessionId: hub.demo.liveSessionId })).ok).toBe(true);
    expect((await request(facilitator, 'session:end', { sessionId: hub.demo.liveSessionId })).ok).toBe(true);
    facilitator.disconnect();

    const next = await nextSessionFor(member.cookie);
    expect(next).toMatchObject({ startsAt: new Date(nextSundayEvening(clock.now())).toISOString() });
    expect(next?.id).not.toBe(hub.demo.liveSessionId);
    expect(next?.state).not.toBe('closed');

    // Five weeks on, a day at a time, with the lifecycle's duties running as they fall due.
    for (let step = 0; step < 35; step += 1) {
      clock.advance(day);
      await hub.app.services.lifecycle.tick();
      await hub.app.services.lifecycle.tick();
    }
    // The sign-in has expired by then (and the demo code too): the member signs in again.
    const signIn = await callApi(hub, 'POST', '/api/auth/sign-in', { handle: member.handle, passphrase: member.passphrase });
    expect(signIn.cookie).toBeTruthy();
    const later = await nextSessionFor(signIn.cookie!);
    expect(later?.startsAt).toBe(new Date(nextSundayEvening(clock.now())).toISOString());
  });
});
