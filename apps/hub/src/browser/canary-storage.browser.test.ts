/**
 * Nothing of a session stays in the browser, with 100 canaries: four members, each in a browser
 * context of their own, write 25 unique canary messages each through the web app, in turn (so no
 * connection comes near a per-connection packet budget; the suite's hub relaxes the per-member
 * message limit), a listener's socket hears all 100, the facilitator ends the session, every page
 * leaves the room, and none of the 100 is in any context's localStorage, sessionStorage, IndexedDB,
 * Cache Storage (service-worker caches included) or a service-worker registration. A positive
 * control first plants a probe in each store of each page and proves the reader finds it.
 */
import { useBrowserSuite, signUpAndEnterRoom } from '../testing/browser-harness';
import { browserStorageDump, plantStorageProbes, removeStorageProbes } from '../testing/browser-storage';
import { collect, connectClient, connected, pause, request, signInFacilitator, signUpMember } from '../testing/hub-harness';

const CANARIES = 100;
const WRITERS = 4;
/** Letters only after the index, so the composer's privacy guard (dates, record numbers) never stops one. */
const randomLetters = () => Array.from({ length: 12 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

describe('nothing of a session left in the browser, 100 canaries', () => {
  const suite = useBrowserSuite();

  it('after the session ends and the page leaves, no canary is in any browser storage', async () => {
    const sessionId = suite.hub.demo.liveSessionId;
    const listener = await signUpMember(suite.hub, { alias: 'Still Water' });
    const listenerSocket = connectClient(suite.hub, listener.cookie);
    await connected(listenerSocket);
    expect((await request(listenerSocket, 'session:join', { sessionId })).ok).toBe(true);
    const heard = collect<{ text: string }>(listenerSocket, 'message:posted');

    const pages = [];
    for (const alias of ['Night Owl', 'Quiet Heron', 'Calm River', 'Slow Tide'].slice(0, WRITERS)) {
      const page = await suite.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'America/Chicago', locale: 'en-US' });
      await signUpAndEnterRoom(page, suite.hub, { handle: `storage-${randomLetters()}`, alias });
      // The positive control, on this very page: a probe in each store is found, then taken out.
      const marker = `probe-${randomLetters()}`;
      const probes = await plantStorageProbes(page, marker);
      const probed = await browserStorageDump(page);
      for (const probe of probes) expect(probed).toContain(probe);
      await removeStorageProbes(page, marker);
      expect(await browserStorageDump(page)).not.toContain(marker);
      pages.push(page);
    }

    const canaries = Array.from({ length: CANARIES }, (_, index) => `canary-${index}-${randomLetters()}`);
    for (const [index, canary] of canaries.entries()) {
      const page = pages[index % pages.length]!;
      const composer = page.getByLabel('Message', { exact: true });
      await composer.fill(`kept nowhere ${canary}`);
      await composer.press('Enter');
      await page.waitForFunction(() => (document.getElementById('composer-text') as HTMLTextAreaElement | null)?.value === '', undefined, { timeout: 5000 });
    }
    for (let wait = 0; wait < 100 && heard.length < CANARIES; wait += 1) await pause(100);
    expect(canaries.filter((canary) => !heard.some((message) => message.text.includes(canary)))).toEqual([]);
    await pages[0]!.getByRole('list', { name: 'Messages' }).filter({ hasText: canaries.at(-1)! }).waitFor({ timeout: 10_000 });

    // The facilitator ends the session; the member sees it close, then leaves the page.
    const facilitatorSocket = connectClient(suite.hub, await signInFacilitator(suite.hub));
    await connected(facilitatorSocket);
    expect((await request(facilitatorSocket, 'session:join', { sessionId })).ok).toBe(true);
    expect((await request(facilitatorSocket, 'session:end', { sessionId })).ok).toBe(true);
    for (const page of pages) {
      await page.getByRole('heading', { name: /session ended/i }).waitFor({ timeout: 10_000 });
      await page.goto(`${suite.hub.url}/groups`);
      await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 10_000 });
      // The web app's service worker is installed and its shell cache filled: the search reads both.
      await page.evaluate(() => Promise.race([navigator.serviceWorker.ready, new Promise((resolve) => setTimeout(resolve, 10_000))]));
      const stored = await browserStorageDump(page);
      expect(stored).toMatch(/^service worker http:\/\/127\.0\.0\.1:\d+\/ \S+service-worker\.js$/m);
      expect(stored).toContain('respite-shell-');
      expect(canaries.filter((canary) => stored.includes(canary))).toEqual([]);
      expect(stored).not.toContain('canary-');
      expect(stored).not.toContain('kept nowhere');
    }
    listenerSocket.disconnect();
    facilitatorSocket.disconnect();
  }, 180_000);
});
