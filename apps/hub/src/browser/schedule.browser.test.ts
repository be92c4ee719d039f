/**
 * Schedules in a real Chromium, with the clock driven through the app's injected clocks (the hub's
 * ManualClock and the page's Playwright clock), never by waiting: a member in Asia/Kolkata sees the
 * next session in their own zone with a countdown, and the lobby banner appears when the lobby
 * opens. Saves a screenshot under docs/screenshots.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { timesForOccurrence } from '@respite/domain';
import { ManualClock } from '../clock';
import { launchBrowser, screenshotDir } from '../testing/browser-harness';
import { DEMO_FACILITATOR } from '../demo-seed';
import { type TestHub, signUpMember, startTestHub } from '../testing/hub-harness';

const minute = 60_000;

describe('schedules in a browser', () => {
  const clock = new ManualClock(Date.now());
  let hub: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis', clock });
    browser = await launchBrowser();
    // The demo's live session would be "this session": end it, so the next one is ours.
    await hub.app.services.lifecycle.close(hub.demo.liveSessionId, 'ended_by_facilitator');
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it('shows the next session in the member’s zone with a countdown, then the lobby banner when the lobby opens', async () => {
    const member = await signUpMember(hub);
    // Half a minute past a whole number of minutes, so the countdown's minute is not on an edge while the page loads.
    const startsAt = clock.now() + 25 * minute + 30_000;
    const sessionId = `browser-${randomUUID().slice(0, 8)}`;
    const times = timesForOccurrence(startsAt, 60);
    await hub.stores.sessions.create({ id: sessionId, groupId: hub.demo.groupId, ...times, state: 'scheduled', openedAt: null, closedAt: null });

    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, timezoneId: 'Asia/Kolkata', locale: 'en-US' });
    const page = await context.newPage();
    const pageStart = clock.now();
    await page.clock.install({ time: pageStart });
    await page.goto(`${hub.url}/signin?next=/groups`);
    await page.getByLabel('Handle', { exact: true }).fill(member.handle);
    await page.getByLabel('Passphrase', { exact: true }).fill(member.passphrase);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByRole('heading', { name: 'My groups' }).waitFor({ timeout: 10_000 });

    // The start in the viewer's zone (Kolkata, UTC+5:30), not the group's (Chicago).
    const expected = new Intl.DateTimeFormat('en-US', {
      timeZone: 'Asia/Kolkata', weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short',
    }).format(new Date(startsAt));
    const card = page.locator('li.group').filter({ hasText: 'Sunday Evening Circle' });
    await card.locator(`time[datetime="${new Date(startsAt).toISOString()}"]`).filter({ hasText: expected }).waitFor({ timeout: 10_000 });
    expect(expected).toMatch(/GMT\+5:30/);
    await card.getByText('Scheduled', { exact: true }).waitFor();
    const countdown = card.locator('.countdown');
    const minutesToLobby = Math.floor((times.lobbyOpensAt - pageStart) / minute);
    expect(await countdown.innerText()).toMatch(new RegExp(`^Waiting room opens in ${minutesToLobby} min`));
    expect(await page.getByTestId('lobby-banner').count()).toBe(0);

    // The page's clock moves on: the countdown follows it.
    await page.clock.fastForward(5 * minute);
    await countdown.filter({ hasText: `Waiting room opens in ${minutesToLobby - 5} min` }).waitFor({ timeout: 5_000 });

    // The hub's clock reaches the lobby time and the lifecycle opens it; the page's clock catches up,
    // and its next refresh shows the new state and the banner.
    clock.set(times.lobbyOpensAt);
    await hub.app.services.lifecycle.tick();
    expect((await hub.stores.sessions.get(sessionId))?.state).toBe('lobby');
    await page.clock.fastForward(times.lobbyOpensAt + minute - (pageStart + 5 * minute));
    const banner = page.getByTestId('lobby-banner');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.innerText()).toContain('Protected time');
    expect(await banner.innerText()).not.toContain('Sunday Evening Circle');
    await card.getByText('Waiting room open', { exact: true }).waitFor({ timeout: 10_000 });
    await card.getByRole('link', { name: 'Enter the room' }).waitFor();
    await page.screenshot({ path: path.join(screenshotDir, 'lobby-banner-1280.png'), fullPage: true });
    await context.close();
  });

  it('lets a facilitator see coming sessions in their own zone and cancel one', async () => {
    await hub.app.services.planner.planAll();
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, timezoneId: 'Europe/Berlin', locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${hub.url}/signin?next=${encodeURIComponent(`/groups/${hub.demo.groupId}/schedule`)}`);
    await page.getByLabel('Handle', { exact: true }).fill(DEMO_FACILITATOR.handle);
    await page.getByLabel('Passphrase', { exact: true }).fill(DEMO_FACILITATOR.passphrase);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByRole('heading', { name: 'Coming sessions' }).waitFor({ timeout: 10_000 });
    const items = page.getByRole('list', { name: 'Coming sessions' }).locator('li');
    await items.first().waitFor({ timeout: 10_000 });
    // Shown in the viewer's zone (Berlin), not the group's (Chicago).
    const first = items.first();
    const datetime = (await first.locator('time').getAttribute('datetime'))!;
    const expected = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(datetime));
    expect(await first.locator('time').innerText()).toBe(expected);
    await first.getByRole('button', { name: 'Cancel this session' }).click();
    await page.getByText('The session is cancelled and members have been told.').waitFor({ timeout: 10_000 });
    await items.first().getByText('Cancelled', { exact: true }).waitFor({ timeout: 10_000 });
    const sessions = await hub.stores.sessions.listForGroup(hub.demo.groupId, Date.parse(datetime), Date.parse(datetime) + 1);
    expect(sessions[0]).toMatchObject({ state: 'closed', openedAt: null });
    await page.screenshot({ path: path.join(screenshotDir, 'facilitator-schedule-1280.png'), fullPage: true });
    await context.close();
  });
});
