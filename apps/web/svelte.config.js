// SvelteKit configuration: a static single-page app that the hub serves from apps/web/build.
// Pages needing data render in the browser only (ssr = false); the hub falls back to 200.html.
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: '200.html', strict: false }),
    prerender: { entries: ['/', '/crisis'], crawl: false, handleHttpError: 'fail' },
  },
};

export default config;
