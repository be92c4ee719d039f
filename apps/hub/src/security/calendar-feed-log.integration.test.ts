/**
 * No calendar feed secret in the hub's own log lines. The feeds are the one place a secret travels
 * in a URL (`/calendar/<secret>.ics`, `/calendar/member/<secret>.ics`). Every feed route the hub
 * mounts is requested with a live secret, with that secret in other spellings the router accepts
 * (upper-case path, percent-encoded), with an unknown secret, and while its store fails (the route
 * then logs an error); then every line the hub wrote at debug level is searched for each secret.
 * The list of feed routes is checked against the routers' source, so a new feed cannot skip this.
 * The positive control writes the path through the hub's own logger, as a one-line request log
 * would, and shows the same search finds every secret there.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../logger';
import { AdminService } from '../services/admin.service';
import { type TestHub, callApi, signUpMember, startTestHub } from '../testing/hub-harness';

const PASSPHRASE = 'quiet lanterns along the pier';

function linesHolding(lines: readonly string[], secret: string): string[] {
  return lines.filter((line) => line.includes(secret));
}

/** Every `router.get('/calendar…')` in the hub's HTTP edge: the feed routes this test must cover. */
function mountedFeedRoutes(): string[] {
  const folder = path.resolve(__dirname, '../http');
  return fs.readdirSync(folder).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts')).flatMap((name) => {
    const text = fs.readFileSync(path.join(folder, name), 'utf8');
    return [...text.matchAll(/\.(?:get|all|use)\(\s*'(\/calendar[^']*)'/g)].map((match) => match[1]!);
  }).sort();
}

describe('calendar feed secrets and the hub log', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
  });
  afterAll(async () => {
    await hub.stop();
  });

  /** A live feed secret for each feed route, made through the signed-in routes a sponsor and a member use. */
  async function liveFeeds(): Promise<{ route: string; prefix: string; secret: string; failLookup(): void }[]> {
    const admin = new AdminService({ stores: hub.stores, hasher: hub.app.services.hasher, secret: 'test-secret-that-is-long-enough-123', clock: { now: () => Date.now() } });
    const sponsorId = (await hub.stores.groups.getGroup(hub.demo.groupId))!.sponsorIds[0]!;
    const handle = `feed-log-admin-${randomBytes(4).toString('hex')}`;
    await admin.grantSponsorAdmin({ handle, sponsorId, passphrase: PASSPHRASE });
    const signIn = await callApi(hub, 'POST', '/api/auth/sign-in', { handle, passphrase: PASSPHRASE });
    const sponsorFeed = await callApi<{ feed: { url: string } }>(hub, 'POST', '/api/sponsor/calendar-feed', {}, signIn.cookie);
    const member = await signUpMember(hub);
    const memberFeed = await callApi<{ feed: { url: string } }>(hub, 'POST', '/api/me/calendar-feed', { showGroupNames: true }, member.cookie);
    if (!sponsorFeed.body.ok || !memberFeed.body.ok) throw new Error('could not make the feeds');
    const secretOf = (url: string) => /\/([A-Za-z0-9_-]{20,100})\.ics$/.exec(url)![1]!;
    const failure = () => Promise.reject(new Error('Connection is closed.'));
    return [
      { route: '/calendar/:file', prefix: '/calendar/', secret: secretOf(sponsorFeed.body.data.feed.url), failLookup: () => void jest.spyOn(hub.stores.sponsors, 'sponsorForCalendarFeed').mockImplementationOnce(failure) },
      { route: '/calendar/member/:file', prefix: '/calendar/member/', secret: secretOf(memberFeed.body.data.feed.url), failLookup: () => void jest.spyOn(hub.stores.memberCalendarFeeds, 'accountFor').mockImplementationOnce(failure) },
    ];
  }

  it('no log line holds any feed secret, whatever the feed answered; the hub\'s own logger, given the path, would hold it', async () => {
    const feeds = await liveFeeds();
    expect(feeds.map((feed) => feed.route).sort()).toEqual(mountedFeedRoutes());

    const statuses: Record<string, number[]> = {};
    const unknownSecrets: string[] = [];
    for (const feed of feeds) {
      const unknown = randomBytes(32).toString('base64url');
      unknownSecrets.push(unknown);
      const encoded = `%${feed.secret.charCodeAt(0).toString(16)}${feed.secret.slice(1)}`;
      const paths = [`${feed.prefix}${feed.secret}.ics`, `${feed.prefix.toUpperCase()}${feed.secret}.ics`, `${feed.prefix}${encoded}.ics`, `${feed.prefix}${unknown}.ics`];
      statuses[feed.route] = [];
      for (const requestPath of paths) statuses[feed.route]!.push((await fetch(`${hub.url}${requestPath}`)).status);
      feed.failLookup();
      const failed = await fetch(`${hub.url}${feed.prefix}${feed.secret}.ics`);
      statuses[feed.route]!.push(failed.status);
    }
    // Live secret in three spellings, unknown secret, store failure: each route answered as a feed does.
    expect(statuses).toEqual({ '/calendar/:file': [200, 200, 200, 404, 503], '/calendar/member/:file': [200, 200, 200, 404, 503] });
    // The failures were logged, so there were lines to search, from these very routes.
    expect(hub.logs.filter((line) => /"event":"(member_)?calendar_feed\.failed"/.test(line))).toHaveLength(2);

    for (const secret of [...feeds.map((feed) => feed.secret), ...unknownSecrets]) expect(linesHolding(hub.logs, secret)).toEqual([]);
    // Not in a shortened or percent-encoded form either (the search above would miss `%61bc…`).
    for (const feed of feeds) expect(linesHolding(hub.logs, feed.secret.slice(1))).toEqual([]);

    // Positive control: a request log written through the same logger (same redaction) holds the secret.
    const controlLines: string[] = [];
    const control = createLogger({ level: 'debug', nodeId: 'control', destination: new Writable({ write(chunk, _encoding, done) { controlLines.push(String(chunk)); done(); } }) });
    for (const feed of feeds) control.info({ event: 'http.request', method: 'GET', path: `${feed.prefix}${feed.secret}.ics`, status: 200 }, 'request');
    for (const feed of feeds) expect(linesHolding(controlLines, feed.secret)).toHaveLength(1);
  });
});
