/**
 * The core loop in a real Chromium: two people in separate browser contexts sign up with the demo
 * invite code, join the demo group, enter the live session, and each sees the other's message.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { screenshotDir, signUpAndEnterRoom, useBrowserSuite } from '../testing/browser-harness';

describe('the core loop in a browser', () => {
  const suite = useBrowserSuite();
  const newPerson = () => suite.newPage({ viewport: { width: 1280, height: 860 }, timezoneId: 'America/Chicago', locale: 'en-US' });
  const signUpAndEnter = (page: Page, handle: string, alias: string) => signUpAndEnterRoom(page, suite.hub, { handle, alias });

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

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).waitFor({ state: 'visible', timeout: 10_000 });
}
