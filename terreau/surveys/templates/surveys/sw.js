// Terreau's survey service worker: the form pages and their files reopen without network.
// Pages: network first (they carry the latest version and a fresh CSRF token), the cached
// copy when the network fails or is too slow. Static files: cache first. The API is left
// alone: answers wait in the page's IndexedDB queue (queue.js), never in this cache.
const STATIC_PREFIX = "{{ static_prefix|escapejs }}";
const CACHE = "{{ cache_name }}";  // changes with the files it keeps
{% verbatim %}
const PAGE_TIMEOUT_MS = 3000;
const FORM_PAGE = /\/enquetes\/(collecte|r)\/[^/]+\/$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("terreau-enquetes-") && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("délai dépassé")), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); },
                 (error) => { clearTimeout(timer); reject(error); });
  });
}

async function pageFromNetworkOrCache(request) {
  const cache = await caches.open(CACHE);
  const key = request.url.split("?")[0].split("#")[0];
  try {
    const response = await withTimeout(fetch(request), PAGE_TIMEOUT_MS);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw error;
  }
}

async function staticFromCacheOrNetwork(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && FORM_PAGE.test(url.pathname)) {
    event.respondWith(pageFromNetworkOrCache(request));
  } else if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(staticFromCacheOrNetwork(request));
  }
});
{% endverbatim %}
