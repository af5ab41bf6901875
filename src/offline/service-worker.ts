// The lab's service worker, built as sw.js at the site's root (vite.config.ts fills in the file list).
// After one visit the lab opens and runs with the network off: the built files are precached on install,
// old caches are dropped on activate, and each fetch is answered as precache.ts's fetchPlan says.
import { fetchPlan } from './precache.ts';

const sw = self as unknown as ServiceWorkerGlobalScope;
/** Filled in by the build: the precache list (precacheList) and its version (cacheVersion), as JSON. */
const BUILD = JSON.parse('__SYNTHLAB_PRECACHE_JSON__') as { version: string; files: string[] };

const absolute = (f: string) => new URL(f, sw.registration.scope).href;
const precached = () => new Set(BUILD.files.map(absolute));

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(BUILD.version)
      .then((cache) => cache.addAll(BUILD.files.map(absolute)))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('synthlab-') && k !== BUILD.version).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  const plan = fetchPlan(req, sw.registration.scope, precached());
  if (plan === 'pass') return;
  const cached = (url: string) => caches.open(BUILD.version).then((c) => c.match(url));
  if (plan === 'network-first') {
    // Any page of the site is the lab (its state is in the hash): offline, the cached root answers.
    event.respondWith(fetch(req).catch(() => cached(absolute('./')).then((r) => r ?? Response.error())));
    return;
  }
  const url = new URL(req.url);
  event.respondWith(cached(url.origin + url.pathname).then((hit) => hit ?? fetch(req)));
});
