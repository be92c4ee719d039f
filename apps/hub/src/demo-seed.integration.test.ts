/**
 * The embedded demo (in-memory stores, as `npm start` runs with no Redis). It always has a next
 * session: once the facilitator ends its live session, /api/groups names the next Sunday 19:00 in
 * Chicago, planned when the demo was seeded (after the hub's start-up planning had run), and still
 * does weeks later as the planning duty rolls on. And the hub, run as its own process with no
 * Redis, prints a way in for every role (an invite code for members, the facilitator's and the
 * sponsor admin's sign-ins), each of which works for that role.
 */
import { DateTime } from 'luxon';
import type { GroupSummaryView } from '@respite/protocol';
import { ManualClock } from './clock';
import { CLUSTER_ORIGIN, type HubProcess, startHubProcess } from './testing/hub-process';
import { uniqueKeyPrefix } from './testing/redis-test-env';
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

describe('the embedded demo as `npm start` runs it', () => {
  let hub: HubProcess | undefined;
  afterAll(async () => {
    if (hub && hub.child.exitCode === null && hub.child.signalCode === null) {
      hub.child.kill('SIGTERM');
      await hub.exited;
    }
  });

  async function api(method: string, route: string, body?: unknown, cookie?: string) {
    const response = await fetch(`${hub!.url}${route}`, {
      method, headers: { origin: CLUSTER_ORIGIN, ...(body ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: await response.json(), cookie: response.headers.get('set-cookie')?.split(';')[0] ?? '' };
  }

  it('prints a sign-in for each role, and each one works for its role', async () => {
    hub = await startHubProcess({ keyPrefix: uniqueKeyPrefix(), seedDemo: true, embedded: true });
    const banner = async () => {
      for (let attempt = 0; attempt < 50 && !hub!.logs.join('').includes('Open two browser windows'); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 100));
      return hub!.logs.join('');
    };
    const output = await banner();
    expect(output).toContain('"stores":"memory"');
    const signInFor = (label: string) => {
      const match = new RegExp(`${label}:\\s+handle "([^"]+)", passphrase "([^"]+)"`).exec(output);
      if (!match) throw new Error(`no sign-in printed for ${label}: ${output}`);
      return { handle: match[1]!, passphrase: match[2]! };
    };
    const inviteCode = /Demo invite code:\s+(\S+)/.exec(output)?.[1];
    expect(inviteCode).toMatch(/^DEMO-/);

    const sponsor = await api('POST', '/api/auth/sign-in', signInFor('Demo sponsor admin'));
    expect(sponsor.status).toBe(200);
    expect((await api('GET', '/api/me', undefined, sponsor.cookie)).body.data.account.roles).toEqual(['sponsor_admin']);
    const sponsored = await api('GET', '/api/sponsor/groups', undefined, sponsor.cookie);
    expect(sponsored.body.ok).toBe(true);
    expect(sponsored.body.data.groups.map((group: { name: string }) => group.name)).toEqual(['Sunday Evening Circle']);
    expect((await api('GET', '/api/sponsor/invites', undefined, sponsor.cookie)).body.data.invites.map((invite: { code: string }) => invite.code)).toContain(inviteCode);

    const facilitator = await api('POST', '/api/auth/sign-in', signInFor('Demo facilitator'));
    expect(facilitator.status).toBe(200);
    expect((await api('GET', '/api/me', undefined, facilitator.cookie)).body.data.account.roles).toEqual(['facilitator']);
    // A facilitator is no sponsor admin.
    expect((await api('GET', '/api/sponsor/groups', undefined, facilitator.cookie)).status).toBe(403);

    const member = await api('POST', '/api/auth/sign-up', { inviteCode, handle: `demo-member-${process.pid}`, passphrase: 'violet tide under quiet hills' });
    expect(member.status).toBe(200);
    expect(member.body.ok).toBe(true);
  }, 60_000);
});
