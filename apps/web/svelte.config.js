// SvelteKit configuration: a static single-page app that the hub serves from apps/web/build.
// Pages needing data render in the browser only (ssr = false); the hub falls back to 200.html.
import { createHash } from 'node:crypto';
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * SvelteKit's route announcer (a visually hidden live region in the root component it generates)
 * carries the app's only inline style attribute. It is allowed by its hash alone: 'unsafe-hashes'
 * admits exactly the listed attribute values, nothing else. An upgrade that changes the string
 * shows up as a violation in the CSP browser test (src/browser/content-security-policy).
 */
const ROUTE_ANNOUNCER_STYLE = 'position: absolute; left: 0; top: 0; clip: rect(0 0 0 0); clip-path: inset(50%); overflow: hidden; white-space: nowrap; width: 1px; height: 1px';
const styleHash = (css) => `sha256-${createHash('sha256').update(css).digest('base64')}`;

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // precompress: a .br and a .gz copy beside each page, script and stylesheet, made once at build
    // time at the highest settings; the hub sends the one a client accepts (apps/hub/src/http/precompressed-files.ts).
    adapter: adapter({ pages: 'build', assets: 'build', fallback: '200.html', strict: false, precompress: true }),
    prerender: { entries: ['/', '/crisis'], crawl: false, handleHttpError: 'fail' },
    // The one definition of the pages' Content-Security-Policy. The build writes it into each page's
    // <meta http-equiv> with the hash of that page's inline script; the hub sends the same policy as
    // a header, read from the built page, plus `frame-ancestors 'none'`, which a meta tag cannot
    // carry (apps/hub/src/http/content-security-policy.ts).
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        // 'self' for the built modules; SvelteKit adds the inline bootstrap script's hash. No 'unsafe-inline'.
        'script-src': ['self'],
        // Stylesheets from the build only: no inline <style> (inlineStyleThreshold stays 0).
        'style-src': ['self'],
        'style-src-attr': ['unsafe-hashes', styleHash(ROUTE_ANNOUNCER_STYLE)],
        // Socket.IO is on this origin; CSP 3 'self' covers ws:/wss: to it (checked in Chromium).
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
      },
    },
  },
};

export default config;
