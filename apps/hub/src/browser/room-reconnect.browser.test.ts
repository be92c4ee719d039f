/**
 * What a person sees after a reconnect or a reload, in a real Chromium through the real web app
 * (issue 18): the screen shows what the room holds, not only what the page happened to hear.
 * - A member offline for 10 s while others talk, react and a facilitator deletes two messages (one
 *   the member had seen, one they never saw): back online, every message once and in order, both
 *   deleted ones gone, the reaction counts right, the connection state announced on the way.
 * - A member's reload with an open private check-in: the panel is back.
 * - A facilitator's reload with an open crisis alert: the alert is back, with its time, until acknowledged.
 * The network cut is a WebSocket route that closes the page's socket and refuses new ones
 * (Chromium's offline emulation does not reach WebSockets).
 */
import path from 'node:path';
import type { Page, WebSocketRoute } from 'playwright-core';
import { newEntityId } from '../random-ids';
import { facilitatorEntersRoom, screenshotDir, signUpAndEnterRoom, useBrowserSuite } from '../testing/browser-harness';
import { type ClientSocket, connectClient, connected, request, signInFacilitator, signUpMember } from '../testing/hub-harness';

describe('the room after a reconnect or a reload, in a browser', () => {
  const suite = useBrowserSuite();
  const sockets: ClientSocket[] = [];
  const newPerson = () => suite.newPage({ viewport: { width: 1280, height: 1000 }, timezoneId: 'Europe/Dublin', locale: 'en-US' });
  const sessionId = () => suite.hub.demo.liveSessionId;
  afterAll(() => {
    for (const socket of sockets) socket.disconnect();
  });

  /** A person in the room through a real Socket.IO client, for the others' side of the story. */
  async function inRoomBySocket(cookie: string) {
    const socket = connectClient(suite.hub, cookie);
    sockets.push(socket);
    await connected(socket);
    const joined = await request(socket, 'session:join', { sessionId: sessionId() });
    if (!joined.ok) throw new Error(`join failed: ${JSON.stringify(joined)}`);
    const send = async (text: string) => {
      const sent = await request(socket, 'message:send', { sessionId: sessionId(), clientId: newEntityId(), text });
      if (!sent.ok) throw new Error(`send failed: ${JSON.stringify(sent)}`);
      return sent.data.id as string;
    };
    return { socket, self: joined.data.self as { memberRef: string; alias: string }, send };
  }

  /** Lets the page's room socket be cut and kept cut, as a lost network would. */
  async function cuttableNetwork(page: Page) {
    let cut = false;
    const open = new Set<WebSocketRoute>();
    await page.routeWebSocket(/\/socket\.io\//, (route) => {
      if (cut) return void route.close({ code: 1006 }).catch(() => undefined);
      route.connectToServer();
      open.add(route);
    });
    return {
      cut: async () => {
        cut = true;
        for (const route of open) await route.close({ code: 1006 }).catch(() => undefined);
        open.clear();
      },
      restore: () => {
        cut = false;
      },
    };
  }

  const messageTexts = (page: Page) => page.getByRole('list', { name: 'Messages' }).locator('li p.text').allInnerTexts();

  it('brings a member back after 10 s offline: every message once, in order, the deleted ones gone, reactions right', async () => {
    const page = await newPerson();
    const network = await cuttableNetwork(page);
    await signUpAndEnterRoom(page, suite.hub, { handle: `offline-${Date.now()}`, alias: 'Patient Otter' });
    const other = await inRoomBySocket((await signUpMember(suite.hub)).cookie);
    const facilitator = await inRoomBySocket(await signInFacilitator(suite.hub));
    const seen = await other.send('reconnect: seen before going offline');
    const list = page.getByRole('list', { name: 'Messages' });
    await list.getByText('reconnect: seen before going offline').waitFor({ timeout: 10_000 });

    await network.cut();
    await page.getByTestId('connection-state').filter({ hasText: /Reconnecting|Offline/ }).waitFor({ timeout: 10_000 });
    const first = await other.send('reconnect: one, while away');
    const unseen = await other.send('reconnect: two, deleted while away');
    await other.send('reconnect: three, while away');
    for (const messageId of [seen, unseen]) expect(await request(facilitator.socket, 'message:delete', { sessionId: sessionId(), messageId })).toMatchObject({ ok: true });
    for (const reactor of [other, facilitator]) expect(await request(reactor.socket, 'reaction:add', { sessionId: sessionId(), messageId: first, reaction: 'heart' })).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 10_000));

    network.restore();
    await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ timeout: 30_000 });
    await list.getByText('reconnect: three, while away').waitFor({ timeout: 10_000 });
    await list.getByText('reconnect: seen before going offline').waitFor({ state: 'detached', timeout: 10_000 });
    const texts = (await messageTexts(page)).filter((text) => text.startsWith('reconnect:'));
    expect(texts).toEqual(['reconnect: one, while away', 'reconnect: three, while away']);
    const firstItem = list.locator('li', { hasText: 'reconnect: one, while away' });
    await firstItem.getByLabel('Reactions').getByText('Heart, 2').waitFor({ timeout: 5000 });
    await page.screenshot({ path: path.join(screenshotDir, 'room-after-reconnect-1280.png'), fullPage: true });
  }, 90_000);

  it('gives a member their open check-in back after a reload', async () => {
    const page = await newPerson();
    await signUpAndEnterRoom(page, suite.hub, { handle: `checkin-${Date.now()}`, alias: 'Gentle Finch' });
    const facilitator = await inRoomBySocket(await signInFacilitator(suite.hub));
    const present = await request(facilitator.socket, 'session:join', { sessionId: sessionId() });
    const member = (present.ok ? present.data.presence as { memberRef: string; alias: string }[] : []).find((entry) => entry.alias === 'Gentle Finch');
    expect(member).toBeDefined();
    expect(await request(facilitator.socket, 'check-in:open', { sessionId: sessionId(), memberRef: member!.memberRef })).toMatchObject({ ok: true });
    const panel = page.getByRole('heading', { name: 'Private check-in' });
    await panel.waitFor({ timeout: 10_000 });

    await page.reload();
    await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ timeout: 10_000 });
    await panel.waitFor({ timeout: 10_000 });
    await page.getByLabel('Reply privately').waitFor();
  }, 60_000);

  it('gives a facilitator an open crisis alert back after a reload, with its time, until acknowledged; the member is told a facilitator was reached', async () => {
    const facilitatorPage = await newPerson();
    await facilitatorEntersRoom(facilitatorPage, suite.hub);
    const memberPage = await newPerson();
    await signUpAndEnterRoom(memberPage, suite.hub, { handle: `alert-${Date.now()}`, alias: 'Brave Heron' });
    await memberPage.getByRole('button', { name: 'I need support now' }).click();
    await memberPage.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await memberPage.getByRole('complementary', { name: 'Support, whenever you want it' }).getByText('A facilitator in this room has been told').waitFor({ timeout: 10_000 });

    const alerts = facilitatorPage.getByLabel('Crisis alerts');
    await alerts.filter({ hasText: 'Brave Heron' }).waitFor({ timeout: 10_000 });
    await facilitatorPage.reload();
    await facilitatorPage.getByRole('heading', { name: /Facilitator console/ }).waitFor({ timeout: 10_000 });
    const alert = alerts.locator('li', { hasText: 'Brave Heron' });
    await alert.waitFor({ timeout: 10_000 });
    // Its time, in the viewer's zone (the page is in Europe/Dublin).
    expect(await alert.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await alert.locator('time').innerText()).toMatch(/^\d{1,2}:\d{2}\s?[AP]M$/);
    await facilitatorPage.screenshot({ path: path.join(screenshotDir, 'facilitator-alert-after-reload-1280.png'), fullPage: true });

    await alert.getByRole('button', { name: 'Acknowledge the alert about Brave Heron' }).click();
    await alert.waitFor({ state: 'detached', timeout: 10_000 });
    await facilitatorPage.reload();
    await facilitatorPage.getByRole('heading', { name: /Facilitator console/ }).waitFor({ timeout: 10_000 });
    await facilitatorPage.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await alerts.locator('li', { hasText: 'Brave Heron' }).count()).toBe(0);
  }, 60_000);
});
