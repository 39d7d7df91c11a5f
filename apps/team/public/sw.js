// Offline shell of the team view: a phone that lost the venue Wi-Fi can still open the page and
// read its last known state (kept in localStorage by the app). Pages: network first, the cached
// copy when offline. Hashed assets: cache first (their names change with their content).
// The API and the live feed are never cached: scores are only ever shown with their age.
const CACHE = 'podium-team-v1';
const SCOPE = new URL(self.registration.scope).pathname; // "/team/"

/** The shell and the hashed assets it names (the first visit loaded them before this worker ran). */
async function cacheShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch(SCOPE, { cache: 'no-cache' });
  // Failing the install (not installing an empty shell) lets the page try again later.
  if (!response.ok) throw new Error(`shell answered ${response.status}`);
  const html = await response.clone().text();
  await cache.put(SCOPE, response);
  const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((href) => href.startsWith(SCOPE));
  await cache.addAll([...new Set(assets)]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith(SCOPE)) return;
  if (url.pathname.startsWith(`${SCOPE}assets/`)) {
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              void caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
    return;
  }
  // A page (any client route shows the same shell): the network's answer, else the cached shell.
  const isPage = request.mode === 'navigate';
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          void caches.open(CACHE).then((cache) => cache.put(isPage ? SCOPE : request, copy));
        }
        return response;
      })
      .catch(() => caches.match(isPage ? SCOPE : request).then((hit) => hit || Response.error())),
  );
});
