/**
 * A member's private calendar feed over the real hub and Redis: RFC 5545 read back with the right
 * instants (Sunday 19:00 Chicago on both sides of a daylight-saving change) and the neutral title,
 * group names only when chosen, a cancelled or moved occurrence reflected at once, and the old URL
 * refused after rotation and after revocation.
 */
import { DateTime } from 'luxon';
import { ManualClock } from '../clock';
import { type TestHub, callApi, signInFacilitator, signUpMember, startTestHub } from '../testing/hub-harness';
import { nextOffsetChange, nextUtcWeekdayAt } from '../testing/wall-clock-anchor';

/** Reads an iCalendar text back: checks framing and line folding, unfolds, and collects each VEVENT's properties. */
function readCalendar(text: string): Record<string, string>[] {
  expect(text.endsWith('\r\n')).toBe(true);
  for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
  expect([lines[0], lines[1], lines.at(-1)]).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'END:VCALENDAR']);
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      for (const required of ['UID', 'DTSTAMP', 'DTSTART', 'DTEND']) expect(current).toHaveProperty(required);
      events.push(current!);
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      current[line.slice(0, colon)] = line.slice(colon + 1).replace(/\\([\\;,])/g, '$1').replace(/\\n/g, '\n');
    }
  }
  return events;
}

const instantOf = (value: string) => {
  expect(value).toMatch(/^\d{8}T\d{6}Z$/);
  return Date.parse(value.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
};

describe('a member calendar feed', () => {
  // A Saturday noon UTC two to three weeks before Chicago's next daylight-saving change (a week
  // or more from the wall clock), so the feed's eight weeks ahead cross it, whichever way it goes.
  const change = nextOffsetChange('America/Chicago', Date.now() + 7 * 86_400_000);
  const clock = new ManualClock(nextUtcWeekdayAt(6, 12, change - 21 * 86_400_000));
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis', clock });
    await hub.app.services.planner.planAll();
  });
  afterAll(async () => {
    await hub.stop();
  });

  const fetchFeed = async (url: string) => {
    const response = await fetch(`${hub.url}${url}`);
    return { status: response.status, type: response.headers.get('content-type'), cache: response.headers.get('cache-control'), text: await response.text() };
  };

  it('reads back with Sunday 19:00 Chicago instants on both sides of the change, under a neutral title', async () => {
    const member = await signUpMember(hub);
    const made = await callApi<{ feed: { url: string; active: boolean } }>(hub, 'POST', '/api/me/calendar-feed', { showGroupNames: false }, member.cookie);
    expect(made.body).toMatchObject({ ok: true, data: { feed: { active: true, showGroupNames: false } } });
    const url = made.body.ok ? made.body.data.feed.url : '';
    expect(url).toMatch(/^\/calendar\/member\/[A-Za-z0-9_-]{20,100}\.ics$/);
    // The URL is shown once: reading the feed's state later does not repeat it.
    expect((await callApi(hub, 'GET', '/api/me/calendar-feed', undefined, member.cookie)).body).toMatchObject({ ok: true, data: { feed: { active: true, url: null } } });

    const feed = await fetchFeed(url);
    expect(feed).toMatchObject({ status: 200, cache: 'no-store' });
    expect(feed.type).toMatch(/^text\/calendar/);
    expect(feed.text).not.toContain('Sunday Evening Circle');
    const events = readCalendar(feed.text);
    const rule = events.filter((event) => DateTime.fromMillis(instantOf(event.DTSTART!), { zone: 'America/Chicago' }).toFormat('ccc HH:mm') === 'Sun 19:00');
    expect(rule.length).toBeGreaterThanOrEqual(8);
    for (const event of rule) {
      expect(event.SUMMARY).toBe('Protected time');
      expect(instantOf(event.DTEND!) - instantOf(event.DTSTART!)).toBe(90 * 60_000);
    }
    // 19:00 CST is 01:00 UTC, and 19:00 CDT is 00:00 UTC: the instants move with the clocks.
    const utcHours = new Set(rule.map((event) => new Date(instantOf(event.DTSTART!)).getUTCHours()));
    expect([...utcHours].sort()).toEqual([0, 1]);
  });

  it('names the group only when chosen, reflects a cancelled occurrence at once, and refuses the old URL after rotation and revocation', async () => {
    const member = await signUpMember(hub);
    const first = await callApi<{ feed: { url: string } }>(hub, 'POST', '/api/me/calendar-feed', { showGroupNames: true }, member.cookie);
    const oldUrl = first.body.ok ? first.body.data.feed.url : '';
    const named = readCalendar((await fetchFeed(oldUrl)).text);
    expect(named.some((event) => event.SUMMARY === 'Sunday Evening Circle')).toBe(true);

    const facilitator = await signInFacilitator(hub);
    const occurrences = await callApi<{ occurrences: { localDate: string; startsAt: string }[] }>(hub, 'GET', `/api/groups/${hub.demo.groupId}/occurrences`, undefined, facilitator);
    const target = occurrences.body.ok ? occurrences.body.data.occurrences[0]! : null;
    await callApi(hub, 'POST', `/api/groups/${hub.demo.groupId}/schedule/cancellations`, { localDate: target!.localDate }, facilitator);
    const after = readCalendar((await fetchFeed(oldUrl)).text);
    expect(after.map((event) => instantOf(event.DTSTART!))).not.toContain(Date.parse(target!.startsAt));
    expect(after.length).toBe(named.length - 1);

    const rotated = await callApi<{ feed: { url: string } }>(hub, 'POST', '/api/me/calendar-feed', { showGroupNames: false }, member.cookie);
    const newUrl = rotated.body.ok ? rotated.body.data.feed.url : '';
    expect(newUrl).not.toBe(oldUrl);
    expect((await fetchFeed(oldUrl)).status).toBe(404);
    expect((await fetchFeed(newUrl)).status).toBe(200);

    await callApi(hub, 'DELETE', '/api/me/calendar-feed', {}, member.cookie);
    expect((await fetchFeed(newUrl)).status).toBe(404);
    expect((await fetchFeed('/calendar/member/not-a-real-secret-at-all-0000.ics')).status).toBe(404);
    // Nobody else's session opens someone's feed settings: the routes need a sign-in.
    expect((await callApi(hub, 'POST', '/api/me/calendar-feed', { showGroupNames: false }, null)).status).toBe(401);
  });
});
