/**
 * The composer says what holds it, in a real Chromium (issue 19): muted (until when), paused, slow
 * mode (a countdown), each with the send held and the draft kept; and a mute is shown to the member
 * and the facilitators only, never to peers. The facilitator acts through a real Socket.IO client.
 * Screenshot: docs/screenshots/composer-muted-390.png.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { screenshotDir, signUpAndEnterRoom, useBrowserSuite } from '../testing/browser-harness';
import { connectClient, connected, request, signInFacilitator } from '../testing/hub-harness';
import { seriousViolations } from '../testing/axe-check';

describe('the composer says what holds it, in a browser', () => {
  const suite = useBrowserSuite();
  const newPerson = (width = 390) => suite.newPage({ viewport: { width, height: 800 }, timezoneId: 'Europe/Berlin', locale: 'en-US' });
  const hold = (page: Page) => page.locator('#composer-hold');
  const sendButton = (page: Page) => page.getByRole('button', { name: 'Send', exact: true });

  it('holds the send while muted, paused or slowed, says why and until when, and shows a mute to nobody else', async () => {
    const sessionId = suite.hub.demo.liveSessionId;
    const facilitator = connectClient(suite.hub, await signInFacilitator(suite.hub));
    await connected(facilitator);
    expect(await request(facilitator, 'session:join', { sessionId })).toMatchObject({ ok: true });
    const member = await newPerson();
    await signUpAndEnterRoom(member, suite.hub, { handle: `hold-${Date.now()}`, alias: 'Tired Lark' });
    const peer = await newPerson(1280);
    await signUpAndEnterRoom(peer, suite.hub, { handle: `peer-${Date.now()}`, alias: 'Kind Rowan' });
    const present = await request(facilitator, 'session:join', { sessionId });
    const memberRef = (present.ok ? present.data.presence as { memberRef: string; alias: string }[] : []).find((entry) => entry.alias === 'Tired Lark')!.memberRef;

    // Muted: the member reads until when, in their own zone; the draft stays; Send is held.
    await member.getByLabel('Message', { exact: true }).fill('a draft written while muted');
    expect(await request(facilitator, 'member:mute', { sessionId, memberRef, minutes: 15 })).toMatchObject({ ok: true });
    await hold(member).filter({ hasText: /muted you until \d{1,2}:\d{2}\s?[AP]M/ }).waitFor({ timeout: 10_000 });
    expect(await sendButton(member).isDisabled()).toBe(true);
    expect(await member.getByLabel('Message', { exact: true }).inputValue()).toBe('a draft written while muted');
    await member.screenshot({ path: path.join(screenshotDir, 'composer-muted-390.png'), fullPage: true });
    // Their own state, in the people view (the phone's other view).
    await member.getByRole('button', { name: /^People/ }).click();
    await member.getByRole('list', { name: 'Present' }).filter({ hasText: 'muted' }).waitFor({ timeout: 5000 });
    await member.getByRole('button', { name: 'Chat', exact: true }).click();
    expect(await seriousViolations(member, 'composer muted')).toEqual([]);
    // The peer sees nothing of it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await peer.getByRole('list', { name: 'Present' }).innerText()).not.toMatch(/muted/);

    // Unmuted: the hold goes, and the kept draft can be sent.
    expect(await request(facilitator, 'member:unmute', { sessionId, memberRef })).toMatchObject({ ok: true });
    await hold(member).filter({ hasText: /^$/ }).waitFor({ state: 'attached', timeout: 10_000 });
    await sendButton(member).click();
    await peer.getByRole('list', { name: 'Messages' }).getByText('a draft written while muted').waitFor({ timeout: 10_000 });

    // Paused, then resumed.
    expect(await request(facilitator, 'chat:set-pause', { sessionId, on: true })).toMatchObject({ ok: true });
    await hold(member).filter({ hasText: 'paused the chat' }).waitFor({ timeout: 10_000 });
    expect(await request(facilitator, 'chat:set-pause', { sessionId, on: false })).toMatchObject({ ok: true });
    await hold(member).filter({ hasText: /^$/ }).waitFor({ state: 'attached', timeout: 10_000 });

    // Slow mode: after a send, a countdown until the next one is allowed.
    expect(await request(facilitator, 'room:set-slow-mode', { sessionId, intervalSeconds: 30 })).toMatchObject({ ok: true });
    await member.getByRole('status').filter({ hasText: 'Slow mode' }).first().waitFor({ timeout: 10_000 });
    await member.getByLabel('Message', { exact: true }).fill('one message in slow mode');
    await member.keyboard.press('Enter');
    await hold(member).filter({ hasText: /Slow mode: you can send again in (29|30) s\./ }).waitFor({ timeout: 10_000 });
    expect(await sendButton(member).isDisabled()).toBe(true);
    expect(await request(facilitator, 'room:set-slow-mode', { sessionId, intervalSeconds: 0 })).toMatchObject({ ok: true });
    facilitator.disconnect();
  }, 60_000);
});
