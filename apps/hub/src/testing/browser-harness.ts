/**
 * A real Chromium for journey tests, driven by playwright-core: the system's Chromium (or
 * CHROMIUM_PATH), headless, with background networking off (this machine has no internet).
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, type Page, chromium } from 'playwright-core';
import { type TestHub, startTestHub } from './hub-harness';

export const webBuildDir = path.resolve(__dirname, '../../../web/build');
export const screenshotDir = path.resolve(__dirname, '../../../../docs/screenshots');

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(path.join(webBuildDir, '200.html'))) {
    throw new Error(`The web app is not built (${webBuildDir}). Run \`pnpm --filter @respite/web build\` or \`pnpm test\`, which builds it.`);
  }
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((candidate) => candidate && fs.existsSync(candidate));
  return chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

/**
 * One hub on the real Redis and one Chromium for a browser test file, started before its tests and
 * closed after them, with every context the tests open closed too.
 */
export interface BrowserSuite {
  readonly hub: TestHub;
  readonly browser: Browser;
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

export function useBrowserSuite(hubOptions: Parameters<typeof startTestHub>[0] = { stores: 'redis' }): BrowserSuite {
  let hub: TestHub | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    hub = await startTestHub(hubOptions);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await hub?.stop();
  });
  const suite: BrowserSuite = {
    get hub() { return hub!; },
    get browser() { return browser!; },
    async newContext(options) {
      const context = await browser!.newContext(options);
      contexts.push(context);
      return context;
    },
    async newPage(options) {
      return (await suite.newContext(options)).newPage();
    },
  };
  return suite;
}

/** A newcomer's journey: sign up with the demo code, save the recovery code, join the demo group as `alias`, enter the live room. */
export async function signUpAndEnterRoom(page: Page, hub: TestHub, options: { handle: string; alias: string }): Promise<void> {
  await page.goto(`${hub.url}/signup`);
  await page.getByLabel('Invite code').fill(hub.demo.inviteCode);
  await page.getByLabel('Handle', { exact: true }).fill(options.handle);
  await page.getByLabel('Passphrase', { exact: true }).fill('evening light on the river');
  await page.getByLabel('Confirm passphrase').fill('evening light on the river');
  await page.getByRole('button', { name: /create|sign up|join/i }).click();
  await page.getByTestId('recovery-code').waitFor({ state: 'visible', timeout: 10_000 });
  if (!/[A-Z2-9]{5}-/.test(await page.getByTestId('recovery-code').innerText())) throw new Error('no recovery code shown');
  await page.getByLabel('I have saved my recovery code').check();
  await page.getByRole('button', { name: 'Continue to my groups' }).click();
  await page.getByRole('link', { name: /join this group/i }).first().click();
  await page.getByLabel('Alias').fill(options.alias);
  await page.getByLabel('I accept these norms').check();
  await page.getByRole('button', { name: 'Join group' }).click();
  // The demo's session is open: joining goes straight into its room.
  await page.waitForURL(/\/sessions\//, { timeout: 10_000 });
  await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ state: 'visible', timeout: 10_000 });
}

/** The demo facilitator signs in and lands in the live room's facilitator console. */
export async function facilitatorEntersRoom(page: Page, hub: TestHub): Promise<void> {
  const { DEMO_FACILITATOR } = await import('../demo-seed');
  await page.goto(`${hub.url}/signin?next=${encodeURIComponent(`/sessions/${hub.demo.liveSessionId}`)}`);
  await page.getByLabel('Handle').fill(DEMO_FACILITATOR.handle);
  await page.getByLabel('Passphrase').fill(DEMO_FACILITATOR.passphrase);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ state: 'visible', timeout: 10_000 });
  // Attached, not visible: on a phone the console is the room's other view, behind a switch.
  await page.getByRole('heading', { name: /Facilitator console/, includeHidden: true }).waitFor({ state: 'attached', timeout: 10_000 });
}
