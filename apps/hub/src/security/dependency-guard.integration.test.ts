/**
 * Fails the build when a dependency with a published advisory resolves, anywhere in pnpm-lock.yaml,
 * below the version that fixed it; and when the socket server's size limit, its CORS setting or the
 * Origin check is loosened. The advisory table is written by hand from the advisories we know: add a
 * row when a new one is published. It reads the lock file only; it never contacts a registry.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { SOCKET_MAX_PAYLOAD_BYTES } from '@respite/protocol';
import { isAllowedOrigin } from '../realtime/socket-server';
import { type TestHub, startTestHub } from '../testing/hub-harness';

interface Advisory {
  name: string;
  /** The first fixed version on each major line; a major below every listed one is unsafe. */
  fixedIn: string[];
  advisories: string[];
}

export const advisoryTable: Advisory[] = [
  { name: 'socket.io', fixedIn: ['2.5.1', '4.6.2'], advisories: ['CVE-2024-38355 / GHSA-25hc-qcg6-38wj (unhandled error event crashes the process)'] },
  { name: 'socket.io-parser', fixedIn: ['3.4.3', '4.2.3'], advisories: ['CVE-2023-32695 / GHSA-cqmj-92xf-r6r9 (crafted packet crashes)', 'CVE-2022-2421 / GHSA-qm95-pgcg-qqfq (placeholder injection)'] },
  { name: 'engine.io', fixedIn: ['3.6.2', '6.4.2'], advisories: ['CVE-2023-31125 / GHSA-q9mw-68c2-j6m5 (crafted request crashes)', 'CVE-2022-41940 / GHSA-r7qp-cfhv-p84w', 'CVE-2022-21676 / GHSA-273r-mgr4-v34f'] },
  { name: 'ws', fixedIn: ['5.2.4', '6.2.3', '7.5.10', '8.17.1'], advisories: ['CVE-2024-37890 / GHSA-3h5v-q93c-6h6q (many headers crash the server)', 'CVE-2021-32640 / GHSA-6fc8-4gx4-v693 (ReDoS)'] },
  { name: 'express', fixedIn: ['4.20.0', '5.0.0'], advisories: ['CVE-2024-43796 / GHSA-qw6h-vgh9-j6wx (XSS in redirect)', 'CVE-2024-29041 / GHSA-rv95-896h-c2vc (open redirect)'] },
  { name: 'body-parser', fixedIn: ['1.20.3', '2.0.0'], advisories: ['CVE-2024-45590 / GHSA-qwcr-r2fm-qrc7 (url-encoded DoS)'] },
  { name: 'path-to-regexp', fixedIn: ['0.1.12', '1.9.0', '3.3.0', '6.3.0', '8.0.0'], advisories: ['CVE-2024-45296 / GHSA-9wv6-86v2-598j (ReDoS)', 'CVE-2024-52798 / GHSA-rhx6-c78j-4q9w'] },
  { name: 'send', fixedIn: ['0.19.0', '1.1.0'], advisories: ['CVE-2024-43799 / GHSA-m6fv-jmcg-4jfg (template injection)'] },
  { name: 'serve-static', fixedIn: ['1.16.0', '2.1.0'], advisories: ['CVE-2024-43800 / GHSA-cm22-4g7w-348p'] },
  { name: 'cookie', fixedIn: ['0.7.0', '1.0.0'], advisories: ['CVE-2024-47764 / GHSA-pxg6-pf52-xh8x (out-of-bounds characters in name, path, domain)'] },
  { name: 'qs', fixedIn: ['6.10.3'], advisories: ['CVE-2022-24999 / GHSA-hrpp-h998-j3pp (prototype pollution)'] },
  { name: 'cross-spawn', fixedIn: ['6.0.6', '7.0.5'], advisories: ['CVE-2024-21538 / GHSA-3xgq-45jj-v275 (ReDoS)'] },
  { name: 'nanoid', fixedIn: ['3.3.8', '5.0.9'], advisories: ['CVE-2024-55565 / GHSA-mwcw-c2x4-8c55'] },
  { name: 'esbuild', fixedIn: ['0.25.0'], advisories: ['GHSA-67mh-4wv8-2f99 (dev server answers any site)'] },
];

/**
 * Below-fixed versions tolerated only when every package pulling them in is listed here, with why.
 * `cookie@0.6.0` comes with @sveltejs/kit, whose server code the static web build does not ship;
 * the hub's own cookie parsing is `cookie@1.x`.
 */
const toleratedConsumers: Record<string, { consumers: string[]; reason: string }> = {
  cookie: { consumers: ['@sveltejs/kit'], reason: 'build-time only: the web app is a static SPA served by the hub' },
};

function compare(a: string, b: string): number {
  const [x, y] = [a, b].map((version) => version.split(/[.+-]/).slice(0, 3).map(Number));
  for (let index = 0; index < 3; index += 1) if (x![index] !== y![index]) return x![index]! - y![index]!;
  return 0;
}

