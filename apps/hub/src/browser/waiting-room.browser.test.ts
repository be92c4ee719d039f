/**
 * The manual-admission waiting room in a real Chromium on the real Redis: a member held there sees
 * which group's room they are waiting for and that a facilitator will admit them, and the room
 * opens by itself once a facilitator does. Checked with axe-core.
 */
import type { RoomModerationView } from '@respite/protocol';
import { seriousViolations } from '../testing/axe-check';
import { facilitatorEntersRoom, useBrowserSuite } from '../testing/browser-harness';
import { type ClientSocket, connectClient, connected, request, signInFacilitator, signUpMember } from '../testing/hub-harness';

describe('the waiting room', () => {
  const suite = useBrowserSuite({ stores: 'redis' });
  let facilitator: ClientSocket | undefined;
  afterAll(() => {
    facilitator?.disconnect();
  });

  it('names the group and says a facilitator will admit the member, then opens when they do', async () => {
    const { hub } = suite;
    const sessionId = hub.demo.liveSessionId;
    facilitator = connectClient(hub, await signInFacilitator(hub));
    await connected(facilitator);
    expect((await request(facilitator, 'session:join', { sessionId })).ok).toBe(true);
    expect((await request(facilitator, 'room:set-admission', { sessionId, mode: 'manual' })).ok).toBe(true);
    const waiting = new Promise<RoomModerationView['waiting']>((resolve) => {
      facilitator!.on('room:moderation-changed', (view) => view.waiting.length > 0 && resolve(view.waiting));
    });

    const member = await signUpMember(hub, { alias: 'Patient Plover' });
    const page = await suite.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await page.goto(`${hub.url}/signin?next=${encodeURIComponent(`/sessions/${sessionId}`)}`);
    await page.getByLabel('Handle', { exact: true }).fill(member.handle);
    await page.getByLabel('Passphrase', { exact: true }).fill(member.passphrase);
    await page.getByRole('button', { name: /sign in/i }).click();

    const notice = page.getByRole('status').filter({ hasText: 'You are in the waiting room of Sunday Evening Circle.' });
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.innerText()).toContain('a facilitator will admit you');
    await page.getByRole('heading', { name: 'Sunday Evening Circle', level: 1 }).waitFor();
    expect(await page.title()).toBe('Sunday Evening Circle · waiting room · Respite');
    const composer = page.getByLabel('Message', { exact: true });
    expect(await composer.isDisabled()).toBe(true);
    expect(await seriousViolations(page, 'waiting room')).toEqual([]);

    const [entry] = await waiting;
    expect(entry?.alias).toBe('Patient Plover');
    expect((await request(facilitator, 'member:admit', { sessionId, memberRef: entry!.memberRef })).ok).toBe(true);
    await page.getByText('You appear here as Patient Plover.').waitFor({ timeout: 10_000 });
    expect(await composer.isDisabled()).toBe(false);
    expect(await notice.count()).toBe(0);
  });

  it('announces a newcomer to a facilitator in the room: a count in the tab title and a chime that can be turned off', async () => {
    const { hub } = suite;
    const sessionId = hub.demo.liveSessionId;
    const page = await suite.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    // Count the chimes: each is one AudioContext (alert-sound.ts), replaced here by a counter.
    await page.addInitScript(() => {
      (window as unknown as { chimes: number }).chimes = 0;
      (window as unknown as { AudioContext: unknown }).AudioContext = class {
        currentTime = 0;
        destination = {};
        constructor() { (window as unknown as { chimes: number }).chimes += 1; }
        createGain() { return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect() {} }; }
        createOscillator() { return { frequency: {}, connect() {}, start() {}, stop() {} }; }
        close() { return Promise.resolve(); }
      };
    });
    await facilitatorEntersRoom(page, hub);
    expect((await request(facilitator!, 'room:set-admission', { sessionId, mode: 'manual' })).ok).toBe(true);
    const chimes = () => page.evaluate(() => (window as unknown as { chimes: number }).chimes);

    const first = connectClient(hub, (await signUpMember(hub, { alias: 'Wary Heron' })).cookie);
    await connected(first);
    expect(await request(first, 'session:join', { sessionId })).toMatchObject({ ok: false, error: { code: 'awaiting_admission' } });
    await page.waitForFunction(() => document.title.startsWith('(1 waiting) '), undefined, { timeout: 10_000 });
    await page.waitForFunction(() => (window as unknown as { chimes: number }).chimes >= 1, undefined, { timeout: 5000 });
    const afterFirst = await chimes();

    await page.getByLabel('Sound for alerts, reports and the waiting room').uncheck();
    const second = connectClient(hub, (await signUpMember(hub, { alias: 'Slow River' })).cookie);
    await connected(second);
    expect(await request(second, 'session:join', { sessionId })).toMatchObject({ ok: false, error: { code: 'awaiting_admission' } });
    await page.waitForFunction(() => document.title.startsWith('(2 waiting) '), undefined, { timeout: 10_000 });
    await page.waitForTimeout(300);
    expect(await chimes()).toBe(afterFirst);
    first.disconnect();
    second.disconnect();
    expect((await request(facilitator!, 'room:set-admission', { sessionId, mode: 'automatic' })).ok).toBe(true);
  });
});
