/**
 * An invite code handed out, in a real Chromium: a sponsor administrator copies a code and its
 * sign-up link from the dashboard and opens the code's printable flyer. The flyer's QR code is read
 * back with a decoder (jsqr) twice: from the canvas's pixels, and from a screenshot taken with print
 * styles; both give the sign-up link, which carries the code in the fragment and nothing else. That
 * link, opened in a fresh browser, shows the sign-up form with the code filled in (and the address
 * without it) and signs up. The flyer prints on one page (a PDF of it is counted), shows the times in
 * the viewer's zone and the anonymity line, reads no totals, and names no member; axe finds nothing
 * serious in either colour scheme, and the page breaks no Content-Security-Policy rule. Screenshots
 * go to docs/screenshots (sponsor-flyer-*).
 */
import path from 'node:path';
import jsQR from 'jsqr';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { AdminService } from '../services/admin.service';
import { seriousViolations } from '../testing/axe-check';
import { screenshotDir, useBrowserSuite } from '../testing/browser-harness';
import { callApi } from '../testing/hub-harness';

const PASSPHRASE = 'harbor lights over cold water';
const MEMBER_PASSPHRASE = 'violet tide under quiet hills';
const VIEW: BrowserContextOptions = { viewport: { width: 1280, height: 1100 }, timezoneId: 'Europe/London', locale: 'en-GB' };

/** jsqr over RGBA pixels: the text the QR code holds, or null. */
function decodeQr(pixels: { width: number; height: number; rgba: string }): string | null {
  const bytes = Buffer.from(pixels.rgba, 'base64');
  return jsQR(new Uint8ClampedArray(bytes.buffer, bytes.byteOffset, bytes.length), pixels.width, pixels.height)?.data ?? null;
}

/** The flyer canvas's own pixels, base64 RGBA. */
function canvasPixels(page: Page) {
  return page.locator('figure.qr canvas').evaluate((canvas: HTMLCanvasElement) => {
    const image = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let binary = '';
    for (let index = 0; index < image.data.length; index += 0x8000) binary += String.fromCharCode(...image.data.subarray(index, index + 0x8000));
    return { width: image.width, height: image.height, rgba: btoa(binary) };
  });
}

/** A PNG's pixels, read in a blank page of its own (no app, no policy): what a phone camera would see. */
async function screenshotPixels(decoder: Page, png: Buffer) {
  return decoder.evaluate(async (base64: string) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let binary = '';
    for (let index = 0; index < data.length; index += 0x8000) binary += String.fromCharCode(...data.subarray(index, index + 0x8000));
    return { width: canvas.width, height: canvas.height, rgba: btoa(binary) };
  }, png.toString('base64'));
}

