/**
 * Sponsors end to end on the real Redis with real sockets: codes and seats (races, expiry, pause,
 * revocation, two sponsors), sponsor administrators refused everywhere else, totals that show
 * "fewer than 5", the calendar feed, and a field allowlist over every sponsor-facing answer after
 * a session with a canary alias and a canary message.
 */
import { occurrencesBetween } from '@respite/domain';
import { AdminService } from '../services/admin.service';
import {
  type ClientSocket, type TestHub, callApi, connectClient, connected, nextEvent, request, signUpMember, startTestHub,
} from '../testing/hub-harness';

const SECRET = 'test-secret-that-is-long-enough-123';
const PASSPHRASE = 'violet tide under quiet hills';

/** Every key path of a JSON value, arrays collapsed to `[]`: what the allowlist compares. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => keyPaths(item, `${prefix}[]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => [`${prefix}.${key}`, ...keyPaths(inner, `${prefix}.${key}`)]);
  }
  return [];
}

/** The only fields any sponsor-facing answer may carry. */
const allowedPaths = new Set([
  '.ok', '.data', '.error', '.error.code', '.error.message',
  // invites
  '.data.invites', '.data.invite', ...['code', 'seats', 'seatsUsed', 'seatsLeft', 'expiresAt', 'status', 'expired', 'groups', 'groups[].id', 'groups[].name', 'createdAt']
    .flatMap((field) => [`.data.invites[].${field}`, `.data.invite.${field}`]),
  // groups
  '.data.groups', ...['id', 'name', 'description', 'schedule', 'schedule.weekdays', 'schedule.everyWeeks', 'schedule.localStartTime', 'schedule.timeZone',
    'schedule.durationMinutes', 'upcoming', 'upcoming[].startsAt', 'upcoming[].endsAt'].map((field) => `.data.groups[].${field}`),
  // report
  '.data.report', ...['sponsorName', 'generatedAt', 'threshold', 'seats', 'seats.issued', 'seats.inUse', 'months', 'groups', 'groups[].id', 'groups[].name',
    'groups[].sessionsHeld', 'groups[].attendance', 'groups[].attendance[].value', 'groups[].attendance[].text', 'groups[].total', 'groups[].total.value',
    'groups[].total.text', 'monthTotals', 'monthTotals[].value', 'monthTotals[].text', 'grandTotal', 'grandTotal.value', 'grandTotal.text']
    .map((field) => `.data.report.${field}`),
  // export and feed
  '.data.fileName', '.data.csv', '.data.feed', '.data.feed.active', '.data.feed.url', '.data.feed.createdAt',
]);

/** A minimal RFC 5545 reader: unfolds lines and collects each VEVENT's properties. */
function parseCalendar(text: string): Record<string, string>[] {
  expect(text.endsWith('\r\n')).toBe(true);
  for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines.at(-1)).toBe('END:VCALENDAR');
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') { events.push(current!); current = null; } else if (current) {
      const colon = line.indexOf(':');
      current[line.slice(0, colon)] = line.slice(colon + 1).replace(/\\([\\;,])/g, '$1').replace(/\\n/g, '\n');
    }
  }
  return events;
}

const fromIcal = (value: string) => Date.parse(value.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));

