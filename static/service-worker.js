// The playground's service worker: after a first visit, the page works offline.
//
// scripts/post-build writes it into every build from this template: FILES lists the
// build's shell (the page, its styles and icon) and VERSION names the build, so a new
// build installs beside the old one and then removes the old cache, nothing mixed.
// The views' modules (JS and wasm) are not fetched ahead: each is cached the first time a
// page loads it, so a reader of one view downloads no other, and every view visited once
// works offline.
// Paths are relative to the worker, so a build copied under any folder of any host works.
const CACHE = 'verify-playground-__VERSION__';
const FILES = __FILES__;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('verify-playground-') && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

// The modules a page loaded before this worker controlled it (its first visit), sent by
// index.html: kept like those loaded since.
self.addEventListener('message', (event) => {
  const scope = self.registration.scope;
  const urls = Array.isArray(event.data?.keep)
    ? event.data.keep.filter((url) => typeof url === 'string' && url.startsWith(scope))
    : [];
  if (urls.length > 0) {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(urls)).catch(() => {}));
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const scope = new URL(self.registration.scope);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  const path = url.pathname.slice(scope.pathname.length);
  // An emulator's API and event stream are live: never from the cache.
  if (path.startsWith('_sim/') || path.startsWith('verify/')) return;
  if (request.mode === 'navigate') {
    // The page: from the network when there is one (a new build shows at once), else
    // the cached copy, whatever the query (?embed, ?workflow_id=...).
    event.respondWith(
      fetch(request).catch(() =>
        caches.match('./', { ignoreSearch: true }).then((page) => page || Response.error()),
      ),
    );
    return;
  }
  event.respondWith(
    caches.match(request).then(
      (hit) =>
        hit ||
        fetch(request).then((response) => {
          if (response.ok) {
            const copy = response.clone();
            event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
          }
          return response;
        }),
    ),
  );
});
