/**
 * The sponsor dashboard in a real Chromium: a sponsor administrator signs in, creates a code,
 * sees its seats go down after a member redeems it, and sees the totals (chart and table, with
 * "fewer than 5"), and raises its sign-ups per hour for an onboarding day. Saves a screenshot
 * under docs/screenshots.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AdminService } from '../services/admin.service';
import { launchBrowser, screenshotDir } from '../testing/browser-harness';
import { type TestHub, callApi, connectClient, connected, request, startTestHub } from '../testing/hub-harness';

const PASSPHRASE = 'harbor lights over cold water';

describe('the sponsor dashboard in a browser', () => {
  let hub: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
    browser = await launchBrowser();
    const admin = new AdminService({ stores: hub.stores, hasher: hub.app.services.hasher, secret: 'test-secret-that-is-long-enough-123', clock: { now: () => Date.now() } });
    const sponsorId = (await hub.stores.groups.getGroup(hub.demo.groupId))!.sponsorIds[0]!;
    await admin.grantSponsorAdmin({ handle: 'hospital-admin', sponsorId, passphrase: PASSPHRASE });
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  const waitText = (page: Page, selector: string, text: string | RegExp) =>
    page.locator(selector).filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: 10_000 });

  it('creates a code, shows its seats going down after a redemption, and shows the totals', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1400 }, timezoneId: 'Europe/London', locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${hub.url}/signin?next=/sponsor`);
    await page.getByLabel('Handle', { exact: true }).fill('hospital-admin');
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByRole('heading', { name: 'Demo Hospital dashboard' }).waitFor({ timeout: 10_000 });
    await page.getByRole('link', { name: 'Sponsor dashboard' }).waitFor();

    await page.getByLabel('Seats').fill('3');
    await page.getByRole('button', { name: 'Create code' }).click();
    await waitText(page, '[role=status]', /Created code [A-Z0-9-]+ with 3 seats/);
    const code = /Created code ([A-Z0-9-]+)/.exec(await page.locator('[role=status]').filter({ hasText: 'Created code' }).innerText())![1]!;
    await waitText(page, `tr[data-code="${code}"] .seats-left`, '3 of 3');

    // A physician redeems the code (outside this browser) and enters the live session.
    const signUp = await callApi(hub, 'POST', '/api/auth/sign-up', { inviteCode: code, handle: 'dashboard-member-1', passphrase: 'violet tide under quiet hills' });
    expect(signUp.body.ok).toBe(true);
    await callApi(hub, 'POST', `/api/groups/${hub.demo.groupId}/membership`, { alias: null, acceptNorms: true }, signUp.cookie);
    const socket = connectClient(hub, signUp.cookie);
    await connected(socket);
    expect((await request(socket, 'session:join', { sessionId: hub.demo.liveSessionId })).ok).toBe(true);
    socket.disconnect();

    await page.reload();
    await waitText(page, `tr[data-code="${code}"] .seats-left`, '2 of 3');
    await waitText(page, '[data-testid=seats-in-use]', '1');
    const totals = page.locator('table.totals');
    await totals.waitFor();
    expect(await totals.innerText()).toContain('fewer than 5');
    expect(await page.locator('figure.chart svg[role=img]').first().getAttribute('aria-label')).toMatch(/fewer than 5/);
    const body = await page.locator('body').innerText();
    expect(body).not.toContain('dashboard-member-1');

    await page.getByRole('button', { name: 'Pause' }).first().click();
    await waitText(page, `tr[data-code="${code}"]`, 'paused');
    await page.screenshot({ path: path.join(screenshotDir, 'sponsor-dashboard-1280.png'), fullPage: true });
    await context.close();
  });

  it('raises the sign-ups per hour for an onboarding day, and refuses a figure out of range', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1400 }, timezoneId: 'Europe/London', locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${hub.url}/signin?next=/sponsor`);
    await page.getByLabel('Handle', { exact: true }).fill('hospital-admin');
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: /sign in/i }).click();
    const figure = page.getByLabel('Sign-ups per hour, per code');
    await figure.waitFor({ timeout: 10_000 });
    expect(await figure.inputValue()).toBe('120');
    await figure.fill('250');
    await page.getByRole('button', { name: 'Save' }).click();
    await waitText(page, '[role=status]', 'Each code now admits up to 250 sign-ups an hour (750 over all your codes).');
    await page.reload();
    await figure.waitFor();
    expect(await figure.inputValue()).toBe('250');
    // Past the browser's own check (min/max on the field), the hub refuses it with a typed error.
    await figure.evaluate((input: HTMLInputElement) => { input.removeAttribute('max'); });
    await figure.fill('5000');
    await page.getByRole('button', { name: 'Save' }).click();
    await waitText(page, '[role=alert]', 'Choose a whole number from 10 to 2000.');
    await context.close();
  });
});
