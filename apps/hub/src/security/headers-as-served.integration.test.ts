/**
 * The browser-facing headers, read from real responses of a hub serving the built web app (built
 * by `npm test`, `pnpm test:security`, or `pnpm --filter @respite/web build`: a missing build
 * fails). Every page's Content-Security-Policy header is its meta tag's policy plus
 * `frame-ancestors 'none'`, strict (hashes, no 'unsafe-inline', no 'unsafe-eval'), and holds the
 * hash of each inline script the page has; every other response allows nothing. The sign-in cookie
 * is `__Host-` and Secure in production, plain-named in development, and each mode reads only its
 * own name, on REST and at the socket handshake.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { webBuildDir } from '../testing/browser-harness';
import { type TestHub, callApi, connectClient, connected, startTestHub } from '../testing/hub-harness';

type Policy = Map<string, string[]>;

function parsePolicy(text: string): Policy {
  const policy: Policy = new Map();
  for (const part of text.split(';').map((directive) => directive.trim()).filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    expect(policy.has(name!)).toBe(false);
    policy.set(name!, sources);
  }
  return policy;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const metaPolicyOf = (html: string) => /<meta http-equiv="content-security-policy" content="([^"]*)"/.exec(html)?.[1]?.replace(/&#39;/g, "'") ?? null;
const inlineScriptsOf = (html: string) => [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
const styleAttributesOf = (html: string) => [...html.matchAll(/\sstyle="([^"]*)"/g)].map((match) => match[1]!);

/** Pages as the hub serves them: the two prerendered ones, and the app shell behind every other path. */
const PAGES = ['/', '/crisis', '/signup', '/signin', '/groups', '/account', '/sponsor', '/admin', '/sessions/some-session', '/200.html'];

