/**
 * The room page's weight and the installable shell, in a real Chromium on the production build:
 * the JavaScript the room loads stays within 150 KB gzipped; the service worker caches only the
 * static shell (never /api, /socket.io or anything a session says); the manifest and its icons are
 * served. Also prints the room's time to first render (median of several loads) for
 * docs/performance.md: a measurement, not a timed assertion.
 */
import zlib from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../testing/browser-harness';
import { type TestHub, signUpMember, startTestHub } from '../testing/hub-harness';

const ROOM_SCRIPT_BUDGET_BYTES = 150 * 1024;

describe('the room page budget and the installable shell', () => {
  let hub: TestHub;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
    browser = await launchBrowser();
    const member = await signUpMember(hub, { alias: 'Light Load' });
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'allow' });
    const [name, value] = member.cookie.split(';')[0]!.split('=');
    await context.addCookies([{ name: name!, value: value!, url: hub.url }]);
  }, 60_000);
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await hub?.stop();
  });

  async function openRoom(page: Page): Promise<void> {
    await page.goto(`${hub.url}/sessions/${hub.demo.liveSessionId}`);
    await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
  }

  it('loads at most 150 KB of gzipped JavaScript for the room', async () => {
    const page = await context.newPage();
    const scripts = new Map<string, number>();
    const pending: Promise<void>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      pending.push(response.body().then((body) => { scripts.set(response.url(), zlib.gzipSync(body, { level: 9 }).length); }).catch(() => undefined));
    });
    await openRoom(page);
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    const total = [...scripts.values()].reduce((sum, size) => sum + size, 0);
    console.log(`room page: ${scripts.size} scripts, ${(total / 1024).toFixed(1)} KB gzipped (budget ${ROOM_SCRIPT_BUDGET_BYTES / 1024} KB)`);
    expect(scripts.size).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(ROOM_SCRIPT_BUDGET_BYTES);
    await page.close();
  }, 60_000);

  it('registers a service worker whose cache holds only the static shell, never API answers or messages', async () => {
    const page = await context.newPage();
    await openRoom(page);
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    // Use the app under the worker: REST calls and the socket go through its fetch handler.
    await page.reload();
    await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
    await page.getByLabel('Message', { exact: true }).fill('cache-canary: not for any cache');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('list', { name: 'Messages' }).filter({ hasText: 'cache-canary' }).waitFor({ timeout: 10_000 });
    await page.goto(`${hub.url}/groups`);
    await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 10_000 });

    const cached = await page.evaluate(async () => {
      const entries: Array<{ url: string; text: string }> = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          const response = await cache.match(request);
          entries.push({ url: new URL(request.url).pathname, text: response ? await response.text() : '' });
        }
      }
      return entries;
    });
    const paths = cached.map((entry) => entry.url);
    expect(paths).toEqual(expect.arrayContaining(['/200.html', '/crisis', '/manifest.webmanifest', '/icons/icon-192.png']));
    expect(paths.some((pathname) => pathname.startsWith('/_app/immutable/'))).toBe(true);
    expect(paths.filter((pathname) => pathname.startsWith('/api') || pathname.startsWith('/socket.io') || pathname.startsWith('/sessions'))).toEqual([]);
    expect(paths.every((pathname) => pathname === '/200.html' || pathname === '/crisis' || pathname === '/favicon.svg' || pathname === '/manifest.webmanifest' || pathname.startsWith('/icons/') || pathname.startsWith('/_app/immutable/'))).toBe(true);
    expect(cached.some((entry) => entry.text.includes('cache-canary'))).toBe(false);
    await page.close();
  }, 60_000);

  it('serves a manifest whose icons load', async () => {
    const page = await context.newPage();
    await page.goto(`${hub.url}/`);
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    const manifest = await (await page.request.get(new URL(href!, hub.url).toString())).json() as { name: string; display: string; start_url: string; icons: Array<{ src: string; sizes: string }> };
    expect(manifest).toMatchObject({ name: 'Respite', display: 'standalone', start_url: '/groups' });
    expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) expect((await page.request.get(new URL(icon.src, hub.url).toString())).status()).toBe(200);
    await page.close();
  });

  it('measures the room\'s time to first render (median of 5 loads; printed, not asserted)', async () => {
    const paints: number[] = [];
    const ready: number[] = [];
    for (let run = 0; run < 5; run += 1) {
      const fresh = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
      await fresh.addCookies(await context.cookies());
      const page = await fresh.newPage();
      await page.goto(`${hub.url}/sessions/${hub.demo.liveSessionId}`);
      await page.getByRole('list', { name: 'Messages' }).waitFor({ timeout: 15_000 });
      const timing = await page.evaluate(() => ({
        paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        ready: performance.now(),
      }));
      paints.push(timing.paint);
      ready.push(timing.ready);
      await fresh.close();
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(`room first contentful paint: median ${median(paints).toFixed(0)} ms (${paints.map((value) => value.toFixed(0)).join(', ')}); message list rendered: median ${median(ready).toFixed(0)} ms`);
    expect(paints.every((value) => Number.isFinite(value))).toBe(true);
  }, 90_000);
});
