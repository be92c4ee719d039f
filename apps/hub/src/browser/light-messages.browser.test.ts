/**
 * Light messages, in a real Chromium (issue 19): the list is one Tab stop (a roving tabindex moved
 * by the arrow keys), each message's reactions and Report sit behind one "Respond" control, one's
 * own reactions are marked, a run of messages by one alias shows the alias once, and a reader
 * scrolled up is told of new messages by a marker and a button. Axe: 0 violations of any impact.
 * Screenshot: docs/screenshots/light-messages-1280.png.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { newEntityId } from '../random-ids';
import { screenshotDir, signUpAndEnterRoom, useBrowserSuite } from '../testing/browser-harness';
import { type ClientSocket, connectClient, connected, request, signUpMember } from '../testing/hub-harness';
import { axeViolations } from '../testing/axe-check';

describe('light messages in the room, in a browser', () => {
  const suite = useBrowserSuite();
  const sockets: ClientSocket[] = [];
  afterAll(() => { for (const socket of sockets) socket.disconnect(); });
  const sessionId = () => suite.hub.demo.liveSessionId;

  async function peerInRoom() {
    const socket = connectClient(suite.hub, (await signUpMember(suite.hub)).cookie);
    sockets.push(socket);
    await connected(socket);
    const joined = await request(socket, 'session:join', { sessionId: sessionId() });
    if (!joined.ok) throw new Error(`join failed: ${JSON.stringify(joined)}`);
    return {
      alias: joined.data.self.alias as string,
      send: async (text: string) => {
        const sent = await request(socket, 'message:send', { sessionId: sessionId(), clientId: newEntityId(), text });
        if (!sent.ok) throw new Error(`send failed: ${JSON.stringify(sent)}`);
      },
    };
  }

  const focused = (page: Page) => page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return element?.dataset.message ? `message:${element.textContent?.match(/light: [a-z ]+\d*/)?.[0] ?? ''}` : (element?.getAttribute('aria-label') ?? element?.textContent?.trim() ?? '');
  });

  it('reaches every message with one Tab stop and the arrow keys, responds behind one control, marks own reactions and groups a run', async () => {
    const page = await suite.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
    await signUpAndEnterRoom(page, suite.hub, { handle: `light-${Date.now()}`, alias: 'Even Larch' });
    const peer = await peerInRoom();
    for (let index = 1; index <= 6; index += 1) await peer.send(`light: in a row ${index}`);
    const list = page.getByRole('list', { name: 'Messages' });
    await list.getByText('light: in a row 6').waitFor({ timeout: 10_000 });

    // Focus is in the composer on entry. Shift+Tab: the newest message (its Respond shows once it holds the focus).
    expect(await page.getByLabel('Message', { exact: true }).evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('message:light: in a row 6');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe(`Respond to ${peer.alias}’s message`);
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('message:light: in a row 6');
    // One more Shift+Tab leaves the list: none of the other five messages is a Tab stop.
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).not.toMatch(/^message:|^Respond/);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('message:light: in a row 6');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toBe('message:light: in a row 4');
    await page.keyboard.press('Home');
    expect(await focused(page)).toMatch(/^message:/);
    await page.keyboard.press('End');
    expect(await focused(page)).toBe('message:light: in a row 6');
    await page.keyboard.press('ArrowUp');

    // Respond on the message holding the stop: the five reactions and Report, behind one control.
    const fifth = list.locator('li', { hasText: 'light: in a row 5' });
    expect(await fifth.getByRole('button', { name: 'Report' }).count()).toBe(0);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe(`Respond to ${peer.alias}’s message`);
    await page.keyboard.press('Enter');
    await fifth.getByRole('button', { name: 'Report' }).waitFor();
    await fifth.getByRole('button', { name: 'Heart' }).click();
    await fifth.getByLabel('Reactions').getByText('Heart, 1, yours among them').waitFor({ timeout: 5000 });
    expect(await fifth.getByRole('button', { name: 'Report' }).count()).toBe(0);
    expect(await focused(page)).toBe(`Respond to ${peer.alias}’s message`);
    await page.keyboard.press('Enter');
    expect(await fifth.getByRole('button', { name: 'Heart' }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Escape');
    await fifth.getByRole('button', { name: 'Report' }).waitFor({ state: 'detached' });

    // A run by one alias: the alias is shown once, and still read out on every message.
    const aliasesShown = await list.locator('li', { hasText: 'light: in a row' }).evaluateAll((items) => items.map((item) => {
      const heading = item.querySelector('.meta') as HTMLElement;
      return heading.getBoundingClientRect().width > 1;
    }));
    expect(aliasesShown).toEqual([true, false, false, false, false, false]);
    await list.locator('li', { hasText: 'light: in a row 3' }).getByText(peer.alias).waitFor({ state: 'attached' });

    await page.screenshot({ path: path.join(screenshotDir, 'light-messages-1280.png') });
    expect(await axeViolations(page, 'light messages, a response open then closed')).toEqual([]);
  }, 60_000);

  it('marks new messages while the reader is scrolled up, and brings them into view on request', async () => {
    const page = await suite.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, timezoneId: 'America/Chicago', locale: 'en-US' });
    await signUpAndEnterRoom(page, suite.hub, { handle: `marker-${Date.now()}`, alias: 'Still Rowan' });
    const peer = await peerInRoom();
    for (let index = 1; index <= 14; index += 1) await peer.send(`light: backlog ${index} ${'so much to say about this week '.repeat(3)}`);
    const list = page.getByRole('list', { name: 'Messages' });
    await list.getByText(/light: backlog 14/).waitFor({ timeout: 10_000 });
    const scroller = list.locator('xpath=..');
    await scroller.evaluate((element) => { element.scrollTop = 0; element.dispatchEvent(new Event('scroll')); });
    await peer.send('light: arrived while scrolled up one');
    await peer.send('light: arrived while scrolled up two');
    const jump = page.getByRole('button', { name: '2 new messages ↓' });
    await jump.waitFor({ timeout: 10_000 });
    const marked = list.locator('li', { hasText: 'light: arrived while scrolled up one' });
    await marked.getByText('New messages').waitFor();
    expect(await scroller.evaluate((element) => element.scrollTop)).toBe(0);
    await page.screenshot({ path: path.join(screenshotDir, 'new-messages-marker-390.png') });
    expect(await axeViolations(page, 'the new-messages marker on a phone')).toEqual([]);
    await jump.click();
    await jump.waitFor({ state: 'detached', timeout: 5000 });
    const inView = await list.getByText('light: arrived while scrolled up two').evaluate((element) => {
      const box = element.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);
  }, 60_000);
});
