/**
 * The core loop in a real Chromium: two people in separate browser contexts sign up with the demo
 * invite code, join the demo group, enter the live session, and each sees the other's message.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshotDir } from '../testing/browser-harness';
import { type TestHub, startTestHub } from '../testing/hub-harness';

describe('the core loop in a browser', () => {
  let hub: TestHub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await hub?.stop();
  });

  async function newPerson(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, timezoneId: 'America/Chicago', locale: 'en-US' });
    contexts.push(context);
    return context.newPage();
  }

  async function signUpAndEnter(page: Page, handle: string, alias: string): Promise<void> {
    await page.goto(`${hub.url}/signup`);
    await page.getByLabel('Invite code').fill(hub.demo.inviteCode);
    await page.getByLabel('Handle', { exact: true }).fill(handle);
    await page.getByLabel('Passphrase', { exact: true }).fill('evening light on the river');
    await page.getByLabel('Confirm passphrase').fill('evening light on the river');
    await page.getByRole('button', { name: /create|sign up|join/i }).click();
    await expectVisible(page.getByTestId('recovery-code'));
    expect(await page.getByTestId('recovery-code').innerText()).toMatch(/[A-Z2-9]{5}-/);
    await page.getByLabel('I have saved my recovery code').check();
    await page.getByRole('button', { name: 'Continue to my groups' }).click();
    await page.getByRole('link', { name: /join this group/i }).first().click();
    await page.getByLabel('Alias').fill(alias);
    await page.getByLabel('I accept these norms').check();
    await page.getByRole('button', { name: 'Join group' }).click();
    await page.getByRole('link', { name: 'Enter the room' }).first().click();
    await expectText(page.getByTestId('connection-state'), 'Connected');
  }

  async function send(page: Page, text: string): Promise<void> {
    await page.getByLabel('Message', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
  }

  it('lets two members talk in the live room and see each other', async () => {
    const [ana, ben] = await Promise.all([newPerson(), newPerson()]);
    await signUpAndEnter(ana, `ana-${Date.now()}`, 'Quiet Heron');
    await signUpAndEnter(ben, `ben-${Date.now()}`, 'Calm River');

    await send(ana, 'First time here. Long week.');
    await expectText(ben.getByRole('list', { name: 'Messages' }), 'First time here. Long week.');
    await send(ben, 'Welcome. Same here, nights all week.');
    await expectText(ana.getByRole('list', { name: 'Messages' }), 'Welcome. Same here, nights all week.');
    await expectText(ana.getByRole('list', { name: 'Present' }), 'Calm River');
    await expectText(ben.getByRole('list', { name: 'Present' }), 'Quiet Heron');

    await ana.screenshot({ path: path.join(screenshotDir, 'room-1280-light.png'), fullPage: true });
  });
});

async function expectVisible(locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 10_000 });
}

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).waitFor({ state: 'visible', timeout: 10_000 });
}
