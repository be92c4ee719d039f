/**
 * Members learn of schedule changes, in a real Chromium on the real Redis: with /groups open (and
 * its socket), a member sees the facilitator cancel the next session and then undo it, live, with
 * no reload; a move typed in the facilitator's named zone (not the browser's) shows to the member
 * in the member's own zone, on /groups and on the group's page. Checked with axe-core, and saved
 * as screenshots in light and dark under docs/screenshots.
 */
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { occurrencesBetween } from '@respite/domain';
import { ManualClock } from '../clock';
import { DEMO_FACILITATOR } from '../demo-seed';
import { roomNames } from '../realtime/socket-types';
import { seriousViolations } from '../testing/axe-check';
import { screenshotDir, useBrowserSuite } from '../testing/browser-harness';
import { callApi, signInFacilitator, signUpMember } from '../testing/hub-harness';

const minute = 60_000;
const hour = 60 * minute;
const MEMBER_ZONE = 'Asia/Kolkata'; // the group meets in America/Chicago
const FACILITATOR_ZONE = 'Europe/Berlin'; // the facilitator's chosen zone; their browser says New York

/** "Sunday 13 Dec" and "7:00" as a viewer in `zone` reads them (the pieces, not the app's own formatter). */
function pieces(iso: string, zone: string) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: zone, weekday: 'long', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short',
  }).formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return { day: `${parts.weekday} ${parts.day} ${parts.month}`, time: `${parts.hour}:${parts.minute}`, zone: parts.timeZoneName! };
}

