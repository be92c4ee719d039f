/**
 * Securing the account from /account in a real Chromium, by keyboard alone (Tab, Shift+Tab, Enter,
 * Space and typed characters; no clicks): change the passphrase (a wrong current one first), get a
 * new recovery code, and sign out on every device, while another device's sign-in holds a live
 * socket that must close within a second. axe-core finds no serious violation on /account at
 * 360 px and 1280 px, light and dark, nor with the new code shown or the confirmation open.
 * Screenshots go to docs/screenshots/account-security-*.png.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { screenshotDir, useBrowserSuite } from '../testing/browser-harness';
import { type AxeFinding, seriousViolations } from '../testing/axe-check';
import { callApi, connectClient, connected, signUpMember } from '../testing/hub-harness';
import { focusedName, tabTo } from '../testing/keyboard-focus';

const NEW_PASSPHRASE = 'copper reeds along the quiet canal';
const RECOVERY_CODE = /^([A-Z2-9]{5}-){4}[A-Z2-9]{5}$/;

describe('a member secures the account from /account, by keyboard alone', () => {
  const suite = useBrowserSuite();

  /** axe at both widths in both schemes, with a screenshot of each. */
  async function checkEveryLayout(page: Page, name: string): Promise<AxeFinding[]> {
    const findings: AxeFinding[] = [];
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: width < 600 ? 800 : 900 });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        // The new layout and colours painted before axe reads them.
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        findings.push(...(await seriousViolations(page, `${name}-${width}-${scheme}`)));
        await page.screenshot({ path: path.join(screenshotDir, `${name}-${width}-${scheme}.png`), fullPage: true, animations: 'disabled' });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    return findings;
  }

  it('changes the passphrase, gets a new recovery code and signs out everywhere; another device\'s socket closes within a second', async () => {
    const member = await signUpMember(suite.hub);
    const otherDevice = await callApi(suite.hub, 'POST', '/api/auth/sign-in', { handle: member.handle, passphrase: member.passphrase });
    const context = await suite.newContext({ viewport: { width: 360, height: 800 }, reducedMotion: 'reduce', timezoneId: 'America/Chicago', locale: 'en-US' });
    const [name, value] = member.cookie.split('=');
    await context.addCookies([{ name: name!, value: value!, url: suite.hub.url }]);
    const page = await context.newPage();
    const visited: string[] = [];

    await page.goto(`${suite.hub.url}/account`);
    await page.getByRole('heading', { name: 'Passphrase', exact: true }).waitFor({ timeout: 10_000 });
    await page.getByLabel(/^Alias in /).waitFor({ timeout: 10_000 });
    expect(await checkEveryLayout(page, 'account-security')).toEqual([]);
    await page.setViewportSize({ width: 360, height: 800 });

    // 1. A new passphrase: a wrong current one is refused, focus goes back to it, nothing changes.
    await tabTo(page, /^Current passphrase/, visited, 100);
    await page.keyboard.type('not my passphrase, surely not');
    await tabTo(page, /^New passphrase/, visited, 1);
    await page.keyboard.type(NEW_PASSPHRASE);
    await tabTo(page, /^Confirm new passphrase/, visited, 1);
    await page.keyboard.type(NEW_PASSPHRASE);
    await tabTo(page, /^Change passphrase$/, visited, 1);
    await page.keyboard.press('Enter');
    await page.getByText('That is not your current passphrase. Nothing was changed. Try again.').waitFor({ timeout: 10_000 });
    expect(await focusedName(page)).toMatch(/^Current passphrase/);
    expect(await page.getByLabel('Current passphrase').getAttribute('aria-invalid')).toBe('true');
    expect((await callApi(suite.hub, 'GET', '/api/me', undefined, otherDevice.cookie)).body.ok).toBe(true);
    // Enter in the field submits the form, as everywhere else.
    await page.keyboard.type(member.passphrase);
    await page.keyboard.press('Enter');
    await page.getByText('Your passphrase is changed. Every other device was signed out; this one stays signed in.').waitFor({ timeout: 10_000 });
    expect((await callApi(suite.hub, 'GET', '/api/me', undefined, otherDevice.cookie)).body).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await page.getByLabel('Current passphrase').inputValue()).toBe('');

    // 2. A new recovery code, shown once by the sign-up panel, whose heading takes focus.
    await tabTo(page, /^Passphrase to get a new code/, visited, 10);
    await page.keyboard.type(NEW_PASSPHRASE);
    await page.keyboard.press('Enter');
    const shown = page.getByTestId('recovery-code');
    await shown.waitFor({ timeout: 10_000 });
    const newCode = (await shown.innerText()).trim();
    expect(newCode).toMatch(RECOVERY_CODE);
    expect(await focusedName(page)).toBe('Save your recovery code');
    expect(await checkEveryLayout(page, 'account-security-new-code')).toEqual([]);
    await page.setViewportSize({ width: 360, height: 800 });
    // "Done" refuses until the box is ticked: Space on the checkbox, then Enter on Done.
    await tabTo(page, /^I have saved my recovery code$/, visited, 10);
    await page.keyboard.press('Space');
    await tabTo(page, /^Done$/, visited, 3);
    await page.keyboard.press('Enter');
    await page.getByText('Your new recovery code is in place. The old one no longer works.').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('recovery-code').count()).toBe(0);
    const recover = (recoveryCode: string) => callApi(suite.hub, 'POST', '/api/auth/recover', { handle: member.handle, recoveryCode, newPassphrase: 'a third passphrase for the test' });
    expect((await recover(member.recoveryCode)).body).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });

    // 3. Sign out on every device: the confirmation starts on Cancel; Tab to the action, Enter.
    const phone = await callApi(suite.hub, 'POST', '/api/auth/sign-in', { handle: member.handle, passphrase: NEW_PASSPHRASE });
    const phoneSocket = connectClient(suite.hub, phone.cookie);
    await connected(phoneSocket);
    const phoneClosed = new Promise<number>((resolve) => phoneSocket.once('disconnect', () => resolve(Date.now())));
    await tabTo(page, /^Sign out on every device…$/, visited, 30);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    expect(await focusedName(page)).toBe('Cancel');
    expect(await seriousViolations(page, 'everywhere-dialog')).toEqual([]);
    await tabTo(page, /^Sign out everywhere$/, visited, 1);
    const pressed = Date.now();
    await page.keyboard.press('Enter');
    const closedAfterMs = (await Promise.race([phoneClosed, new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), 1000))])) - pressed;
    expect(closedAfterMs).toBeLessThan(1000);
    await page.waitForURL(/\/signin/, { timeout: 10_000 });
    await page.getByText('You are signed out on every device, this one too.').waitFor({ timeout: 10_000 });
    for (const cookie of [member.cookie, phone.cookie]) {
      expect((await callApi(suite.hub, 'GET', '/api/me', undefined, cookie)).body).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
    // The new recovery code is the one that works now.
    expect((await recover(newCode)).body).toMatchObject({ ok: true, data: { recoveryCode: expect.stringMatching(RECOVERY_CODE) } });
    phoneSocket.disconnect();
  }, 120_000);
});
