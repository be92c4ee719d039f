/**
 * No credential travels in a URL: the REST route table has no query strings and no path parameter
 * that is a token, and the built web app never puts a session token, sign-in cookie or engine
 * session id in a URL it builds. The one exception is the calendar feed (`/calendar/<secret>.ics`),
 * whose secret is scoped to one feed and revocable. Reads files only.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { restRoutes, routeNames } from '@respite/protocol';

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('no token in any URL', () => {
  it('the REST route table has no query string and no token-like path parameter', () => {
    for (const route of routeNames) {
      const { path } = restRoutes[route];
      expect({ route, path, query: path.includes('?'), tokenParam: /:(token|secret|session|passphrase|cookie|key)\b/i.test(path) })
        .toEqual({ route, path, query: false, tokenParam: false });
    }
  });

  const webBuild = resolve(__dirname, '../../../web/build');
  // `npm test` and `pnpm test:security` build the web app first; a missing build is a failure, not a skip.
  it('the built web app builds no URL with a token, cookie, sid or passphrase in it', () => {
    expect(existsSync(webBuild)).toBe(true);
    const offending = filesUnder(webBuild).filter((file) => /\.(js|html)$/.test(file)).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(/[?&](token|access_token|session|respite_session|sid|passphrase|secret)=/gi)].map((match) => `${file}: ${match[0]}`);
    });
    expect(offending).toEqual([]);
  });
});
