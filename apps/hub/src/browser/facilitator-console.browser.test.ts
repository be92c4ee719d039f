/**
 * The facilitator console in a real Chromium: a member and the demo facilitator in the live room.
 * The facilitator deletes a message (it disappears for the member), gives the floor to a raised
 * hand, mutes the member for 15 minutes (their send is held), removes them after a confirmation
 * that names them (Cancel, focused first, changes nothing), and ends the session after a confirmation.
 * The member's privacy guard and the support button are exercised on the way. Screenshot:
 * docs/screenshots/facilitator-console-1280.png.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { facilitatorEntersRoom, screenshotDir, signUpAndEnterRoom, useBrowserSuite } from '../testing/browser-harness';

describe('the facilitator console in a browser', () => {
  const suite = useBrowserSuite();
  const newPerson = () => suite.newPage({ viewport: { width: 1280, height: 1000 }, timezoneId: 'America/Chicago', locale: 'en-US' });
  const memberEnters = (page: Page, alias: string) => signUpAndEnterRoom(page, suite.hub, { handle: `member-${Date.now()}`, alias });

  const facilitatorEnters = (page: Page) => facilitatorEntersRoom(page, suite.hub);

  async function send(page: Page, text: string): Promise<void> {
    await page.getByLabel('Message', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
  }

  it('mutes, deletes, gives the floor and ends the session, each in one or two clicks', async () => {
    const [member, facilitator] = await Promise.all([newPerson(), newPerson()]);
    await memberEnters(member, 'Quiet Heron');
    await facilitatorEnters(facilitator);
    const memberMessages = member.getByRole('list', { name: 'Messages' });
    const facilitatorMessages = facilitator.getByRole('list', { name: 'Messages' });

    // The privacy guard stops a message with a record number until the member chooses.
    await send(member, 'The MRN was 00482913 and it haunts me');
    await member.getByRole('alert').filter({ hasText: 'may identify someone' }).waitFor({ timeout: 5000 });
    await member.getByRole('button', { name: 'Edit' }).click();
    await member.getByLabel('Message', { exact: true }).fill('A patient today reminded me of my dad');
    await member.getByRole('button', { name: 'Send', exact: true }).click();
    await expectText(facilitatorMessages, 'reminded me of my dad');

    // Delete: behind the message's one "Respond" control; gone for the member too.
    const toDelete = facilitatorMessages.locator('li', { hasText: 'reminded me of my dad' });
    await toDelete.hover();
    await toDelete.getByRole('button', { name: /^Respond/ }).click();
    await toDelete.getByRole('button', { name: /Delete message/ }).click();
    await memberMessages.locator('li', { hasText: 'reminded me of my dad' }).waitFor({ state: 'detached', timeout: 5000 });

    // Give the floor: the member raises a hand, the facilitator gives the floor from the queue.
    await member.getByRole('button', { name: 'Raise hand' }).click();
    const queue = facilitator.getByLabel('Hand queue');
    await expectText(queue, 'Quiet Heron');
    await member.getByRole('button', { name: 'I need support now' }).click();
    await member.getByRole('dialog').waitFor({ timeout: 5000 });
    await expectText(facilitator.getByLabel('Crisis alerts'), 'Quiet Heron');
    await member.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await facilitator.screenshot({ path: path.join(screenshotDir, 'facilitator-console-1280.png'), fullPage: true });
    await queue.getByRole('button', { name: 'Give the floor' }).click();
    await expectText(member.locator('main, body').first(), 'You have the floor.');

    // Mute: one click; the member's composer says so, with the time, and holds the send; their own state shows "muted".
    await facilitator.getByText('Mute…').first().click();
    // Four durations, the longest to the session's end.
    for (const words of ['for 1 minute', 'for 5 minutes', 'for 15 minutes', 'for the rest of the session']) await facilitator.getByRole('button', { name: `Mute Quiet Heron ${words}` }).waitFor();
    await facilitator.getByRole('button', { name: 'Mute Quiet Heron for 15 minutes' }).click();
    await expectText(member.getByRole('list', { name: 'Present' }), 'muted');
    await expectText(member.getByRole('status').filter({ hasText: 'muted you until' }), 'muted you until');
    await member.getByLabel('Message', { exact: true }).fill('am I still here');
    expect(await member.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);

    // Remove: a confirmation that names the alias; Cancel (the focused button) changes nothing.
    await facilitator.getByRole('button', { name: 'Remove Quiet Heron from this session' }).click();
    const confirm = facilitator.getByRole('dialog', { name: 'Remove Quiet Heron from this session?' });
    await confirm.waitFor({ timeout: 5000 });
    await facilitator.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached', timeout: 5000 });
    await facilitator.getByRole('button', { name: 'Remove Quiet Heron from this session' }).click();
    await confirm.getByRole('button', { name: 'Remove Quiet Heron' }).click();
    await member.getByText(/removed you from this session|You were removed/i).first().waitFor({ timeout: 10_000 });

    // End: two clicks, the second in a confirmation.
    await facilitator.getByRole('button', { name: 'End session' }).click();
    await facilitator.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
    await facilitator.getByRole('heading', { name: /session ended/i }).waitFor({ timeout: 10_000 });
  });
});

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).waitFor({ state: 'visible', timeout: 10_000 });
}
