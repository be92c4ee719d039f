/**
 * The app works in a real Chromium under its Content-Security-Policy: every page (landing, crisis,
 * sign-up, sign-in, groups, join, the room as member and facilitator, account, sponsor, admin) is
 * visited and used, and not one CSP violation is reported: neither a `securitypolicyviolation`
 * event in the page nor a CSP message on the console. The room's socket (WebSocket only) connects
 * under connect-src 'self', the service worker installs and caches the shell under its own policy,
 * and a page from elsewhere cannot frame the app (frame-ancestors, which only the header carries).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_FACILITATOR } from '../demo-seed';
import { AdminService } from '../services/admin.service';
import { useBrowserSuite } from '../testing/browser-harness';

const PASSPHRASE = 'evening light on the river';
const SPONSOR_PASSPHRASE = 'harbor lights over cold water';
const ADMIN_PASSPHRASE = 'granite steps beside the tide';

interface Violation { page: string; what: string }

describe('the Content-Security-Policy in a real browser', () => {
  const suite = useBrowserSuite({ stores: 'redis' });
  const violations: Violation[] = [];
  const policies = new Map<string, string | null>();

  beforeAll(async () => {
    const admin = new AdminService({ stores: suite.hub.stores, hasher: suite.hub.app.services.hasher, secret: 'test-secret-that-is-long-enough-123', clock: { now: () => Date.now() } });
    const sponsorId = (await suite.hub.stores.groups.getGroup(suite.hub.demo.groupId))!.sponsorIds[0]!;
    await admin.grantSponsorAdmin({ handle: 'csp-sponsor-admin', sponsorId, passphrase: SPONSOR_PASSPHRASE });
    await admin.createPlatformAdmin('csp-platform-admin', ADMIN_PASSPHRASE);
  }, 60_000);
  // Each test answers for the violations of its own pages.
  beforeEach(() => { violations.length = 0; });

  /** A page whose every CSP violation, and every document's policy header, is recorded. */
  async function watchedPage(context?: BrowserContext): Promise<Page> {
    const page = await (context ?? (await suite.newContext({ serviceWorkers: 'block' }))).newPage();
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.log(`csp-violation ${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
      }, true);
    });
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith('csp-violation') || /Content Security Policy/i.test(text)) violations.push({ page: page.url(), what: text });
    });
    page.on('response', (response) => {
      if (response.request().resourceType() === 'document') policies.set(new URL(response.url()).pathname, response.headers()['content-security-policy'] ?? null);
    });
    return page;
  }

  async function signIn(page: Page, handle: string, passphrase: string, next: string): Promise<void> {
    await page.goto(`${suite.hub.url}/signin?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Handle', { exact: true }).fill(handle);
    await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('a member signs up, joins, talks in the room and opens every member page without a violation', async () => {
    const { hub } = suite;
    const page = await watchedPage();
    await page.goto(`${hub.url}/`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.goto(`${hub.url}/crisis`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.goto(`${hub.url}/signin`);
    await page.getByLabel('Handle').waitFor();

    await page.goto(`${hub.url}/signup`);
    await page.getByLabel('Invite code').fill(hub.demo.inviteCode);
    await page.getByLabel('Handle', { exact: true }).fill(`csp-member-${Date.now()}`);
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Confirm passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.getByTestId('recovery-code').waitFor({ timeout: 15_000 });
    await page.getByLabel('I have saved my recovery code').check();
    await page.getByRole('button', { name: 'Continue to my groups' }).click();
    await page.getByRole('link', { name: /join this group/i }).first().click();
    await page.getByLabel('Alias').fill('Careful Wren');
    await page.getByLabel('I accept these norms').check();
    await page.getByRole('button', { name: 'Join group' }).click();
    await page.waitForURL(/\/sessions\//, { timeout: 10_000 });
    // The client speaks WebSocket only: "Connected" means connect-src 'self' let ws:// through.
    await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
    await page.getByLabel('Message', { exact: true }).fill('Under a strict policy, still here.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('list', { name: 'Messages' }).filter({ hasText: 'still here' }).waitFor({ timeout: 10_000 });

    await page.goto(`${hub.url}/groups`);
    await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 10_000 });
    await page.goto(`${hub.url}/groups/${hub.demo.groupId}/schedule`);
    await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 10_000 });
    await page.goto(`${hub.url}/account`);
    await page.getByRole('heading', { name: 'Account', exact: true }).waitFor({ timeout: 10_000 });
    // Client-side navigation too (the route announcer speaks, with its hashed style attribute).
    await page.getByRole('link', { name: /my groups/i }).first().click();
    await page.waitForURL(/\/groups$/);
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
  }, 120_000);

  it('the facilitator console, the sponsor dashboard and the admin page open without a violation', async () => {
    const { hub } = suite;
    const facilitator = await watchedPage();
    await signIn(facilitator, DEMO_FACILITATOR.handle, DEMO_FACILITATOR.passphrase, `/sessions/${hub.demo.liveSessionId}`);
    await facilitator.getByRole('heading', { name: /Facilitator console/ }).waitFor({ timeout: 15_000 });
    await facilitator.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });

    const sponsor = await watchedPage();
    await signIn(sponsor, 'csp-sponsor-admin', SPONSOR_PASSPHRASE, '/sponsor');
    await sponsor.getByRole('heading', { name: /dashboard/ }).first().waitFor({ timeout: 15_000 });
    await sponsor.locator('figure.chart svg').first().waitFor({ timeout: 10_000 });

    const admin = await watchedPage();
    await signIn(admin, 'csp-platform-admin', ADMIN_PASSPHRASE, '/admin');
    await admin.getByRole('heading', { name: 'Groups and schedules' }).waitFor({ timeout: 15_000 });
    for (const page of [facilitator, sponsor, admin]) await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
  }, 120_000);

  it('every document came with the policy header, frame-ancestors included', () => {
    expect([...policies.keys()]).toEqual(expect.arrayContaining(['/', '/crisis', '/signup', '/signin', '/groups', '/account']));
    for (const [path, policy] of policies) expect({ path, policy }).toEqual({ path, policy: expect.stringMatching(/script-src 'self' 'sha256-[^']+'.*; frame-ancestors 'none'$/) });
  });

  it('the service worker installs and caches the shell under its own policy', async () => {
    const context = await suite.newContext({ serviceWorkers: 'allow' });
    const page = await watchedPage(context);
    await page.goto(`${suite.hub.url}/crisis`);
    const ready = await page.evaluate(() => Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000))]));
    expect(ready).toBe(true);
    // cache.addAll ran inside the worker, whose fetches its policy (connect-src 'self') allows.
    const cached = await page.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
      return paths;
    });
    expect(cached).toEqual(expect.arrayContaining(['/200.html', '/crisis']));
    expect(violations).toEqual([]);
  }, 60_000);

  it('a page elsewhere cannot frame the app', async () => {
    const page = await (await suite.newContext()).newPage();
    // Another origin (another loopback port) whose page tries to frame the crisis page.
    const elsewhere = http.createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(`<!doctype html><title>elsewhere</title><iframe src="${suite.hub.url}/crisis" title="framed"></iframe>`);
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    try {
      const refusal = page.waitForEvent('console', { predicate: (message) => /frame-ancestors/.test(message.text()), timeout: 10_000 });
      await page.goto(`http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/`);
      expect((await refusal).text()).toMatch(/frame-ancestors 'none'/);
      // A refused frame shows Chromium's error page, never the app's markup.
      const frame = await (await page.waitForSelector('iframe')).contentFrame();
      expect(frame!.url()).not.toContain(suite.hub.url);
      expect(await frame!.content()).not.toContain('988');
    } finally {
      await page.close();
      elsewhere.closeAllConnections();
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  }, 30_000);
});
