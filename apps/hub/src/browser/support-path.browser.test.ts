/**
 * One support path, in a real Chromium (issue 19): every support control in the room does the same
 * thing, as the group norms say (the card at once, and the facilitators told), and words that
 * signal risk bring support beside the composer without taking the focus or losing the next message.
 * Screenshot: docs/screenshots/support-beside-composer-1280.png.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_FACILITATOR } from '../demo-seed';
import { facilitatorEntersRoom, screenshotDir, signUpAndEnterRoom, useBrowserSuite } from '../testing/browser-harness';
import { seriousViolations } from '../testing/axe-check';

describe('one support path in the room, in a browser', () => {
  const suite = useBrowserSuite();
  const newPerson = () => suite.newPage({ viewport: { width: 1280, height: 1000 }, timezoneId: 'America/Chicago', locale: 'en-US' });

  const composerHasFocus = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? (document.activeElement as HTMLElement | null)?.id ?? document.activeElement?.tagName);

  it('answers words of risk beside the composer: the focus stays, the next message is sent, the facilitator is told', async () => {
    const facilitator = await newPerson();
    await facilitatorEntersRoom(facilitator, suite.hub);
    const member = await newPerson();
    await signUpAndEnterRoom(member, suite.hub, { handle: `support-${Date.now()}`, alias: 'Steady Wren' });

    const composer = member.getByLabel('Message', { exact: true });
    await composer.click();
    await member.keyboard.type('tonight I want to end it all');
    await member.keyboard.press('Enter');
    // The member keeps typing at once, without touching the mouse: nothing may take the focus away.
    await member.keyboard.type('sorry, second message right after');
    const beside = member.getByRole('complementary', { name: 'Support, whenever you want it' });
    await beside.waitFor({ timeout: 10_000 });
    await member.keyboard.press('Enter');
    const before = await composerHasFocus(member);

    const facilitatorMessages = facilitator.getByRole('list', { name: 'Messages' });
    await facilitatorMessages.getByText('sorry, second message right after').waitFor({ timeout: 10_000 });
    expect(await member.getByRole('dialog').count()).toBe(0);
    expect(await composer.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(before).toBeTruthy();
    await beside.getByText('A facilitator in this room has been told').waitFor({ timeout: 10_000 });
    // The hub's configured resources, not a copy in the page.
    await beside.getByRole('link', { name: 'Physician Support Line' }).waitFor();
    await facilitator.getByLabel('Crisis alerts').locator('li', { hasText: 'Steady Wren' }).filter({ hasText: 'wrote words that may signal risk' }).waitFor({ timeout: 10_000 });
    await member.screenshot({ path: path.join(screenshotDir, 'support-beside-composer-1280.png'), fullPage: true });
    expect(await seriousViolations(member, 'support beside the composer')).toEqual([]);
  }, 60_000);

  it('makes the header\'s "Need support now?" in the room do what the norms say: the card opens and the facilitators are told', async () => {
    const facilitator = await newPerson();
    await facilitatorEntersRoom(facilitator, suite.hub);
    const member = await newPerson();
    await signUpAndEnterRoom(member, suite.hub, { handle: `header-${Date.now()}`, alias: 'Quiet Alder' });
    await member.getByRole('link', { name: /Need support now\?/ }).click();
    await member.getByRole('dialog').waitFor({ timeout: 5000 });
    await facilitator.getByLabel('Crisis alerts').locator('li', { hasText: 'Quiet Alder' }).filter({ hasText: 'pressed “I need support now”' }).waitFor({ timeout: 10_000 });
    await member.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await member.getByRole('complementary', { name: 'Support, whenever you want it' }).getByText('A facilitator in this room has been told').waitFor({ timeout: 10_000 });
  }, 60_000);
});

describe('a support request from a room no facilitator is in, in a browser', () => {
  const suite = useBrowserSuite();
  const newPerson = () => suite.newPage({ viewport: { width: 1280, height: 1000 }, timezoneId: 'America/Chicago', locale: 'en-US' });

  it('reaches a facilitator of the group on "My groups" when no facilitator is in the room, tells the member so, and leads the facilitator in to the open alert', async () => {
    const facilitator = await newPerson();
    await facilitator.goto(`${suite.hub.url}/signin?next=${encodeURIComponent('/groups')}`);
    await facilitator.getByLabel('Handle').fill(DEMO_FACILITATOR.handle);
    await facilitator.getByLabel('Passphrase').fill(DEMO_FACILITATOR.passphrase);
    await facilitator.getByRole('button', { name: 'Sign in' }).click();
    await facilitator.getByRole('heading', { name: 'My groups' }).waitFor({ timeout: 10_000 });
    await facilitator.getByRole('list', { name: 'Groups' }).waitFor({ timeout: 10_000 });
    const member = await newPerson();
    await signUpAndEnterRoom(member, suite.hub, { handle: `ladder-${Date.now()}`, alias: 'Lone Heron' });
    await member.getByRole('button', { name: 'I need support now' }).first().click();
    const escalated = facilitator.getByRole('region', { name: 'Lone Heron needs support now' });
    await escalated.waitFor({ timeout: 10_000 });
    await escalated.getByText('No facilitator is in the room').waitFor();
    await member.getByText('a facilitator of this group has been told and is on the way here').first().waitFor({ timeout: 10_000 });
    await facilitator.screenshot({ path: path.join(screenshotDir, 'escalated-alert-groups-1280.png') });
    expect(await seriousViolations(facilitator, 'an escalated alert on My groups')).toEqual([]);
    await escalated.getByRole('link', { name: 'Go to the room now' }).click();
    await facilitator.getByLabel('Crisis alerts', { exact: false }).locator('li', { hasText: 'Lone Heron' }).first().waitFor({ timeout: 10_000 });
  }, 60_000);
});
