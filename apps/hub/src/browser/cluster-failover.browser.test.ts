/**
 * A hub node killed under two browsers (issue 18): two hub processes on the real Redis behind a
 * loopback balancer, two members in the live room in Chromium through the real web app. The node
 * holding a member's WebSocket is killed with SIGKILL; both pages carry on: the page on the dead
 * node shows that it is reconnecting, comes back through the balancer to the other node, and each
 * page then shows every message (sent before the kill, and typed while the node was down) exactly
 * once, in the same order.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signUpAndEnterRoom } from '../testing/browser-harness';
import type { TestHub } from '../testing/hub-harness';
import { type HubProcess, freePort, startHubProcess } from '../testing/hub-process';
import { type LoopbackBalancer, startLoopbackBalancer } from '../testing/loopback-balancer';
import { deleteKeysWithPrefix, openTestRedis, uniqueKeyPrefix } from '../testing/redis-test-env';

describe('a hub node killed under two browsers', () => {
  const keyPrefix = uniqueKeyPrefix();
  const nodes: HubProcess[] = [];
  let balancer: LoopbackBalancer;
  let browser: Browser;
  let service: TestHub;
  const alive = (node: HubProcess) => node.child.exitCode === null && node.child.signalCode === null;

  beforeAll(async () => {
    const port = await freePort();
    const env = { ALLOWED_ORIGINS: `http://127.0.0.1:${port}`, DRAIN_DELAY_MS: '0' };
    nodes.push(await startHubProcess({ keyPrefix, seedDemo: true, env }));
    nodes.push(await startHubProcess({ keyPrefix, env }));
    balancer = await startLoopbackBalancer(nodes.map((node) => ({ port: Number(new URL(node.url).port), isAlive: () => alive(node) })), port);
    const inviteCode = /"inviteCode":"([A-Z0-9-]+)"/.exec(nodes[0]!.logs.join(''))![1]!;
    // The browser harness's journeys need only the service's address and the demo's invite code.
    service = { url: balancer.url, origin: balancer.url, demo: { inviteCode, groupId: '', liveSessionId: '' } } as unknown as TestHub;
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await balancer?.close();
    for (const node of nodes) if (alive(node)) node.child.kill('SIGKILL');
    const redis = openTestRedis();
    await deleteKeysWithPrefix(redis, keyPrefix);
    redis.disconnect();
  });

  async function member(alias: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'America/Chicago', locale: 'en-US' })).newPage();
    await signUpAndEnterRoom(page, service, { handle: `failover-${alias.toLowerCase().replace(/\W/g, '')}-${Date.now()}`, alias });
    return page;
  }

  async function send(page: Page, text: string): Promise<void> {
    await page.getByLabel('Message', { exact: true }).fill(text);
    await page.keyboard.press('Enter');
  }

  const texts = async (page: Page) => (await page.getByRole('list', { name: 'Messages' }).locator('li p.text').allInnerTexts()).filter((text) => text.startsWith('failover:'));

  it('keeps both rooms going, with nothing lost or doubled, when the node holding a WebSocket dies', async () => {
    const ana = await member('Calm Ibis');
    const ben = await member('Warm Basil');
    await send(ana, 'failover: ana before');
    await send(ben, 'failover: ben before');
    for (const page of [ana, ben]) await page.getByRole('list', { name: 'Messages' }).getByText('failover: ben before').waitFor({ timeout: 10_000 });

    const held = balancer.openWebSockets();
    const victim = held[0]! >= held[1]! ? 0 : 1;
    expect(held[victim]).toBeGreaterThan(0);
    nodes[victim]!.child.kill('SIGKILL');
    await nodes[victim]!.exited;

    // Typed while the node is down, or just after: sent (or re-sent with the same client id) once back.
    await send(ana, 'failover: ana after');
    await send(ben, 'failover: ben after');
    for (const page of [ana, ben]) {
      await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ timeout: 30_000 });
      for (const text of ['failover: ana after', 'failover: ben after']) {
        await page.getByRole('list', { name: 'Messages' }).locator('li:not(.pending)', { hasText: text }).waitFor({ timeout: 30_000 });
      }
    }
    const seenByAna = await texts(ana);
    const seenByBen = await texts(ben);
    for (const seen of [seenByAna, seenByBen]) {
      expect([...seen].sort()).toEqual(['failover: ana after', 'failover: ana before', 'failover: ben after', 'failover: ben before']);
    }
    expect(seenByAna).toEqual(seenByBen);
    expect(balancer.openWebSockets()[1 - victim]).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