describe('headers as served, from the built web app', () => {
  let hub: TestHub;
  beforeAll(async () => {
    expect(existsSync(join(webBuildDir, '200.html'))).toBe(true);
    hub = await startTestHub({ stores: 'memory', production: true });
  });
  afterAll(async () => hub?.stop());

  it.each(PAGES)('%s: the header is the meta tag policy plus frame-ancestors, strict, and holds each inline script hash', async (page) => {
    const response = await fetch(`${hub.url}${page}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    const header = response.headers.get('content-security-policy');
    const meta = metaPolicyOf(html);
    expect(header).not.toBeNull();
    expect(meta).not.toBeNull();
    expect(header).toBe(`${meta}; frame-ancestors 'none'`);

    const policy = parsePolicy(header!);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    // Scripts: the built modules and hashes, nothing inline or evaluated by permission.
    const scriptSources = policy.get('script-src')!;
    expect(scriptSources[0]).toBe("'self'");
    expect(scriptSources.slice(1).every((source) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(source))).toBe(true);
    for (const directive of ['script-src', 'style-src', 'style-src-attr', 'default-src']) {
      expect({ directive, sources: policy.get(directive) ?? [] }).not.toEqual(expect.objectContaining({ sources: expect.arrayContaining(["'unsafe-inline'"]) }));
      expect({ directive, sources: policy.get(directive) ?? [] }).not.toEqual(expect.objectContaining({ sources: expect.arrayContaining(["'unsafe-eval'"]) }));
    }
    // Every inline script of the page runs by its hash, in the header and in the meta tag alike.
    const scripts = inlineScriptsOf(html);
    expect(scripts.length).toBeGreaterThan(0);
    const metaScripts = parsePolicy(meta!).get('script-src')!;
    for (const script of scripts) {
      expect(scriptSources).toContain(sha256(script));
      expect(metaScripts).toContain(sha256(script));
    }
    // Styles: stylesheets from the app; an inline style attribute only by its hash.
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(html).not.toMatch(/<style[\s>]/);
    for (const style of styleAttributesOf(html)) expect(policy.get('style-src-attr') ?? []).toContain(sha256(style));
  });

  it('the API, static files and errors allow nothing; the service worker may fetch its own origin only', async () => {
    const nothing = parsePolicy("default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    const policyAt = async (path: string) => {
      const response = await fetch(`${hub.url}${path}`);
      await response.arrayBuffer();
      return parsePolicy(response.headers.get('content-security-policy') ?? '');
    };
    const html = await (await fetch(`${hub.url}/`)).text();
    const moduleScript = /import\("\.?(\/_app\/immutable\/[^"]+\.js)"\)/.exec(html)![1]!;
    for (const path of ['/api/me', '/api/no-such-route', '/healthz', moduleScript, '/manifest.webmanifest', '/favicon.svg']) {
      expect({ path, policy: await policyAt(path) }).toEqual({ path, policy: nothing });
    }
    expect(await policyAt('/service-worker.js')).toEqual(parsePolicy("default-src 'none'; connect-src 'self'"));
  });

  it('pages are not framed, sniffed or sent with a referrer; production sends HSTS', async () => {
    const response = await fetch(`${hub.url}/signin`);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });
});

/** The Set-Cookie of a real sign-up, split into its name, value and attributes (lower-cased). */
async function signUpCookie(hub: TestHub): Promise<{ name: string; value: string; attributes: Map<string, string> }> {
  const response = await fetch(`${hub.url}/api/auth/sign-up`, {
    method: 'POST',
    headers: { origin: hub.origin, 'content-type': 'application/json' },
    body: JSON.stringify({ inviteCode: hub.demo.inviteCode, handle: `cookie-${process.pid}-${Math.random().toString(36).slice(2, 10)}`, passphrase: 'violet tide under quiet hills' }),
  });
  expect(response.status).toBe(200);
  const cookies = response.headers.getSetCookie();
  expect(cookies).toHaveLength(1);
  const [pair, ...attributes] = cookies[0]!.split(';').map((part) => part.trim());
  const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
  return {
    name, value,
    attributes: new Map(attributes.map((attribute) => {
      const [key, ...rest] = attribute.split('=');
      return [key!.toLowerCase(), rest.join('=')];
    })),
  };
}

describe.each([
  { mode: 'production', production: true, own: '__Host-respite_session', other: 'respite_session' },
  { mode: 'development', production: false, own: 'respite_session', other: '__Host-respite_session' },
])('the sign-in cookie in $mode', ({ production, own, other }) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis', production });
  });
  afterAll(async () => hub?.stop());

  it(`is named ${own}, httpOnly, SameSite=Strict, Path=/, no Domain${production ? ', Secure' : ''}, for 24 h`, async () => {
    const cookie = await signUpCookie(hub);
    expect(cookie.name).toBe(own);
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(cookie.attributes.has('httponly')).toBe(true);
    expect(cookie.attributes.get('samesite')).toBe('Strict');
    expect(cookie.attributes.get('path')).toBe('/');
    expect(cookie.attributes.has('domain')).toBe(false);
    expect(cookie.attributes.has('secure')).toBe(production);
    // Whole seconds left of the 24 h, counted down from the sign-in (a second may pass on the way).
    expect(Number(cookie.attributes.get('max-age'))).toBeGreaterThan(86_400 - 5);
    expect(Number(cookie.attributes.get('max-age'))).toBeLessThanOrEqual(86_400);
  });

  it(`signs in REST and the socket handshake under ${own} only, never under ${other}`, async () => {
    const { value } = await signUpCookie(hub);
    expect((await callApi(hub, 'GET', '/api/me', undefined, `${own}=${value}`)).status).toBe(200);
    expect((await callApi(hub, 'GET', '/api/me', undefined, `${other}=${value}`)).status).toBe(401);

    const socket = connectClient(hub, `${own}=${value}`);
    await connected(socket);
    socket.close();
    const wrongName = connectClient(hub, `${other}=${value}`);
    await expect(connected(wrongName)).rejects.toThrow('unauthenticated');
    wrongName.close();
  });

  it('sign-out clears the cookie under the same name and attributes', async () => {
    const { value } = await signUpCookie(hub);
    const response = await fetch(`${hub.url}/api/auth/sign-out`, {
      method: 'POST', headers: { origin: hub.origin, 'content-type': 'application/json', cookie: `${own}=${value}` }, body: '{}',
    });
    const cleared = response.headers.getSetCookie()[0]!;
    expect(cleared).toMatch(new RegExp(`^${own}=; Max-Age=0; Path=/; HttpOnly;${production ? ' Secure;' : ''} SameSite=Strict$`));
  });
});
