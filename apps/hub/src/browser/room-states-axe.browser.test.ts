/**
 * Every state of the room tour, in a real Chromium, at a phone's width in light and a desktop's in
 * dark (issue 19): member, muted, paused, crisis (the card, then support beside the composer),
 * facilitator (an open alert and a report), and the waiting room. Axe: 0 violations of ANY impact
 * at every stop; on a phone, every control of the room is at least 44 px high.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { PresenceMemberView } from '@respite/protocol';
import { newEntityId } from '../random-ids';
import { type AxeFinding, axeViolations } from '../testing/axe-check';
import { facilitatorEntersRoom, screenshotDir, signUpAndEnterRoom, useBrowserSuite } from '../testing/browser-harness';
import { type ClientSocket, connectClient, connected, request, signInFacilitator, signUpMember } from '../testing/hub-harness';

type Scheme = 'light' | 'dark';

describe('every state of the room, accessible to axe (any impact)', () => {
  const suite = useBrowserSuite();
  const sockets: ClientSocket[] = [];
  afterAll(() => { for (const socket of sockets) socket.disconnect(); });
  const sessionId = () => suite.hub.demo.liveSessionId;

  async function joinedSocket(cookie: string) {
    const socket = connectClient(suite.hub, cookie);
    sockets.push(socket);
    await connected(socket);
    const joined = await request(socket, 'session:join', { sessionId: sessionId() });
    if (!joined.ok) throw new Error(`join failed: ${JSON.stringify(joined)}`);
    return socket;
  }

  /** Controls of the room smaller than 44 px high on a phone (visible ones only). */
  const smallTargets = (page: Page) => page.evaluate(() => Array.from(document.querySelectorAll('main button, main a[href], main select, main input, main textarea'))
    .filter((element) => {
      // A checkbox or radio is hit through its label.
      const target = (element as HTMLInputElement).type === 'checkbox' || (element as HTMLInputElement).type === 'radio' ? (element.closest('label') ?? element) : element;
      const box = target.getBoundingClientRect();
      const style = getComputedStyle(element);
      return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && (element as HTMLInputElement).type !== 'hidden' && box.height < 43.5
        && !(element.tagName === 'A' && getComputedStyle(element).display === 'inline');
    })
    .map((element) => `${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label') ?? element.textContent ?? element.closest('label')?.textContent ?? '').trim().slice(0, 30)}" ${Math.round(element.getBoundingClientRect().height)}px`));

  it.each<[number, Scheme]>([[390, 'light'], [1280, 'dark']])('at %i px in %s', async (width, scheme) => {
    const findings: AxeFinding[] = [];
    const small: string[] = [];
    const newPage = () => suite.newPage({ viewport: { width, height: width < 600 ? 844 : 900 }, isMobile: width < 600, hasTouch: width < 600, colorScheme: scheme, reducedMotion: 'reduce', timezoneId: 'America/Chicago', locale: 'en-US' });
    const stop = async (page: Page, name: string) => {
      await page.waitForLoadState('networkidle').catch(() => undefined);
      findings.push(...(await axeViolations(page, `${name}-${width}-${scheme}`)));
      if (width < 600) small.push(...(await smallTargets(page)).map((target) => `${name}: ${target}`));
      await page.screenshot({ path: path.join(screenshotDir, `states-${name}-${width}-${scheme}.png`) });
    };

    const facilitator = await joinedSocket(await signInFacilitator(suite.hub));
    const presence: PresenceMemberView[] = [];
    facilitator.on('presence:updated', (update) => { presence.splice(0, presence.length, ...update.members); });
    const peer = await joinedSocket((await signUpMember(suite.hub)).cookie);
    const alias = width < 600 ? 'Calm Finch' : 'Calm Otter';
    const member = await newPage();
    await signUpAndEnterRoom(member, suite.hub, { handle: `states-${width}-${scheme}-${Date.now()}`, alias });
    const peerSends = async (text: string) => {
      const sent = await request(peer, 'message:send', { sessionId: sessionId(), clientId: newEntityId(), text });
      if (!sent.ok) throw new Error(JSON.stringify(sent));
      return sent.data.id as string;
    };
    await peerSends(`states ${width}: a long week, and a good moment in it`);
    const reported = await peerSends(`states ${width}: one more thought from me`);
    await member.getByRole('list', { name: 'Messages' }).getByText(`states ${width}: one more thought from me`).waitFor({ timeout: 10_000 });
    await stop(member, 'room-member');

    const memberRef = presence.find((entry) => entry.alias === alias)?.memberRef;
    expect(memberRef).toBeDefined();
    expect((await request(facilitator, 'member:mute', { sessionId: sessionId(), memberRef, minutes: 5 })).ok).toBe(true);
    await member.getByText(/muted you until/).first().waitFor({ timeout: 10_000 });
    await stop(member, 'room-muted');
    expect((await request(facilitator, 'member:unmute', { sessionId: sessionId(), memberRef })).ok).toBe(true);

    expect((await request(facilitator, 'chat:set-pause', { sessionId: sessionId(), on: true })).ok).toBe(true);
    await member.getByText(/paused/i).first().waitFor({ timeout: 10_000 });
    await stop(member, 'room-paused');
    expect((await request(facilitator, 'chat:set-pause', { sessionId: sessionId(), on: false })).ok).toBe(true);

    await member.getByRole('button', { name: 'I need support now' }).first().click();
    await member.getByRole('dialog').waitFor({ timeout: 5000 });
    await stop(member, 'room-crisis-card');
    await member.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await member.getByRole('complementary', { name: 'Support, whenever you want it' }).waitFor({ timeout: 10_000 });
    await stop(member, 'room-crisis-beside');

    expect((await request(peer, 'message:report', { sessionId: sessionId(), messageId: reported, reason: 'felt unkind' })).ok).toBe(true);
    const console = await newPage();
    await facilitatorEntersRoom(console, suite.hub);
    if (width < 768) await console.getByRole('button', { name: /Console and people/ }).click();
    await console.getByLabel('Crisis alerts').locator('li', { hasText: alias }).first().waitFor({ timeout: 10_000 });
    await stop(console, 'room-facilitator');

    expect((await request(facilitator, 'room:set-admission', { sessionId: sessionId(), mode: 'manual' })).ok).toBe(true);
    const newcomer = await signUpMember(suite.hub);
    const waiting = await newPage();
    await waiting.goto(`${suite.hub.url}/signin?next=${encodeURIComponent(`/sessions/${sessionId()}`)}`);
    await waiting.getByLabel('Handle', { exact: true }).fill(newcomer.handle);
    await waiting.getByLabel('Passphrase', { exact: true }).fill(newcomer.passphrase);
    await waiting.getByRole('button', { name: /sign in/i }).click();
    await waiting.getByText(/waiting room of/).first().waitFor({ timeout: 10_000 });
    await stop(waiting, 'room-waiting');
    expect((await request(facilitator, 'room:set-admission', { sessionId: sessionId(), mode: 'automatic' })).ok).toBe(true);

    expect({ findings, small }).toEqual({ findings: [], small: [] });
  }, 180_000);
});
