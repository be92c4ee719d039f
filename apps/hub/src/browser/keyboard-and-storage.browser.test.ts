/**
 * Keyboard only, in a real Chromium: a newcomer signs up, joins the demo group, enters the room and
 * sends a message with Tab, Shift+Tab, Enter, Space and typed characters only (no clicks), and
 * focus reaches each control in order. Then the facilitator ends the session, the tab navigates
 * away, and no message text (a canary) remains in localStorage, sessionStorage, IndexedDB or the
 * Cache Storage. Never logs message text other than its own canary.
 */
import { useBrowserSuite } from '../testing/browser-harness';
import { browserStorageDump, plantStorageProbes } from '../testing/browser-storage';
import { connectClient, connected, nextEvent, request, signInFacilitator, signUpMember } from '../testing/hub-harness';
import { focusedName, tabTo } from '../testing/keyboard-focus';

const PASSPHRASE = 'evening light on the river';

describe('keyboard only, and nothing of a session left in the browser', () => {
  const suite = useBrowserSuite();

  it('signs up, joins and sends a message with the keyboard alone; after the close nothing of it is stored', async () => {
    const listener = await signUpMember(suite.hub, { alias: 'Still Water' });
    const listenerSocket = connectClient(suite.hub, listener.cookie);
    await connected(listenerSocket);
    expect((await request(listenerSocket, 'session:join', { sessionId: suite.hub.demo.liveSessionId })).ok).toBe(true);

    const context = await suite.newContext({ viewport: { width: 390, height: 844 }, timezoneId: 'America/Chicago', locale: 'en-US' });
    const page = await context.newPage();
    const visited: string[] = [];
    await page.goto(`${suite.hub.url}/signup`);
    await page.getByLabel('Invite code').waitFor();

    // Sign-up: the fields in reading order, then the button. Shift+Tab goes back one field.
    await tabTo(page, /^Skip to content$/, visited);
    await tabTo(page, /^Invite code/, visited);
    await page.keyboard.type(suite.hub.demo.inviteCode);
    await tabTo(page, /^Handle/, visited, 1);
    await page.keyboard.press('Shift+Tab');
    expect(await focusedName(page)).toMatch(/^Invite code/);
    await tabTo(page, /^Handle/, visited, 1);
    await page.keyboard.type(`keys-${Date.now()}`);
    await tabTo(page, /^Passphrase/, visited, 3);
    await page.keyboard.type(PASSPHRASE);
    await tabTo(page, /^Confirm passphrase/, visited, 3);
    await page.keyboard.type(PASSPHRASE);
    await tabTo(page, /^Create my account$/, visited, 6);
    await page.keyboard.press('Enter');

    // The recovery code: copy and download are reachable, then the promise and continue.
    await page.getByTestId('recovery-code').waitFor({ timeout: 15_000 });
    await tabTo(page, /copy/i, visited);
    await tabTo(page, /download/i, visited);
    await tabTo(page, /^I have saved my recovery code$/, visited);
    await page.keyboard.press('Space');
    expect(await page.getByLabel('I have saved my recovery code').isChecked()).toBe(true);
    await tabTo(page, /^Continue to my groups$/, visited);
    await page.keyboard.press('Enter');

    // Join the group.
    await page.getByRole('link', { name: /join this group/i }).first().waitFor({ timeout: 10_000 });
    await tabTo(page, /join this group/i, visited);
    await page.keyboard.press('Enter');
    await page.getByLabel('Alias').waitFor();
    await tabTo(page, /^Alias/, visited);
    await page.keyboard.type('Night Owl');
    await tabTo(page, /^I accept these norms$/, visited);
    await page.keyboard.press('Space');
    await tabTo(page, /^Join group$/, visited);
    await page.keyboard.press('Enter');

    // The session is open, so joining enters the room, with the focus in the composer: type and send.
    await page.waitForURL(/\/sessions\//, { timeout: 10_000 });
    await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => document.activeElement?.id === 'composer-text', undefined, { timeout: 5000 });
    visited.push(await focusedName(page));
    const canary = `canary-${Date.now()}-keyboard only, kept nowhere`;
    const heard = nextEvent(listenerSocket, 'message:posted', 10_000);
    await page.keyboard.type(canary);
    await tabTo(page, /^Send$/, visited, 8);
    await page.keyboard.press('Enter');
    expect(JSON.stringify(await heard)).toContain(canary);
    await page.getByRole('list', { name: 'Messages' }).filter({ hasText: canary }).waitFor({ timeout: 10_000 });
    expect(visited.length).toBeGreaterThanOrEqual(16);

    // The facilitator ends the session; the member sees it close, then leaves the page.
    const facilitatorSocket = connectClient(suite.hub, await signInFacilitator(suite.hub));
    await connected(facilitatorSocket);
    expect((await request(facilitatorSocket, 'session:join', { sessionId: suite.hub.demo.liveSessionId })).ok).toBe(true);
    expect((await request(facilitatorSocket, 'session:end', { sessionId: suite.hub.demo.liveSessionId })).ok).toBe(true);
    await page.getByRole('heading', { name: /session ended/i }).waitFor({ timeout: 10_000 });
    await page.getByText('Its messages have been erased from our servers.').waitFor({ timeout: 5000 });
    expect(await page.locator('body').innerText()).not.toContain(canary);
    await page.goto(`${suite.hub.url}/groups`);
    await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 10_000 });

    const stored = await browserStorageDump(page);
    expect(stored).not.toContain(canary);
    expect(stored).not.toContain('canary-');

    // The reader itself sees all four stores: a probe written to each is found.
    const probes = await plantStorageProbes(page, 'probe');
    const probed = await browserStorageDump(page);
    for (const probe of probes) expect(probed).toContain(probe);

    listenerSocket.disconnect();
    facilitatorSocket.disconnect();
  }, 120_000);
});
