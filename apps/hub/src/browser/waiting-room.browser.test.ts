/**
 * The manual-admission waiting room in a real Chromium on the real Redis: a member held there sees
 * which group's room they are waiting for and that a facilitator will admit them, and the room
 * opens by itself once a facilitator does. Checked with axe-core.
 */
import type { RoomModerationView } from '@respite/protocol';
import { seriousViolations } from '../testing/axe-check';
import { useBrowserSuite } from '../testing/browser-harness';
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
});
