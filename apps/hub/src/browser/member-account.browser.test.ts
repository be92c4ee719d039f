/**
 * A member's own account in a real Chromium: change the alias (refused with a clear reason while
 * the session runs, then kept after a reload once it has ended), leave the
 * group after a confirmation, and delete the account (a wrong passphrase deletes nothing and says
 * so; the right one erases it, and the old handle can no longer sign in). The confirmation dialogs
 * are checked with axe-core too.
 */
import { useBrowserSuite } from '../testing/browser-harness';
import { seriousViolations } from '../testing/axe-check';
import { connectClient, connected, request, signInFacilitator, signUpMember } from '../testing/hub-harness';

describe('a member changes an alias, leaves a group and deletes the account', () => {
  const suite = useBrowserSuite();

  it('changes the alias, leaves, then deletes the account for good', async () => {
    // Aliases are unique in a group and the demo group outlives a run: letters only, random.
    const word = () => Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
    const firstAlias = `First ${word()}`;
    const newAlias = `Harbor ${word()}`;
    const member = await signUpMember(suite.hub, { alias: firstAlias });
    const context = await suite.newContext({ viewport: { width: 390, height: 844 }, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
    const [name, value] = member.cookie.split(';')[0]!.split('=');
    await context.addCookies([{ name: name!, value: value!, url: suite.hub.url }]);
    const page = await context.newPage();

    await page.goto(`${suite.hub.url}/account`);
    const alias = page.getByLabel(/^Alias in /);
    await alias.waitFor({ timeout: 10_000 });
    expect(await alias.inputValue()).toBe(firstAlias);
    await alias.fill(newAlias);
    await page.getByRole('button', { name: 'Save alias' }).click();
    // While the group's session runs, an alias cannot change (one person, one name per room).
    await page.getByText('You can change your alias after this session ends.').waitFor({ timeout: 10_000 });
    const facilitator = connectClient(suite.hub, await signInFacilitator(suite.hub));
    await connected(facilitator);
    expect((await request(facilitator, 'session:join', { sessionId: suite.hub.demo.liveSessionId })).ok).toBe(true);
    expect((await request(facilitator, 'session:end', { sessionId: suite.hub.demo.liveSessionId })).ok).toBe(true);
    facilitator.disconnect();
    await page.getByRole('button', { name: 'Save alias' }).click();
    await page.getByRole('status').filter({ hasText: `Saved. You will appear as ${newAlias}` }).first().waitFor({ timeout: 10_000 }).catch(async (error: unknown) => {
      throw new Error(`${String(error)}\nThe page said: ${await page.locator('main').innerText()}`);
    });
    await page.reload();
    await page.getByLabel(/^Alias in /).waitFor({ timeout: 10_000 });
    expect(await page.getByLabel(/^Alias in /).inputValue()).toBe(newAlias);

    await page.getByRole('button', { name: 'Leave this group' }).click();
    const leaveDialog = page.getByRole('dialog');
    await leaveDialog.waitFor();
    expect(await seriousViolations(page, 'leave-dialog')).toEqual([]);
    await leaveDialog.getByRole('button', { name: 'Leave group' }).click();
    await page.getByText('You are not in any group yet.').waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: 'Delete my account…' }).click();
    const deleteDialog = page.getByRole('dialog');
    await deleteDialog.waitFor();
    await deleteDialog.getByLabel('Passphrase').fill('not the passphrase at all');
    await deleteDialog.getByRole('button', { name: 'Delete everything' }).click();
    await deleteDialog.getByText('That passphrase does not match. Nothing was deleted. Try again.').waitFor({ timeout: 10_000 });
    expect(await seriousViolations(page, 'delete-dialog-error')).toEqual([]);
    await deleteDialog.getByLabel('Passphrase').fill(member.passphrase);
    await deleteDialog.getByRole('button', { name: 'Delete everything' }).click();
    await page.waitForURL(/\/signin/, { timeout: 10_000 });
    await page.getByText('Your account and everything that belonged to it have been erased.').waitFor({ timeout: 10_000 });

    await page.getByLabel('Handle').fill(member.handle);
    await page.getByLabel('Passphrase').fill(member.passphrase);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').first().waitFor({ timeout: 10_000 });
    expect(page.url()).toContain('/signin');
  }, 90_000);
});