describe('members learn of schedule changes', () => {
  const clock = new ManualClock(Date.now());
  const suite = useBrowserSuite({ stores: 'redis', clock });

  beforeAll(async () => {
    const { hub } = suite;
    // The demo's live session would be "this session": end it, so the planned Sundays come next.
    await hub.app.services.lifecycle.close(hub.demo.liveSessionId, 'ended_by_facilitator');
    // Clear of a Sunday evening in Chicago (later than the wall clock, so no Redis expiry is cut short).
    const group = (await hub.stores.groups.getGroup(hub.demo.groupId))!;
    const [soon] = occurrencesBetween(group.schedule, clock.now(), clock.now() + 3 * hour);
    if (soon) clock.set(soon.endsAt + minute);
    await hub.app.services.planner.planAll();
  });

  async function signIn(page: Page, handle: string, passphrase: string, next: string) {
    await page.goto(`${suite.hub.url}/signin?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Handle', { exact: true }).fill(handle);
    await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await page.getByRole('button', { name: /sign in/i }).click();
  }

  /** Waits until the account has a socket in its own room: only then can a push reach the page. */
  async function socketOpen(accountId: string) {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if ((await suite.hub.app.io.in(roomNames.account(accountId)).fetchSockets()).length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the page never opened its socket');
  }

  it('shows a cancellation and its undo live on /groups, and a move in the member’s own zone', async () => {
    const { hub } = suite;
    const before = new Set(await hub.stores.groups.memberAccountIds(hub.demo.groupId));
    const member = await signUpMember(hub);
    const memberAccountId = (await hub.stores.groups.memberAccountIds(hub.demo.groupId)).find((id) => !before.has(id))!;
    // The facilitator's chosen zone is Berlin; their browser runs in New York.
    const facilitatorCookie = await signInFacilitator(hub);
    expect((await callApi(hub, 'PATCH', '/api/me', { timeZone: FACILITATOR_ZONE }, facilitatorCookie)).status).toBe(200);

    const memberPage = await suite.newPage({ viewport: { width: 1280, height: 1000 }, timezoneId: MEMBER_ZONE, locale: 'en-US' });
    await signIn(memberPage, member.handle, member.passphrase, '/groups');
    await memberPage.getByRole('heading', { name: 'My groups' }).waitFor({ timeout: 10_000 });
    const card = memberPage.locator('li.group').filter({ hasText: 'Sunday Evening Circle' });
    await card.getByText('Next session:').waitFor({ timeout: 10_000 });
    await socketOpen(memberAccountId);
    const firstStart = (await card.locator('p.next time').getAttribute('datetime'))!;
    expect(await card.getByTestId('schedule-change').count()).toBe(0);

    const facilitatorPage = await suite.newPage({ viewport: { width: 1280, height: 1000 }, timezoneId: 'America/New_York', locale: 'en-US' });
    await signIn(facilitatorPage, DEMO_FACILITATOR.handle, DEMO_FACILITATOR.passphrase, `/groups/${hub.demo.groupId}/schedule`);
    await facilitatorPage.getByRole('heading', { name: 'Coming sessions' }).waitFor({ timeout: 10_000 });
    const firstItem = facilitatorPage.getByRole('list', { name: 'Coming sessions' }).locator('li').first();
    await firstItem.locator(`time[datetime="${firstStart}"]`).waitFor({ timeout: 10_000 });

    // Cancel: the member's open page says so at once, and names the next session that takes place.
    await firstItem.getByRole('button', { name: 'Cancel this session' }).click();
    await facilitatorPage.getByText('The session is cancelled and members have been told.').waitFor({ timeout: 10_000 });
    const usual = pieces(firstStart, MEMBER_ZONE);
    const cancelled = card.getByTestId('schedule-change').filter({ hasText: `${usual.day} session is cancelled` });
    await cancelled.waitFor({ timeout: 10_000 });
    expect(await cancelled.locator('time').getAttribute('datetime')).toBe(firstStart);
    const announcer = memberPage.getByTestId('schedule-update');
    expect(await announcer.getAttribute('role')).toBe('status');
    await announcer.filter({ hasText: `Sunday Evening Circle: ${usual.day} session is cancelled.` }).waitFor({ timeout: 10_000 });
    const nextStart = (await card.locator('p.next time').getAttribute('datetime'))!;
    expect(Date.parse(nextStart)).toBe(DateTime.fromISO(firstStart, { zone: 'America/Chicago' }).plus({ weeks: 1 }).toMillis()); // a week on, DST or not
    expect(await card.locator('p.next time').innerText()).toContain(pieces(nextStart, MEMBER_ZONE).time);
    await memberPage.screenshot({ path: path.join(screenshotDir, 'schedule-change-member-1280-light.png'), fullPage: true });
    await memberPage.emulateMedia({ colorScheme: 'dark' });
    await memberPage.screenshot({ path: path.join(screenshotDir, 'schedule-change-member-1280-dark.png'), fullPage: true });
    expect(await seriousViolations(memberPage, '/groups with a cancellation (dark)')).toEqual([]);
    await memberPage.emulateMedia({ colorScheme: 'light' });
    expect(await seriousViolations(memberPage, '/groups with a cancellation (light)')).toEqual([]);

    // Undo: it is back on, live, and the notice goes.
    await firstItem.getByText('Cancelled', { exact: true }).waitFor({ timeout: 10_000 });
    await firstItem.getByRole('button', { name: 'Undo the cancellation' }).click();
    await facilitatorPage.getByText('The session is back on and members have been told.').waitFor({ timeout: 10_000 });
    await announcer.filter({ hasText: `Sunday Evening Circle: ${usual.day} session is back on, at ${usual.time}` }).waitFor({ timeout: 10_000 });
    await card.getByTestId('schedule-change').waitFor({ state: 'detached', timeout: 10_000 });
    await card.locator(`p.next time[datetime="${firstStart}"]`).waitFor({ timeout: 10_000 });
    // The update can be dismissed from the keyboard.
    await announcer.getByRole('button', { name: 'Dismiss this schedule update' }).focus();
    await memberPage.keyboard.press('Enter');
    await announcer.getByText('Schedule update.').waitFor({ state: 'detached', timeout: 5_000 });

    // Move: the form names the facilitator's zone (Berlin), is filled in it, and reads the typed
    // time in it, though the browser runs in New York.
    await firstItem.getByRole('button', { name: 'Move…' }).click();
    const startField = facilitatorPage.getByLabel('New start, in your time zone (Europe/Berlin)');
    const berlinStart = DateTime.fromISO(firstStart, { zone: FACILITATOR_ZONE });
    expect(await startField.inputValue()).toBe(berlinStart.toFormat("yyyy-MM-dd'T'HH:mm"));
    const target = berlinStart.plus({ days: 1 }).set({ hour: 19, minute: 0 });
    await startField.fill(target.toFormat("yyyy-MM-dd'T'HH:mm"));
    await facilitatorPage.getByTestId('move-preview').filter({ hasText: 'in the group\'s time zone (America/Chicago)' }).waitFor({ timeout: 5_000 });
    await facilitatorPage.screenshot({ path: path.join(screenshotDir, 'facilitator-move-1280.png'), fullPage: true });
    await facilitatorPage.getByRole('button', { name: 'Move the session' }).click();
    await facilitatorPage.getByText('The session is moved and members have been told.').waitFor({ timeout: 10_000 });
    const movedTo = target.toUTC().toISO({ suppressMilliseconds: false })!;
    const sessions = await hub.stores.sessions.listForGroup(hub.demo.groupId, Date.parse(movedTo), Date.parse(movedTo) + 1);
    expect(sessions.map((session) => session.startsAt)).toEqual([target.toMillis()]);

    // The member, in Kolkata, sees the new time in Kolkata, live.
    const now = pieces(movedTo, MEMBER_ZONE);
    expect(now.zone).toBe('GMT+5:30');
    const moved = card.getByTestId('schedule-change').filter({ hasText: 'Moved: now' });
    await moved.waitFor({ timeout: 10_000 });
    const movedText = (await moved.innerText()).replace(/\u202f/g, ' ');
    expect(movedText).toContain(`Moved: now ${now.day}, ${now.time}`);
    expect(movedText).toContain(now.zone);
    expect(movedText).toContain(`Instead of ${usual.day}, ${usual.time}`);
    expect(await moved.locator('time').getAttribute('datetime')).toBe(new Date(target.toMillis()).toISOString());
    await announcer.filter({ hasText: `session moved, now ${now.day}` }).waitFor({ timeout: 10_000 });

    // The group's page says the same, and lists the coming sessions with the move marked.
    await card.getByRole('link', { name: 'Sunday Evening Circle' }).click();
    await memberPage.getByRole('heading', { name: 'Sunday Evening Circle', level: 1 }).waitFor({ timeout: 10_000 });
    const groupMoved = memberPage.getByTestId('schedule-change').filter({ hasText: `Moved: now ${now.day}` });
    await groupMoved.waitFor({ timeout: 10_000 });
    const coming = memberPage.getByRole('list', { name: 'Coming sessions' }).locator('li').first();
    await coming.getByText('Moved', { exact: true }).waitFor({ timeout: 10_000 });
    expect(await coming.locator('time').getAttribute('datetime')).toBe(new Date(target.toMillis()).toISOString());
    expect(await seriousViolations(memberPage, 'group page with a move')).toEqual([]);
    await memberPage.screenshot({ path: path.join(screenshotDir, 'group-page-member-1280-light.png'), fullPage: true });
    await memberPage.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(memberPage, 'group page with a move (dark)')).toEqual([]);
    await memberPage.screenshot({ path: path.join(screenshotDir, 'group-page-member-1280-dark.png'), fullPage: true });
    await memberPage.emulateMedia({ colorScheme: 'light' });

    // Cancelled on the group's page too, live.
    await facilitatorPage.getByRole('list', { name: 'Coming sessions' }).locator('li').first().getByRole('button', { name: 'Cancel this session' }).click();
    await memberPage.getByTestId('schedule-update').filter({ hasText: `${usual.day} session is cancelled.` }).waitFor({ timeout: 10_000 });
    await coming.getByText('Cancelled', { exact: true }).waitFor({ timeout: 10_000 });
  }, 120_000);
});