describe('an invite code handed out on a printed flyer', () => {
  const suite = useBrowserSuite({ stores: 'redis' });
  let sponsorId: string;

  beforeAll(async () => {
    const admin = new AdminService({ stores: suite.hub.stores, hasher: suite.hub.app.services.hasher, secret: 'test-secret-that-is-long-enough-123', clock: { now: () => Date.now() } });
    sponsorId = (await suite.hub.stores.groups.getGroup(suite.hub.demo.groupId))!.sponsorIds[0]!;
    await admin.grantSponsorAdmin({ handle: 'flyer-sponsor-admin', sponsorId, passphrase: PASSPHRASE });
  }, 60_000);

  async function sponsorPage(options: BrowserContextOptions = VIEW): Promise<Page> {
    const context = await suite.newContext({ ...options, serviceWorkers: 'block' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.hub.url });
    const page = await context.newPage();
    await page.goto(`${suite.hub.url}/signin?next=/sponsor`);
    await page.getByLabel('Handle', { exact: true }).fill('flyer-sponsor-admin');
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByRole('heading', { name: /dashboard/ }).first().waitFor({ timeout: 15_000 });
    return page;
  }

  /** Records Content-Security-Policy violations and the API paths the page asks for. */
  async function watch(page: Page): Promise<{ violations: string[]; apiPaths: string[] }> {
    const seen = { violations: [] as string[], apiPaths: [] as string[] };
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.log(`csp-violation ${event.effectiveDirective} ${event.blockedURI}`), true);
    });
    page.on('console', (message) => { if (/csp-violation|Content Security Policy/i.test(message.text())) seen.violations.push(message.text()); });
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) seen.apiPaths.push(url.pathname);
    });
    return seen;
  }

  it('copies the code and its link, prints a one-page flyer whose QR code signs a physician up with the code filled in', async () => {
    const { hub } = suite;
    const page = await sponsorPage();
    await page.getByLabel('Seats').fill('4');
    await page.getByRole('button', { name: 'Create code' }).click();
    const created = page.locator('[role=status]').filter({ hasText: /Created code [A-Z0-9-]+/ });
    await created.waitFor({ timeout: 10_000 });
    const code = /Created code ([A-Z0-9-]+)/.exec(await created.innerText())![1]!;
    const signUpLink = `${hub.url}/signup#code=${code}`;

    // A member who already used the code: nothing of theirs may reach the flyer.
    const memberHandle = `flyer-member-${Date.now()}`;
    const memberSignUp = await callApi(hub, 'POST', '/api/auth/sign-up', { inviteCode: code, handle: memberHandle, passphrase: MEMBER_PASSPHRASE });
    expect(memberSignUp.body.ok).toBe(true);
    await callApi(hub, 'POST', `/api/groups/${hub.demo.groupId}/membership`, { alias: 'Flyer Canary Heron', acceptNorms: true }, memberSignUp.cookie);

    await page.getByRole('button', { name: `Copy code ${code}` }).click();
    await page.locator('[role=status]').filter({ hasText: 'Copied code.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    await page.getByRole('button', { name: `Copy sign-up link for ${code}` }).click();
    await page.locator('[role=status]').filter({ hasText: 'Copied sign-up link.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(signUpLink);
    expect(await seriousViolations(page, 'sponsor-dashboard')).toEqual([]);

    // The flyer, opened from the dashboard's link, in a fresh load so its requests and policy are watched.
    const seen = await watch(page);
    const flyerHref = await page.getByRole('link', { name: `Print flyer for ${code}` }).getAttribute('href');
    expect(flyerHref).toBe(`/sponsor/codes/${code}/flyer`);
    await page.goto(`${hub.url}${flyerHref}`);
    await page.getByTestId('flyer-code').filter({ hasText: code }).waitFor({ timeout: 10_000 });
    await page.locator('.group h3').first().waitFor();
    await page.waitForLoadState('networkidle');

    const text = await page.locator('article.flyer').innerText();
    expect(text).toContain('Peer support for physicians');
    expect(text).toContain('Times in Europe/London.');
    expect(text).toContain('Sunday Evening Circle');
    expect(text).toMatch(/Every \w+day at \d{1,2}:\d{2}/);
    expect(text).toContain(`Or go to ${hub.url}/signup and enter the code.`);
    expect(await page.getByTestId('flyer-anonymity').innerText()).toMatch(/^Anonymous: no name, email or phone number .* never learns who signs up, who attends or what is said\.$/);
    const body = await page.locator('body').innerText();
    for (const secret of [memberHandle, 'Flyer Canary Heron']) expect(body).not.toContain(secret);
    expect(body).not.toMatch(/seat/i);
    // Codes and schedules only: the flyer never asks for the totals.
    expect([...new Set(seen.apiPaths)].sort()).toEqual(['/api/me', '/api/sponsor/groups', '/api/sponsor/invites']);
    expect(await page.locator('figure.qr [role=img]').getAttribute('aria-label')).toContain(code);

    // The QR code, read from the canvas's pixels.
    const fromCanvas = decodeQr(await canvasPixels(page));
    expect(fromCanvas).toBe(signUpLink);
    const decoded = new URL(fromCanvas!);
    expect({ origin: decoded.origin, path: decoded.pathname, query: decoded.search, fragment: decoded.hash }).toEqual({ origin: hub.url, path: '/signup', query: '', fragment: `#code=${code}` });

    expect(await seriousViolations(page, 'flyer-light')).toEqual([]);
    await page.screenshot({ path: path.join(screenshotDir, 'sponsor-flyer-1280-light.png'), fullPage: true, animations: 'disabled' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(400); // the buttons' colour transition
    expect(await seriousViolations(page, 'flyer-dark')).toEqual([]);
    await page.screenshot({ path: path.join(screenshotDir, 'sponsor-flyer-1280-dark.png'), fullPage: true, animations: 'disabled' });

    // As printed: no site header, footer or toolbar; the QR code read again, from a screenshot this time.
    // The viewport of an A4 sheet's printable area (210 × 297 mm less 15 mm margins, at 96 px per inch).
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    await page.setViewportSize({ width: 680, height: 1009 });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print this flyer' }).isVisible()).toBe(false);
    const printed = await page.screenshot({ path: path.join(screenshotDir, 'sponsor-flyer-print.png'), fullPage: true, animations: 'disabled' });
    const decoder = await (await suite.newContext()).newPage();
    expect(decodeQr(await screenshotPixels(decoder, printed))).toBe(signUpLink);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length).toBe(1);
    expect((await page.pdf({ format: 'Letter', printBackground: true })).toString('latin1').match(/\/Type\s*\/Page\b/g)?.length).toBe(1);
    expect(seen.violations).toEqual([]);

    // The decoded link, opened by a physician's own browser: the form has the code, the address has not.
    const physician = await (await suite.newContext(VIEW)).newPage();
    const physicianRequests: string[] = [];
    physician.on('request', (request) => physicianRequests.push(request.url()));
    await physician.goto(fromCanvas!);
    const codeField = physician.getByLabel('Invite code');
    await codeField.waitFor({ timeout: 10_000 });
    await physician.waitForFunction(() => !location.hash, undefined, { timeout: 5000 });
    expect(await codeField.inputValue()).toBe(code);
    expect(physician.url()).toBe(`${hub.url}/signup`);
    // The fragment never left the browser: no request carried the code.
    expect(physicianRequests.filter((url) => url.includes(code))).toEqual([]);
    await physician.getByLabel('Handle', { exact: true }).fill(`flyer-physician-${Date.now()}`);
    await physician.getByLabel('Passphrase', { exact: true }).fill(MEMBER_PASSPHRASE);
    await physician.getByLabel('Confirm passphrase').fill(MEMBER_PASSPHRASE);
    await physician.getByRole('button', { name: 'Create my account' }).click();
    await physician.getByTestId('recovery-code').waitFor({ timeout: 15_000 });
  }, 120_000);

  it('a revoked code gets no flyer, an unknown code says so, and a member sees no code at all', async () => {
    const { hub } = suite;
    const page = await sponsorPage();
    const cookie = (await page.context().cookies()).map((entry) => `${entry.name}=${entry.value}`).join('; ');
    const made = await callApi<{ invite: { code: string } }>(hub, 'POST', '/api/sponsor/invites', { seats: 2, validDays: 30, groupIds: [hub.demo.groupId] }, cookie);
    if (!made.body.ok) throw new Error(JSON.stringify(made.body));
    const code = made.body.data.invite.code;
    expect((await callApi(hub, 'PATCH', `/api/sponsor/invites/${code}`, { status: 'revoked' }, cookie)).body.ok).toBe(true);

    await page.goto(`${hub.url}/sponsor/codes/${code}/flyer`);
    await page.getByRole('heading', { name: 'This code can no longer be used' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('canvas').count()).toBe(0);
    await page.goto(`${hub.url}/sponsor/codes/NOPE-000000/flyer`);
    await page.getByRole('heading', { name: 'No such code' }).waitFor({ timeout: 10_000 });
    expect(await seriousViolations(page, 'flyer-unknown')).toEqual([]);

    const member = await callApi(hub, 'POST', '/api/auth/sign-up', { inviteCode: hub.demo.inviteCode, handle: `flyer-nosy-${Date.now()}`, passphrase: MEMBER_PASSPHRASE });
    const context = await suite.newContext(VIEW);
    const [name, value] = member.cookie!.split(';')[0]!.split('=');
    await context.addCookies([{ name: name!, value: value!, url: hub.url }]);
    const nosy = await context.newPage();
    await nosy.goto(`${hub.url}/sponsor/codes/${hub.demo.inviteCode}/flyer`);
    await nosy.locator('[role=alert]').first().waitFor({ timeout: 10_000 });
    expect(await nosy.locator('canvas').count()).toBe(0);
    expect(await nosy.locator('body').innerText()).not.toContain(hub.demo.inviteCode);
  }, 90_000);
});