export function isFixed(version: string, fixedIn: string[]): boolean {
  const major = version.split('.')[0];
  const sameLine = fixedIn.find((fixed) => fixed.split('.')[0] === major && (major !== '0' || fixed.split('.')[1] === version.split('.')[1]));
  if (sameLine) return compare(version, sameLine) >= 0;
  // A line with no listed fix: safe only when it is newer than every listed fix.
  return fixedIn.every((fixed) => compare(version, fixed) > 0);
}

const lock = readFileSync(resolve(__dirname, '../../../../pnpm-lock.yaml'), 'utf8');

/** Every resolved version of a package in the lock's `packages:` section. */
function resolvedVersions(name: string): string[] {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...new Set([...lock.matchAll(new RegExp(`^  '?${escaped}@(\\d[^:(']*)'?:`, 'gm'))].map((match) => match[1]!))];
}

/** Snapshot entries that depend on `name@version`. */
function consumersOf(name: string, version: string): string[] {
  const snapshots = lock.slice(lock.indexOf('\nsnapshots:'));
  const blocks = snapshots.split(/\n(?= {2}\S)/);
  return blocks.filter((block) => new RegExp(`\\n      '?${name.replace(/[.]/g, '\\.')}'?: ${version.replace(/[.]/g, '\\.')}\\b`).test(block))
    .map((block) => block.trim().split('\n')[0]!.replace(/^'|'?:$/g, '').replace(/@\d.*$/, '').replace(/^'/, ''));
}

describe('dependencies with known advisories (read from pnpm-lock.yaml)', () => {
  it('knows how to tell a fixed version from a vulnerable one', () => {
    expect(isFixed('4.2.1', ['3.4.3', '4.2.3'])).toBe(false);
    expect(isFixed('4.2.7', ['3.4.3', '4.2.3'])).toBe(true);
    expect(isFixed('8.16.0', ['7.5.10', '8.17.1'])).toBe(false);
    expect(isFixed('0.6.0', ['0.7.0', '1.0.0'])).toBe(false);
    expect(isFixed('1.1.1', ['0.7.0', '1.0.0'])).toBe(true);
    expect(isFixed('2.0.0', ['0.7.0', '1.0.0'])).toBe(true);
    expect(isFixed('0.1.7', ['0.1.12', '8.0.0'])).toBe(false);
  });

  it.each(advisoryTable.map((row) => [row.name, row]))('%s resolves at or above its fixed versions', (_name, row: Advisory) => {
    const versions = resolvedVersions(row.name);
    if (['socket.io', 'socket.io-parser', 'engine.io', 'ws', 'express', 'cookie'].includes(row.name)) expect(versions.length).toBeGreaterThan(0);
    for (const version of versions.filter((found) => !isFixed(found, row.fixedIn))) {
      const tolerated = toleratedConsumers[row.name];
      const consumers = consumersOf(row.name, version);
      expect({ package: `${row.name}@${version}`, advisories: row.advisories, consumers, tolerated: tolerated !== undefined && consumers.length > 0 && consumers.every((consumer) => tolerated.consumers.includes(consumer)) })
        .toMatchObject({ tolerated: true });
    }
  });
});

describe('the socket server is not loosened', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'memory' });
  });
  afterAll(() => hub.stop());

  it('caps payloads at 16 KiB, sends no CORS headers, and checks the Origin at every handshake', () => {
    const options = (hub.app.io.engine as unknown as { opts: Record<string, unknown> }).opts;
    expect(SOCKET_MAX_PAYLOAD_BYTES).toBeLessThanOrEqual(16 * 1024);
    expect(options.maxHttpBufferSize).toBe(SOCKET_MAX_PAYLOAD_BYTES);
    expect(options.cors ?? false).toBe(false);
    expect(typeof options.allowRequest).toBe('function');
    expect(options.allowEIO3).toBeFalsy();
    // The Origin guard on requests that carry an engine session id (engine-origin-guard.ts).
    expect((hub.app.io.engine as unknown as { middlewares: unknown[] }).middlewares.length).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['the exact origin', 'http://app.example', true],
    ['another scheme', 'https://app.example', false],
    ['another port', 'http://app.example:8080', false],
    ['a look-alike domain', 'http://app.examp1e', false],
    ['a suffix domain', 'http://app.example.evil.test', false],
    ['a prefix domain', 'http://evilapp.example', false],
    ['a trailing slash', 'http://app.example/', false],
    ['another case', 'http://APP.example', false],
    ['the null origin', 'null', false],
    ['no origin at all', undefined, false],
  ])('isAllowedOrigin: %s -> %s', (_name, origin, allowed) => {
    // A stand-in request: the check reads only its headers.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    const request = { headers: origin === undefined ? {} : { origin } } as IncomingMessage;
    expect(isAllowedOrigin(request, ['http://app.example'])).toBe(allowed);
  });
});
