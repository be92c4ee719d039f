/**
 * Markup a member writes renders as text, in a real Chromium: another member's room and the
 * facilitator console show each payload with textContent equal to what was sent, no element of it
 * exists in the DOM (no img, script, b, svg, iframe, link... inside a message or an alias), nothing
 * runs (`window.__pwned` stays undefined) and no dialog opens. The alias schema admits only letters,
 * marks, spaces, dashes and apostrophes: the alias shown is the trickiest it allows, and aliases
 * holding markup are refused at join and at change with a typed `bad_request` naming the field.
 */
import { routePath } from '@respite/protocol';
import type { Page } from 'playwright-core';
import { facilitatorEntersRoom, signUpAndEnterRoom, useBrowserSuite } from '../testing/browser-harness';
import { callApi, connectClient, connected, request, signUpMember } from '../testing/hub-harness';
import { newEntityId } from '../random-ids';

const payloads = [
  '<img src=x onerror=window.__pwned=1>',
  '<img src=x onerror=alert(1)>',
  '<script>window.__pwned=1</script>',
  '<b>bold</b>',
  '<a href="javascript:window.__pwned=1">click me</a>',
  'javascript:window.__pwned=1',
  '<svg onload=window.__pwned=1><circle r=5></circle></svg>',
  '<svg><script>window.__pwned=1</script></svg>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '"><img src=x onerror=window.__pwned=1>',
  "{@html '<img src=x onerror=window.__pwned=1>'}",
  '<math><mi xlink:href="javascript:window.__pwned=1">x</mi></math>',
  '&lt;b&gt;entities stay as typed&lt;/b&gt;',
];
/** As close to markup as the alias schema goes: apostrophes and dashes, which matter in attributes. */
const trickyAlias = "D'Arcy O'Neil-Onerror";
const refusedAliases = ['<img src=x onerror=window.__pwned=1>', '<b>Bold</b>', 'javascript:alert(1)', '<svg onload=alert(1)>', 'Ann"><b>x'];

/** What the page shows: message texts and aliases as text, and every element that must not exist. */
async function rendered(page: Page) {
  return page.evaluate(() => {
    const list = document.querySelector('ol[aria-label="Messages"]');
    const texts = Array.from(list?.querySelectorAll('p.text') ?? []).map((element) => element.textContent);
    const aliases = Array.from(list?.querySelectorAll('.alias') ?? []).map((element) => element.textContent);
    const injected = Array.from(list?.querySelectorAll('p.text *, .alias *, img, script, b, iframe, math, a[href^="javascript" i], svg script, [onerror], [onload]') ?? [])
      .map((element) => element.outerHTML.slice(0, 80));
    const strays = Array.from(document.querySelectorAll('img[src="x"], iframe[srcdoc], svg[onload]')).map((element) => element.outerHTML.slice(0, 80));
    const everyText = Array.from(document.querySelectorAll('body *')).map((element) => element.textContent?.trim() ?? '');
    return { texts, aliases, injected, strays, everyText, pwned: (window as unknown as { __pwned?: unknown }).__pwned };
  });
}

describe('markup renders as text', () => {
  const suite = useBrowserSuite();
  const newPerson = () => suite.newPage({ viewport: { width: 1280, height: 1000 }, timezoneId: 'America/Chicago', locale: 'en-US' });

  it('in another member\'s room and in the facilitator console: literal text, no element, nothing runs, no dialog', async () => {
    const [member, facilitator] = await Promise.all([newPerson(), newPerson()]);
    const dialogs: string[] = [];
    for (const page of [member, facilitator]) {
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
    }
    await signUpAndEnterRoom(member, suite.hub, { handle: `viewer-${Date.now()}`, alias: 'Calm River' });
    await facilitatorEntersRoom(facilitator, suite.hub);

    const author = await signUpMember(suite.hub, { alias: trickyAlias });
    const socket = connectClient(suite.hub, author.cookie);
    await connected(socket);
    expect(await request(socket, 'session:join', { sessionId: suite.hub.demo.liveSessionId })).toMatchObject({ ok: true, data: { self: { alias: trickyAlias } } });
    for (const text of payloads) {
      expect(await request(socket, 'message:send', { sessionId: suite.hub.demo.liveSessionId, clientId: newEntityId(), text })).toMatchObject({ ok: true });
    }
    for (const page of [member, facilitator]) {
      await page.getByRole('list', { name: 'Messages' }).locator('li', { hasText: payloads.at(-1)! }).waitFor({ timeout: 10_000 });
      await page.getByText(trickyAlias, { exact: true }).first().waitFor({ timeout: 10_000 });
    }
    await member.waitForTimeout(300); // time for an onerror or onload to fire, were there an element

    for (const page of [member, facilitator]) {
      const seen = await rendered(page);
      expect(seen.texts.filter((text) => payloads.includes(text ?? ''))).toEqual(payloads);
      expect(seen.aliases).toContain(trickyAlias);
      expect(seen.injected).toEqual([]);
      expect(seen.strays).toEqual([]);
      expect(seen.pwned).toBeUndefined();
      expect(seen.everyText).toContain(trickyAlias); // the presence list (and the console's lists) name the alias as text
    }
    expect(dialogs).toEqual([]);

    // The check itself can fail: markup put into the page as HTML is found. Its handler tries to run,
    // and the page's Content-Security-Policy refuses it (no inline handlers): a second layer.
    const refused = member.evaluate(() => new Promise<string>((resolve) => {
      document.addEventListener('securitypolicyviolation', (event) => resolve(event.effectiveDirective), { once: true });
    }));
    await member.evaluate((html) => {
      const paragraph = document.querySelector('ol[aria-label="Messages"] p.text')!;
      paragraph.innerHTML = html;
    }, payloads[0]!);
    expect(await refused).toBe('script-src-attr');
    expect((await rendered(member)).injected.length).toBeGreaterThan(0);
    expect((await rendered(member)).pwned).toBeUndefined();
    socket.disconnect();
  }, 120_000);

  it('aliases holding markup are refused with a typed error naming the field, at join and at change', async () => {
    const newcomer = await signUpMember(suite.hub, { join: false });
    const member = await signUpMember(suite.hub, { alias: 'Plain Alias' });
    const path = routePath('joinGroup', { groupId: suite.hub.demo.groupId });
    for (const alias of refusedAliases) {
      const joined = await callApi(suite.hub, 'POST', path, { alias, acceptNorms: true }, newcomer.cookie);
      const changed = await callApi(suite.hub, 'PATCH', routePath('changeAlias', { groupId: suite.hub.demo.groupId }), { alias }, member.cookie);
      for (const answer of [joined, changed]) {
        expect({ alias, status: answer.status, body: answer.body }).toMatchObject({ alias, status: 400, body: { ok: false, error: { code: 'bad_request', fields: ['alias'] } } });
      }
    }
  });
});