describe('sponsors', () => {
  let hub: TestHub;
  let admin: AdminService;
  let sponsorId: string;
  let sponsorCookie: string;
  const sockets: ClientSocket[] = [];

  async function signIn(handle: string, passphrase = PASSPHRASE): Promise<string> {
    const answer = await callApi(hub, 'POST', '/api/auth/sign-in', { handle, passphrase });
    if (!answer.cookie) throw new Error(`sign-in failed: ${JSON.stringify(answer.body)}`);
    return answer.cookie;
  }

  async function newSponsorAdmin(forSponsor: string): Promise<string> {
    const handle = `sponsor-admin-${Math.random().toString(36).slice(2, 10)}`;
    await admin.grantSponsorAdmin({ handle, sponsorId: forSponsor, passphrase: PASSPHRASE });
    return signIn(handle);
  }

  const sponsorApi = (method: string, path: string, body?: unknown, cookie = sponsorCookie) => callApi(hub, method, path, body, cookie);

  async function createCode(seats: number, groupIds = [hub.demo.groupId], cookie = sponsorCookie): Promise<string> {
    const answer = await sponsorApi('POST', '/api/sponsor/invites', { seats, validDays: 30, groupIds }, cookie);
    expect(answer.body.ok).toBe(true);
    return (answer.body as any).data.invite.code;
  }

  const signUpWith = (inviteCode: string) => callApi(hub, 'POST', '/api/auth/sign-up', {
    inviteCode, handle: `member-${Math.random().toString(36).slice(2, 12)}`, passphrase: PASSPHRASE,
  });

  async function enterRoom(cookie: string): Promise<ClientSocket & { memberRef?: string }> {
    const socket: ClientSocket & { memberRef?: string } = connectClient(hub, cookie);
    sockets.push(socket);
    await connected(socket);
    const joined = await request(socket, 'session:join', { sessionId: hub.demo.liveSessionId });
    expect(joined.ok).toBe(true);
    socket.memberRef = (joined as any).data.self.memberRef;
    return socket;
  }

  const report = async () => (await sponsorApi('GET', '/api/sponsor/report')).body as any;
  const demoRow = async () => (await report()).data.report.groups.find((group: { id: string }) => group.id === hub.demo.groupId);

  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
    admin = new AdminService({ stores: hub.stores, hasher: hub.app.services.hasher, secret: SECRET, clock: { now: () => Date.now() } });
    sponsorId = (await hub.stores.groups.getGroup(hub.demo.groupId))!.sponsorIds[0]!;
    sponsorCookie = await newSponsorAdmin(sponsorId);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await hub.stop();
  });

  it('gives the last seat of a code to exactly one of two members racing for it', async () => {
    const code = await createCode(1);
    const [first, second] = await Promise.all([signUpWith(code), signUpWith(code)]);
    const outcomes = [first, second].map((answer) => (answer.body.ok ? 'ok' : answer.body.error.code)).sort();
    expect(outcomes).toEqual(['invite_invalid', 'ok']);
    const listed = (await sponsorApi('GET', '/api/sponsor/invites')).body as any;
    expect(listed.data.invites.find((invite: { code: string }) => invite.code === code)).toMatchObject({ seats: 1, seatsUsed: 1, seatsLeft: 0 });
  });

  it('issues pooled codes whose seats go down with each redemption', async () => {
    const code = await createCode(40);
    for (let index = 0; index < 3; index += 1) expect((await signUpWith(code)).body.ok).toBe(true);
    const listed = (await sponsorApi('GET', '/api/sponsor/invites')).body as any;
    expect(listed.data.invites.find((invite: { code: string }) => invite.code === code)).toMatchObject({ seatsUsed: 3, seatsLeft: 37, status: 'active' });
  });

  it('refuses paused, revoked and expired codes; a paused code works again once resumed, a revoked one never', async () => {
    const code = await createCode(10);
    expect((await sponsorApi('PATCH', `/api/sponsor/invites/${code}`, { status: 'paused' })).body).toMatchObject({ ok: true, data: { invite: { status: 'paused' } } });
    expect((await signUpWith(code)).body).toMatchObject({ ok: false, error: { code: 'invite_invalid' } });
    await sponsorApi('PATCH', `/api/sponsor/invites/${code}`, { status: 'active' });
    expect((await signUpWith(code)).body.ok).toBe(true);
    await sponsorApi('PATCH', `/api/sponsor/invites/${code}`, { status: 'revoked' });
    expect((await signUpWith(code)).body).toMatchObject({ ok: false, error: { code: 'invite_invalid' } });
    expect((await sponsorApi('PATCH', `/api/sponsor/invites/${code}`, { status: 'active' })).body).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const expired = 'EXPIRED-CODE-0001';
    await hub.stores.sponsors.saveInvite({ code: expired, sponsorId, seats: 5, seatsUsed: 0, expiresAt: Date.now() - 1000, groupIds: [hub.demo.groupId], status: 'active', createdAt: Date.now() - 60_000 });
    expect((await signUpWith(expired)).body).toMatchObject({ ok: false, error: { code: 'invite_invalid' } });
    const listed = (await sponsorApi('GET', '/api/sponsor/invites')).body as any;
    expect(listed.data.invites.find((invite: { code: string }) => invite.code === expired)).toMatchObject({ expired: true });
  });

  it('lets a code open only groups the sponsor sponsors, and one sponsor never reaches another\'s codes', async () => {
    const otherSponsor = await admin.createSponsor('Riverside Clinic');
    const otherGroup = await admin.createGroup({
      name: 'Riverside Residents', description: 'Residents.', weekdays: [3], localStartTime: '18:00', timeZone: 'Europe/London',
      durationMinutes: 60, capacity: 10, sponsorId: otherSponsor, norms: [],
    });
    expect((await sponsorApi('POST', '/api/sponsor/invites', { seats: 5, validDays: 10, groupIds: [otherGroup.id] })).body)
      .toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const otherCookie = await newSponsorAdmin(otherSponsor);
    const otherCode = await createCode(5, [otherGroup.id], otherCookie);
    expect((await sponsorApi('PATCH', `/api/sponsor/invites/${otherCode}`, { status: 'revoked' })).body).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const mine = (await sponsorApi('GET', '/api/sponsor/invites')).body as any;
    expect(mine.data.invites.map((invite: { code: string }) => invite.code)).not.toContain(otherCode);
  });

  it('lets a member hold seats of two sponsors, counts each seat once, and give one up', async () => {
    const otherSponsor = await admin.createSponsor('Hillcrest Hospital');
    const otherGroup = await admin.createGroup({
      name: 'Hillcrest Surgeons', description: 'Surgeons.', weekdays: [1], localStartTime: '20:00', timeZone: 'America/New_York',
      durationMinutes: 60, capacity: 10, sponsorId: otherSponsor, norms: [],
    });
    const otherCookie = await newSponsorAdmin(otherSponsor);
    const otherCode = await createCode(5, [otherGroup.id], otherCookie);
    const inUseBefore = (await report()).data.report.seats.inUse;
    const member = await signUpMember(hub, { join: false });
    expect((await callApi(hub, 'POST', '/api/me/invites', { inviteCode: otherCode }, member.cookie)).body.ok).toBe(true);
    const groups = (await callApi(hub, 'GET', '/api/groups', undefined, member.cookie)).body as any;
    expect(groups.data.groups.map((group: { id: string }) => group.id).sort()).toEqual([hub.demo.groupId, otherGroup.id].sort());
    expect((await report()).data.report.seats.inUse).toBe(inUseBefore + 1);
    const otherReport = (await sponsorApi('GET', '/api/sponsor/report', undefined, otherCookie)).body as any;
    expect(otherReport.data.report.seats).toEqual({ issued: 5, inUse: 1 });

    expect((await callApi(hub, 'DELETE', `/api/me/seats/${otherSponsor}`, {}, member.cookie)).body.ok).toBe(true);
    expect((await callApi(hub, 'DELETE', `/api/me/seats/${otherSponsor}`, {}, member.cookie)).body).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(((await sponsorApi('GET', '/api/sponsor/report', undefined, otherCookie)).body as any).data.report.seats.inUse).toBe(0);
    const after = (await callApi(hub, 'GET', '/api/groups', undefined, member.cookie)).body as any;
    expect(after.data.groups.map((group: { id: string }) => group.id)).toEqual([hub.demo.groupId]);
    expect((await report()).data.report.seats.inUse).toBe(inUseBefore + 1);
  });

  it('refuses a sponsor administrator on member and facilitator routes and on every socket event', async () => {
    const demo = hub.demo;
    const refusals = [
      ['GET', '/api/groups'], ['GET', `/api/groups/${demo.groupId}`], ['POST', `/api/groups/${demo.groupId}/membership`, { alias: null, acceptNorms: true }],
      ['GET', `/api/sessions/${demo.liveSessionId}`], ['POST', '/api/me/invites', { inviteCode: demo.inviteCode }],
      ['GET', `/api/groups/${demo.groupId}/moderation-record`], ['DELETE', `/api/me/seats/${sponsorId}`, {}],
    ] as const;
    for (const [method, path, body] of refusals) {
      const answer = await sponsorApi(method, path, body);
      expect([path, answer.status, answer.body.ok ? 'ok' : answer.body.error.code]).toEqual([path, 403, 'forbidden']);
    }
    const socket = connectClient(hub, sponsorCookie);
    sockets.push(socket);
    await connected(socket);
    for (const [event, payload] of [
      ['session:join', { sessionId: demo.liveSessionId }], ['message:send', { sessionId: demo.liveSessionId, clientId: 'client-000001', text: 'hello' }],
      ['hand:raise', { sessionId: demo.liveSessionId }], ['session:end', { sessionId: demo.liveSessionId }],
    ] as const) {
      const answer = await request(socket, event, payload);
      expect([event, answer.ok ? 'ok' : (answer as any).error.code]).toEqual([event, expect.stringMatching(/forbidden|bad_request/)]);
      if (!answer.ok && (answer as any).error.code === 'bad_request') throw new Error(`${event}: test payload is malformed`);
    }
    // Members and facilitators are refused on sponsor routes.
    const member = await signUpMember(hub, { join: false });
    const facilitator = await signIn('demo-facilitator', 'quiet harbor lantern at dusk');
    for (const cookie of [member.cookie, facilitator]) {
      expect((await callApi(hub, 'GET', '/api/sponsor/report', undefined, cookie)).status).toBe(403);
      expect((await callApi(hub, 'POST', '/api/sponsor/invites', { seats: 1, validDays: 1, groupIds: [demo.groupId] }, cookie)).status).toBe(403);
    }
  });

  it('counts distinct members per month, shows 3 as "fewer than 5" and 6 as 6, and never counts the facilitator', async () => {
    const before = (await demoRow()).attendance.at(-1);
    expect(before).toEqual({ value: null, text: 'fewer than 5' });
    const members = [];
    for (let index = 0; index < 3; index += 1) members.push(await signUpMember(hub));
    for (const member of members) await enterRoom(member.cookie);
    await enterRoom(members[0]!.cookie); // a second entry is the same member
    await enterRoom(await signIn('demo-facilitator', 'quiet harbor lantern at dusk'));
    const month = new Date().toISOString().slice(0, 7);
    expect(await hub.stores.sponsors.attendanceCount(sponsorId, hub.demo.groupId, month)).toBe(3);
    const row = await demoRow();
    expect(row.attendance.at(-1)).toEqual({ value: null, text: 'fewer than 5' });
    expect(row.total).toEqual({ value: null, text: 'fewer than 5' });
    const csv = ((await sponsorApi('GET', '/api/sponsor/report/export')).body as any).data.csv as string;
    expect(csv).toContain('fewer than 5');
    expect(csv).not.toMatch(/,3(,|\r\n)/);

    for (let index = 0; index < 3; index += 1) await enterRoom((await signUpMember(hub)).cookie);
    const grown = await demoRow();
    expect(grown.attendance.at(-1)).toEqual({ value: 6, text: '6' });
  });

  it('serves a calendar feed of session instants with a neutral title, and a rotated secret answers 404', async () => {
    expect((await sponsorApi('GET', '/api/sponsor/calendar-feed')).body).toMatchObject({ ok: true, data: { feed: { active: false, url: null } } });
    const first = ((await sponsorApi('POST', '/api/sponsor/calendar-feed', {})).body as any).data.feed.url as string;
    expect(first).toMatch(/^\/calendar\/[A-Za-z0-9_-]{40,}\.ics$/);
    const response = await fetch(`${hub.url}${first}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await response.text();
    const events = parseCalendar(text);
    const group = (await hub.stores.groups.getGroup(hub.demo.groupId))!;
    const starts = events.map((event) => fromIcal(event.DTSTART!));
    const now = Date.now();
    const expected = occurrencesBetween(group.schedule, now - 7 * 86_400_000, now + 56 * 86_400_000).map((occurrence) => occurrence.startsAt);
    for (const instant of expected) expect(starts).toContain(instant);
    for (const event of events) {
      expect(event.SUMMARY).toBe('Protected time');
      expect(fromIcal(event.DTEND!) - fromIcal(event.DTSTART!)).toBe(group.schedule.durationMinutes * 60_000);
    }
    expect(text).not.toContain(group.name);
    // The UIDs name no session: not the planned sessions' ids, which the hub uses everywhere else.
    await hub.app.services.planner.planAll();
    const planned = await hub.stores.sessions.listForGroup(group.id, now - 7 * 86_400_000, now + 56 * 86_400_000);
    expect(planned.length).toBeGreaterThan(0);
    const uids = events.map((event) => event.UID!);
    expect(new Set(uids).size).toBe(events.length);
    for (const session of planned) expect(uids.some((uid) => uid.includes(session.id))).toBe(false);

    const second = ((await sponsorApi('POST', '/api/sponsor/calendar-feed', {})).body as any).data.feed.url as string;
    expect(second).not.toBe(first);
    expect((await fetch(`${hub.url}${first}`)).status).toBe(404);
    expect((await fetch(`${hub.url}${second}`)).status).toBe(200);
    expect((await fetch(`${hub.url}/calendar/not-a-real-secret-at-all-0000.ics`)).status).toBe(404);
  });

  it('answers no sponsor request with an alias, a handle, message text or a per-session figure', async () => {
    const canaryAlias = 'Canary Wren';
    const canaryText = 'canary-message-5f2c9 about a hard night';
    const member = await signUpMember(hub, { alias: canaryAlias });
    const socket = await enterRoom(member.cookie);
    expect((await request(socket, 'message:send', { sessionId: hub.demo.liveSessionId, clientId: 'canary-client-01', text: canaryText })).ok).toBe(true);
    const code = await createCode(3);
    const feedUrl = ((await sponsorApi('POST', '/api/sponsor/calendar-feed', {})).body as any).data.feed.url as string;

    const answers: { route: string; body: unknown; text: string }[] = [];
    for (const [method, path, body] of [
      ['GET', '/api/sponsor/invites'], ['POST', '/api/sponsor/invites', { seats: 2, validDays: 3, groupIds: [hub.demo.groupId] }],
      ['PATCH', `/api/sponsor/invites/${code}`, { status: 'paused' }], ['GET', '/api/sponsor/groups'], ['GET', '/api/sponsor/report'],
      ['GET', '/api/sponsor/report/export'], ['GET', '/api/sponsor/calendar-feed'], ['POST', '/api/sponsor/calendar-feed', {}],
    ] as const) {
      const answer = await sponsorApi(method, path, body);
      expect([path, answer.body.ok]).toEqual([path, true]);
      answers.push({ route: `${method} ${path}`, body: answer.body, text: JSON.stringify(answer.body) });
    }
    // The loop's POST rotated the feed: read it at the URL that rotation answered (the first one is gone).
    const rotated = (answers.at(-1)!.body as any).data.feed.url as string;
    expect(rotated).not.toBe(feedUrl);
    const feed = await fetch(`${hub.url}${rotated}`);
    expect(feed.status).toBe(200);
    answers.push({ route: 'calendar feed', body: null, text: await feed.text() });
    expect(answers.at(-1)!.text).toContain('BEGIN:VEVENT');

    expect(socket.memberRef).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    // Session ids of the group's planned sessions, which the feed's window covers (the live demo
    // session's id alone could never be in it: the feed lists scheduled occurrences only).
    await hub.app.services.planner.planAll();
    const plannedIds = (await hub.stores.sessions.listForGroup(hub.demo.groupId, Date.now() - 7 * 86_400_000, Date.now() + 56 * 86_400_000)).map((session) => session.id);
    expect(plannedIds.length).toBeGreaterThan(1);
    const forbidden = [canaryAlias, canaryText, 'canary-message', member.handle, hub.demo.liveSessionId, ...plannedIds, 'canary-client-01', socket.memberRef!];
    for (const answer of answers) {
      for (const needle of forbidden) expect([answer.route, answer.text.includes(needle)]).toEqual([answer.route, false]);
      for (const path of keyPaths(answer.body)) expect([answer.route, path, allowedPaths.has(path)]).toEqual([answer.route, path, true]);
    }
  });

  it('ends the room access of a member who gives up the seat that opened the group', async () => {
    const member = await signUpMember(hub);
    const socket = await enterRoom(member.cookie);
    const revoked = nextEvent(socket, 'access:revoked');
    expect((await callApi(hub, 'DELETE', `/api/me/seats/${sponsorId}`, {}, member.cookie)).body.ok).toBe(true);
    expect(await revoked).toEqual({ reason: 'left_group' });
    expect((await callApi(hub, 'GET', `/api/groups/${hub.demo.groupId}`, undefined, member.cookie)).status).toBe(403);
  });

  // Last: it ends the demo session.
  it('counts a session as held once it has opened and closed, and still shows no per-session figure', async () => {
    expect((await demoRow()).sessionsHeld).toBe(0);
    const facilitator = connectClient(hub, await signIn('demo-facilitator', 'quiet harbor lantern at dusk'));
    sockets.push(facilitator);
    await connected(facilitator);
    expect((await request(facilitator, 'session:join', { sessionId: hub.demo.liveSessionId })).ok).toBe(true);
    expect((await request(facilitator, 'session:end', { sessionId: hub.demo.liveSessionId })).ok).toBe(true);
    const row = await demoRow();
    expect(row.sessionsHeld).toBe(1);
    expect(Object.keys(row).sort()).toEqual(['attendance', 'id', 'name', 'sessionsHeld', 'total']);
  });
});
