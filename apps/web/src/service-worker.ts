/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The service worker: makes Respite installable and lets the static shell (built scripts and
 * styles, the app shell, the crisis page, the manifest and icons) load without a round trip.
 * It caches ONLY that shell, once, at install. It must never cache or even touch /api or
 * /socket.io, and never store anything a session says: nothing is written to the cache at run time.
 */
import { build, files, version } from '$service-worker';

const worker = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `respite-shell-${version}`;
const SHELL_FILES = ['/200.html', '/crisis', ...build, ...files.filter((file) => file === '/manifest.webmanifest' || file.startsWith('/icons/') || file === '/favicon.svg')];
const SHELL = new Set(SHELL_FILES);

/** Paths the worker leaves entirely to the network. */
function isLive(url: URL): boolean {
  return url.pathname.startsWith('/api/') || url.pathname === '/api' || url.pathname.startsWith('/socket.io');
}

worker.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL_FILES)).then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await worker.clients.claim();
  })());
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin || isLive(url)) return;

  if (SHELL.has(url.pathname) && url.pathname.startsWith('/_app/immutable/')) {
    // Hashed file names never change: the cached copy is the right one.
    event.respondWith(caches.match(request).then((cached) => cached ?? fetch(request)));
    return;
  }
  if (request.mode === 'navigate') {
    // Pages: always ask the hub first; offline, fall back to the cached shell (or crisis page).
    const fallback = url.pathname === '/crisis' ? '/crisis' : '/200.html';
    event.respondWith(fetch(request).catch(async () => (await caches.match(fallback)) ?? Response.error()));
    return;
  }
  if (SHELL.has(url.pathname)) {
    event.respondWith(fetch(request).catch(async () => (await caches.match(url.pathname)) ?? Response.error()));
  }
});
