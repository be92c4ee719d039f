/**
 * The room on a phone at 9 pm, and the facilitator's room beside the chat, in a real Chromium
 * (issue 19). At 360×740 and 390×844, with 1 and with 12 present: on entry the composer and the
 * last message are inside the viewport, the room is no taller than the screen (only the message
 * list scrolls), and room notices sit by the composer. A facilitator at 1280 px has the console
 * beside the chat with the alerts in view; on a phone the console is the other view, behind a
 * switch whose badge counts new alerts. A report shows the message it is about and can bring it into view. Screenshots: docs/screenshots/phone-room-*.png.
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { facilitatorEntersRoom, screenshotDir, signUpAndEnterRoom, useBrowserSuite } from '../testing/browser-harness';
import { type ClientSocket, connectClient, connected, request, signInFacilitator, signUpMember } from '../testing/hub-harness';
import { roomForEveryone } from '../testing/moderation-fixtures';
import { newEntityId } from '../random-ids';

describe('the room on a phone, and the facilitator\'s room beside the chat', () => {
  const suite = useBrowserSuite();
  const others: ClientSocket[] = [];
  const sessionId = () => suite.hub.demo.liveSessionId;
  beforeAll(async () => roomForEveryone(suite.hub));
  afterAll(() => {
    for (const socket of others) socket.disconnect();
  });

  /** Members in the room through real sockets, so the page has company. */
  async function othersInRoom(count: number): Promise<void> {
    while (others.length < count) {
      const socket = connectClient(suite.hub, (await signUpMember(suite.hub)).cookie);
      others.push(socket);
      await connected(socket);
      expect(await request(socket, 'session:join', { sessionId: sessionId() })).toMatchObject({ ok: true });
    }
  }

  async function inViewport(page: Page, locator: Locator, what: string): Promise<void> {
    const box = await locator.boundingBox();
    const viewport = page.viewportSize()!;
    expect({ what, box: box !== null, top: (box?.y ?? -1) >= 0, bottom: (box ? box.y + box.height : Infinity) <= viewport.height + 1 })
      .toEqual({ what, box: true, top: true, bottom: true });
  }

  const sizes = [{ width: 360, height: 740 }, { width: 390, height: 844 }];
  for (const present of [1, 12]) {
    for (const size of sizes) {
      it(`keeps the composer and the last message in view on entry at ${size.width}×${size.height} with ${present} present`, async () => {
        await othersInRoom(present - 1);
        if (others[0]) expect(await request(others[0], 'message:send', { sessionId: sessionId(), clientId: newEntityId(), text: `phone: the latest message before ${size.width}/${present}` })).toMatchObject({ ok: true });
        const page = await suite.newPage({ viewport: size, timezoneId: 'America/Chicago', locale: 'en-US', hasTouch: true, isMobile: true });
        const alias = `Night Shift ${['Ash', 'Bay', 'Cove', 'Dune'][sizes.indexOf(size) + (present > 1 ? 2 : 0)]}`;
        await signUpAndEnterRoom(page, suite.hub, { handle: `phone-${size.width}-${present}-${Date.now()}`, alias });
        await page.getByLabel('Message', { exact: true }).fill(`phone: my own line at ${size.width} with ${present}`);
        await page.keyboard.press('Enter');
        const last = page.getByRole('list', { name: 'Messages' }).locator('li', { hasText: `phone: my own line at ${size.width} with ${present}` });
        await last.waitFor({ timeout: 10_000 }).catch(async (error: unknown) => {
          await page.screenshot({ path: `/tmp/phone-fail-${size.width}-${present}.png` });
          throw error;
        });
        await page.waitForTimeout(200);
        await inViewport(page, page.getByLabel('Message', { exact: true }), 'the composer');
        await inViewport(page, page.getByRole('button', { name: 'Send', exact: true }), 'the send button');
        await inViewport(page, last, 'the last message');
        await inViewport(page, page.getByRole('button', { name: 'I need support now' }), 'the support button');
        // The room fits the screen: the page does not need to scroll to reach any of it.
        const room = await page.locator('.room').boundingBox();
        expect(room!.height).toBeLessThanOrEqual(size.height + 1);
        // People are the other view, a tap away.
        await page.getByRole('button', { name: `People (${present})` }).click();
        await page.getByRole('heading', { name: `Present (${present})` }).waitFor({ timeout: 5000 });
        await page.getByRole('button', { name: 'Chat', exact: true }).click();
        await page.screenshot({ path: path.join(screenshotDir, `phone-room-${size.width}-${present}.png`) });
        await page.context().close();
      }, 60_000);
    }
  }

  it('puts a notice next to the composer, not above the room', async () => {
    const facilitator = connectClient(suite.hub, await signInFacilitator(suite.hub));
    others.push(facilitator);
    await connected(facilitator);
    expect(await request(facilitator, 'session:join', { sessionId: sessionId() })).toMatchObject({ ok: true });
    const page = await suite.newPage({ viewport: { width: 360, height: 740 }, timezoneId: 'America/Chicago', locale: 'en-US' });
    await signUpAndEnterRoom(page, suite.hub, { handle: `notice-${Date.now()}`, alias: 'Late Swift' });
    expect(await request(facilitator, 'notice:pin', { sessionId: sessionId(), text: 'Take a breath. We are here.' })).toMatchObject({ ok: true });
    const notice = page.getByText('Take a breath. We are here.');
    await notice.waitFor({ timeout: 10_000 });
    await inViewport(page, notice, 'the pinned notice');
    await inViewport(page, page.getByLabel('Message', { exact: true }), 'the composer');
    const noticeBox = (await notice.boundingBox())!;
    const composerBox = (await page.getByLabel('Message', { exact: true }).boundingBox())!;
    expect(composerBox.y - (noticeBox.y + noticeBox.height)).toBeLessThan(200);
    expect(await request(facilitator, 'notice:pin', { sessionId: sessionId(), text: null })).toMatchObject({ ok: true });
    await page.context().close();
  }, 60_000);

  it('gives a facilitator the console beside the chat on a desktop, and behind a switch with a badge on a phone', async () => {
    const desktop = await suite.newPage({ viewport: { width: 1280, height: 800 }, timezoneId: 'America/Chicago', locale: 'en-US' });
    await facilitatorEntersRoom(desktop, suite.hub);
    const phone = await suite.newPage({ viewport: { width: 390, height: 844 }, timezoneId: 'America/Chicago', locale: 'en-US', hasTouch: true, isMobile: true });
    await facilitatorEntersRoom(phone, suite.hub);
    const member = others[0]!;
    expect(await request(member, 'support:request', { sessionId: sessionId() })).toMatchObject({ ok: true });

    const alerts = desktop.getByLabel('Crisis alerts');
    await alerts.waitFor({ timeout: 10_000 });
    const chat = (await desktop.getByRole('region', { name: 'Conversation' }).boundingBox())!;
    const console = (await desktop.getByRole('region', { name: /Facilitator console/ }).boundingBox())!;
    expect(console.x).toBeGreaterThanOrEqual(chat.x + chat.width - 1);
    await inViewport(desktop, alerts, 'the crisis alerts (desktop)');
    // A report shows the message it is about, and "Show it" brings that message into view, focused.
    const reported = await request(others[1]!, 'message:send', { sessionId: sessionId(), clientId: newEntityId(), text: 'phone: a message someone reports' });
    expect(reported).toMatchObject({ ok: true });
    expect(await request(others[0]!, 'message:report', { sessionId: sessionId(), messageId: reported.ok ? reported.data.id : '', reason: 'felt unkind' })).toMatchObject({ ok: true });
    const report = desktop.getByLabel('Reports').locator('li', { hasText: 'felt unkind' });
    await report.locator('blockquote', { hasText: 'phone: a message someone reports' }).waitFor({ timeout: 10_000 });
    await report.getByRole('button', { name: /^Show it/ }).click();
    await desktop.waitForFunction((id) => document.activeElement?.id === `message-${id}`, reported.ok ? reported.data.id : '', { timeout: 5000 });
    await desktop.screenshot({ path: path.join(screenshotDir, 'facilitator-room-1280.png') });

    const toConsole = phone.getByRole('button', { name: /Console and people/ });
    await toConsole.filter({ hasText: /[1-9]/ }).waitFor({ timeout: 10_000 });
    await toConsole.click();
    const phoneAlerts = phone.getByLabel('Crisis alerts');
    await phoneAlerts.waitFor({ timeout: 5000 });
    await inViewport(phone, phoneAlerts, 'the crisis alerts (phone)');
    await phone.screenshot({ path: path.join(screenshotDir, 'facilitator-room-phone-390.png') });
  }, 60_000);
});
