/**
 * The weekly line in the viewer's zone, in a real Chromium on the real Redis: a member whose
 * browser runs in Europe/Berlin reads the demo group's "Sunday 7:00 PM in Chicago" as the Monday
 * night it is for them, on /groups and on the group's page, and finds the group's own words in a
 * <details> opened from the keyboard. Checked with axe-core; saved as a screenshot under docs/screenshots.
 */
import path from 'node:path';
import { DateTime } from 'luxon';
import { seriousViolations } from '../testing/axe-check';
import { screenshotDir, useBrowserSuite } from '../testing/browser-harness';
import { signUpMember } from '../testing/hub-harness';

const VIEWER_ZONE = 'Europe/Berlin';
const GROUP_ZONE = 'America/Chicago';

/** The next Sunday 19:00 in Chicago after now, read on a Berlin clock (luxon, not the app's code). */
function nextSundayEveningInBerlin(): { weekday: string; time: string } {
  const now = DateTime.now().setZone(GROUP_ZONE);
  let start = now.set({ hour: 19, minute: 0, second: 0, millisecond: 0 });
  while (start.weekday !== 7 || start <= now) start = start.plus({ days: 1 }).set({ hour: 19, minute: 0 });
  const berlin = start.setZone(VIEWER_ZONE);
  return { weekday: berlin.setLocale('en-US').toFormat('cccc'), time: berlin.setLocale('en-US').toFormat('h:mm a') };
}

describe('the weekly schedule in the viewer’s zone', () => {
  const suite = useBrowserSuite({ stores: 'redis' });

  it('shows a Chicago group’s Sunday evening as Monday night to a member in Berlin, with the group’s zone on request', async () => {
    const { hub } = suite;
    const member = await signUpMember(hub);
    const page = await suite.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: VIEWER_ZONE, locale: 'en-US' });
    await page.goto(`${hub.url}/signin?next=/groups`);
    await page.getByLabel('Handle', { exact: true }).fill(member.handle);
    await page.getByLabel('Passphrase', { exact: true }).fill(member.passphrase);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByRole('heading', { name: 'My groups' }).waitFor({ timeout: 10_000 });

    const expected = nextSundayEveningInBerlin();
    expect(expected.weekday).toBe('Monday');
    expect(['1:00 AM', '2:00 AM']).toContain(expected.time);
    const rule = `Every ${expected.weekday} at ${expected.time}, for 1 hour 30 minutes, your time (Europe/Berlin)`;

    const card = page.locator('li.group').filter({ hasText: 'Sunday Evening Circle' });
    const line = card.getByTestId('schedule-line');
    await line.locator('p.rule').filter({ hasText: rule }).waitFor({ timeout: 10_000 });
    expect(await line.locator('p.rule').innerText()).toBe(rule);
    expect(await line.locator('p.rule').innerText()).not.toContain('Chicago');

    // The group's own zone, one keypress away and hidden until asked for.
    const groupWords = line.getByText('Every Sunday at 7:00 PM in Chicago (America/Chicago time).');
    expect(await groupWords.isVisible()).toBe(false);
    await line.getByText('In the group’s time zone').focus();
    await page.keyboard.press('Enter');
    await groupWords.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await seriousViolations(page, '/groups with the group’s zone open')).toEqual([]);
    await page.screenshot({ path: path.join(screenshotDir, 'groups-other-zone-1280.png'), fullPage: true });

    // The group's page says the same.
    await card.getByRole('link', { name: 'Sunday Evening Circle' }).click();
    await page.getByRole('heading', { name: 'Sunday Evening Circle', level: 1 }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('schedule-line').locator('p.rule').innerText()).toBe(rule);
    expect(await seriousViolations(page, 'group page')).toEqual([]);
  });
});
