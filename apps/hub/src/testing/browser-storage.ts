/**
 * Reads everything an origin keeps in a real browser (localStorage, sessionStorage, every IndexedDB
 * database and store, Cache Storage, which service workers share, and the service-worker
 * registrations themselves) as one string, so a test can search it for message text. And plants a
 * probe in each of those stores, so a test first proves the reader finds what is there.
 */
import type { Page } from 'playwright-core';

export const storageKinds = ['local', 'session', 'indexeddb', 'cache'] as const;

/** Everything the origin keeps in the browser, as one string. */
export async function browserStorageDump(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [];
    for (const storage of [localStorage, sessionStorage]) {
      for (let index = 0; index < storage.length; index += 1) {
        const key = storage.key(index)!;
        parts.push(`${key}=${storage.getItem(key)}`);
      }
    }
    const databases = await indexedDB.databases();
    for (const info of databases) {
      if (!info.name) continue;
      const database = await new Promise<IDBDatabase>((resolve, reject) => {
        const opening = indexedDB.open(info.name!);
        opening.onsuccess = () => resolve(opening.result);
        opening.onerror = () => reject(opening.error ?? new Error('opening IndexedDB failed'));
      });
      for (const storeName of Array.from(database.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const reading = database.transaction(storeName, 'readonly').objectStore(storeName).getAll();
          reading.onsuccess = () => resolve(reading.result);
          reading.onerror = () => reject(reading.error ?? new Error('reading IndexedDB failed'));
        });
        parts.push(`${info.name}/${storeName}=${JSON.stringify(rows)}`);
      }
      database.close();
    }
    if ('caches' in self) {
      for (const cacheName of await caches.keys()) {
        const cache = await caches.open(cacheName);
        for (const entry of await cache.keys()) {
          const response = await cache.match(entry);
          parts.push(`${cacheName} ${entry.url}=${response ? await response.clone().text() : ''}`);
        }
      }
    }
    if ('serviceWorker' in navigator) {
      for (const registration of await navigator.serviceWorker.getRegistrations()) {
        parts.push(`service worker ${registration.scope} ${registration.active?.scriptURL ?? ''}`);
      }
    }
    return parts.join('\n');
  });
}

/** Writes `${marker}-<kind>` into each kind of storage; `removeStorageProbes` takes them out again. */
export async function plantStorageProbes(page: Page, marker: string): Promise<string[]> {
  await page.evaluate(async (prefix) => {
    localStorage.setItem(`${prefix}-key`, `${prefix}-local`);
    sessionStorage.setItem(`${prefix}-key`, `${prefix}-session`);
    await new Promise<void>((resolve, reject) => {
      const opening = indexedDB.open(`${prefix}-db`, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore('rows', { autoIncrement: true });
      opening.onsuccess = () => {
        const writing = opening.result.transaction('rows', 'readwrite');
        writing.objectStore('rows').add(`${prefix}-indexeddb`);
        writing.oncomplete = () => { opening.result.close(); resolve(); };
        writing.onerror = () => reject(writing.error ?? new Error('writing IndexedDB failed'));
      };
      opening.onerror = () => reject(opening.error ?? new Error('opening IndexedDB failed'));
    });
    const cache = await caches.open(`${prefix}-cache`);
    await cache.put('/probe', new Response(`${prefix}-cache`));
  }, marker);
  return storageKinds.map((kind) => `${marker}-${kind}`);
}

export async function removeStorageProbes(page: Page, marker: string): Promise<void> {
  await page.evaluate(async (prefix) => {
    localStorage.removeItem(`${prefix}-key`);
    sessionStorage.removeItem(`${prefix}-key`);
    await new Promise<void>((resolve, reject) => {
      const deleting = indexedDB.deleteDatabase(`${prefix}-db`);
      deleting.onsuccess = () => resolve();
      deleting.onerror = () => reject(deleting.error ?? new Error('deleting IndexedDB failed'));
    });
    await caches.delete(`${prefix}-cache`);
  }, marker);
}
