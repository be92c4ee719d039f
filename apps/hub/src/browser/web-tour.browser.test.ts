/**
 * A tour of every main page and state in a real Chromium, at 390 px and 1280 px, in light and
 * dark: each stop is checked with axe-core (zero serious or critical violations) and saved as
 * docs/screenshots/<page>-<width>-<light|dark>.png. Ends with the facilitator closing the session
 * so the "session ended" notice is checked too. Never prints message text beyond its own fixtures.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_FACILITATOR } from '../demo-seed';
import { AdminService } from '../services/admin.service';
import { type AxeFinding, seriousViolations } from '../testing/axe-check';
import { launchBrowser, screenshotDir } from '../testing/browser-harness';
import { type TestHub, startTestHub } from '../testing/hub-harness';

const PASSPHRASE = 'evening light on the river';
const SPONSOR_PASSPHRASE = 'harbor lights over cold water';

type Scheme = 'light' | 'dark';
/** Aliases are unique within a group, so each configuration's newcomer takes its own. */
const ALIASES: Record<string, string> = { 'light-1280': 'Quiet Heron', 'light-390': 'Calm River', 'dark-1280': 'Still Pine', 'dark-390': 'Soft Rain' };
type Finding = AxeFinding;

describe('every page and state, accessible and screenshotted', () => {
  let hub: TestHub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const findings: Finding[] = [];
  const checked: string[] = [];

  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
    browser = await launchBrowser();
    const admin = new AdminService({ stores: hub.stores, hasher: hub.app.services.hasher, secret: 'test-secret-that-is-long-enough-123', clock: { now: () => Date.now() } });
    const sponsorId = (await hub.stores.groups.getGroup(hub.demo.groupId))!.sponsorIds[0]!;
    await admin.grantSponsorAdmin({ handle: 'tour-sponsor-admin', sponsorId, passphrase: SPONSOR_PASSPHRASE });
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await hub?.stop();
  });

  async function newPage(width: number, scheme: Scheme): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 }, colorScheme: scheme, reducedMotion: 'reduce', timezoneId: 'America/Chicago', locale: 'en-US' });
    contexts.push(context);
    return context.newPage();
  }

  /** One stop of the tour: axe, then a full-page screenshot with a stable name. */
  async function stop(page: Page, name: string, width: number, scheme: Scheme, options: { screenshot?: boolean } = {}): Promise<void> {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    findings.push(...(await seriousViolations(page, `${name}-${width}-${scheme}`)));
    // Nothing may widen the page past the viewport (a phone would scroll sideways).
    const overflowing = await page.evaluate((viewport) => {
      return Array.from(document.querySelectorAll('body *'))
        .filter((element) => element.getBoundingClientRect().right > viewport + 1 && !element.closest('.table-scroll'))
        .slice(0, 5)
        .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`);
    }, width);
    if (overflowing.length > 0) findings.push({ stop: `${name}-${width}-${scheme}`, id: 'horizontal-overflow', impact: 'serious', help: 'The page is wider than the viewport', targets: overflowing });
    checked.push(`${name}-${width}-${scheme}`);
    if (options.screenshot !== false) await page.screenshot({ path: path.join(screenshotDir, `${name}-${width}-${scheme}.png`), fullPage: true, animations: 'disabled' });
  }

  async function memberTour(width: number, scheme: Scheme): Promise<void> {
    const page = await newPage(width, scheme);
    await page.goto(`${hub.url}/`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await stop(page, 'landing', width, scheme);

    await page.goto(`${hub.url}/crisis`);
    await stop(page, 'crisis', width, scheme);

    await page.goto(`${hub.url}/signin`);
    await page.getByLabel('Handle').waitFor();
    await stop(page, 'signin', width, scheme);

    await page.goto(`${hub.url}/recover`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await stop(page, 'recover', width, scheme);

    await page.goto(`${hub.url}/signup`);
    await page.getByLabel('Invite code').waitFor();
    await stop(page, 'signup', width, scheme);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.locator('[aria-invalid=true]').first().waitFor({ timeout: 5000 });
    await stop(page, 'signup-errors', width, scheme);

    await page.getByLabel('Invite code').fill(hub.demo.inviteCode);
    await page.getByLabel('Handle', { exact: true }).fill(`tour-${width}-${scheme}-${Date.now()}`);
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Confirm passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.getByTestId('recovery-code').waitFor({ timeout: 15_000 });
    await stop(page, 'recovery-code', width, scheme);

    await page.getByLabel('I have saved my recovery code').check();
    await page.getByRole('button', { name: 'Continue to my groups' }).click();
    await page.getByRole('link', { name: /join this group/i }).first().waitFor({ timeout: 10_000 });
    await stop(page, 'groups', width, scheme);

    await page.getByRole('link', { name: /join this group/i }).first().click();
    await page.getByLabel('Alias').waitFor();
    await stop(page, 'join', width, scheme);
    await page.getByLabel('Alias').fill(ALIASES[`${scheme}-${width}`]!);
    await page.getByLabel('I accept these norms').check();
    await page.getByRole('button', { name: 'Join group' }).click();
    // The demo session is open: joining goes straight into the room; the groups page as a member comes after.
    await page.waitForURL(/\/sessions\//, { timeout: 10_000 }).catch(async (error: unknown) => {
      throw new Error(`${String(error)}\nThe page said: ${await page.locator('main').innerText()}`);
    });
    await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ timeout: 10_000 });
    // "Connected" shows at the socket's connect; the focus moves once the join has answered.
    await page.waitForFunction(() => document.activeElement?.id === 'composer-text', undefined, { timeout: 10_000 });
    await page.goto(`${hub.url}/groups`);
    await page.getByRole('link', { name: 'Enter the room' }).first().waitFor({ timeout: 10_000 });
    await stop(page, 'groups-member', width, scheme);

    await page.getByRole('link', { name: 'Enter the room' }).first().click();
    await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ timeout: 10_000 });
    await page.getByLabel('Message', { exact: true }).fill('Long week. Glad this exists.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('list', { name: 'Messages' }).filter({ hasText: 'Glad this exists' }).waitFor({ timeout: 10_000 });
    await stop(page, 'room-member', width, scheme);

    await page.goto(`${hub.url}/account`);
    await page.getByRole('heading', { name: 'Account', exact: true }).waitFor({ timeout: 10_000 });
    await stop(page, 'account', width, scheme);
    await page.context().close();
  }

  async function staffTour(width: number, scheme: Scheme): Promise<void> {
    const facilitator = await newPage(width, scheme);
    await facilitator.goto(`${hub.url}/signin?next=${encodeURIComponent(`/sessions/${hub.demo.liveSessionId}`)}`);
    await facilitator.getByLabel('Handle').fill(DEMO_FACILITATOR.handle);
    await facilitator.getByLabel('Passphrase').fill(DEMO_FACILITATOR.passphrase);
    await facilitator.getByRole('button', { name: 'Sign in' }).click();
    await facilitator.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
    // On a phone the console is the room's other view, behind the switch.
    if (width < 768) await facilitator.getByRole('button', { name: /Console and people/ }).click();
    await facilitator.getByRole('heading', { name: /Facilitator console/ }).waitFor({ timeout: 15_000 });
    await stop(facilitator, 'facilitator-console', width, scheme);
    await facilitator.context().close();

    const sponsor = await newPage(width, scheme);
    await sponsor.goto(`${hub.url}/signin?next=/sponsor`);
    await sponsor.getByLabel('Handle', { exact: true }).fill('tour-sponsor-admin');
    await sponsor.getByLabel('Passphrase', { exact: true }).fill(SPONSOR_PASSPHRASE);
    await sponsor.getByRole('button', { name: /sign in/i }).click();
    await sponsor.getByRole('heading', { name: /dashboard/ }).first().waitFor({ timeout: 15_000 }).catch(async (error: unknown) => {
      throw new Error(`${String(error)}\nThe page said: ${await sponsor.locator('body').innerText()}`);
    });
    await stop(sponsor, 'sponsor-dashboard', width, scheme);
    await sponsor.context().close();
  }

  const configurations: Array<[number, Scheme]> = [[1280, 'light'], [390, 'light'], [1280, 'dark'], [390, 'dark']];

  it.each(configurations)('member pages at %i px in %s have no serious or critical axe violations', async (width, scheme) => {
    await memberTour(width, scheme);
    expect(findings.filter((finding) => finding.stop.endsWith(`-${width}-${scheme}`))).toEqual([]);
  }, 180_000);

  it.each(configurations)('facilitator console and sponsor dashboard at %i px in %s have no serious or critical axe violations', async (width, scheme) => {
    await staffTour(width, scheme);
    expect(findings.filter((finding) => finding.stop.endsWith(`-${width}-${scheme}`))).toEqual([]);
  }, 120_000);

  it('the "session ended" notice, for member and facilitator, has no serious or critical axe violations', async () => {
    const member = await newPage(390, 'light');
    await member.goto(`${hub.url}/signup`);
    await member.getByLabel('Invite code').fill(hub.demo.inviteCode);
    await member.getByLabel('Handle', { exact: true }).fill(`tour-closing-${Date.now()}`);
    await member.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await member.getByLabel('Confirm passphrase').fill(PASSPHRASE);
    await member.getByRole('button', { name: 'Create my account' }).click();
    await member.getByLabel('I have saved my recovery code').check();
    await member.getByRole('button', { name: 'Continue to my groups' }).click();
    await member.getByRole('link', { name: /join this group/i }).first().click();
    await member.getByLabel('I accept these norms').check();
    await member.getByRole('button', { name: 'Join group' }).click();
    await member.waitForURL(/\/sessions\//, { timeout: 10_000 });
    await member.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ timeout: 10_000 });

    const facilitator = await newPage(1280, 'light');
    await facilitator.goto(`${hub.url}/signin?next=${encodeURIComponent(`/sessions/${hub.demo.liveSessionId}`)}`);
    await facilitator.getByLabel('Handle').fill(DEMO_FACILITATOR.handle);
    await facilitator.getByLabel('Passphrase').fill(DEMO_FACILITATOR.passphrase);
    await facilitator.getByRole('button', { name: 'Sign in' }).click();
    await facilitator.getByRole('heading', { name: /Facilitator console/ }).waitFor({ timeout: 15_000 });
    await facilitator.getByRole('button', { name: 'End session' }).click();
    await facilitator.getByRole('dialog').waitFor();
    await stop(facilitator, 'end-session-dialog', 1280, 'light', { screenshot: false });
    await facilitator.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
    await member.getByRole('heading', { name: /session ended/i }).waitFor({ timeout: 10_000 });
    await facilitator.getByRole('heading', { name: /session ended/i }).waitFor({ timeout: 10_000 });
    await stop(member, 'room-closed', 390, 'light');
    await stop(facilitator, 'room-closed', 1280, 'light');
    expect(checked).toContain('room-closed-390-light');
    expect(findings).toEqual([]);
  }, 120_000);
});
