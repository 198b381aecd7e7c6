// Encours service worker: keeps the app shell usable offline.
// tools/postbuild.mjs replaces the two lines below with the build's version and file list,
// so a new deploy changes this file, the browser installs the new worker, and old caches go.
const VERSION = "dev";
const ASSETS = ["./", "index.html"];

const CACHE = "encours-" + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("encours-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    // Pages: the network first (a fresh deploy wins), the cached shell when offline.
    event.respondWith(
      fetch(req).catch(() => caches.match("index.html", { ignoreSearch: true }).then((r) => r || caches.match("./")))
    );
    return;
  }
  // Assets carry content hashes: the cache first.
  event.respondWith(
    caches.match(req, { ignoreSearch: true }).then((hit) => hit || fetch(req).then((res) => {
      if (res.ok) {
        const copy = res.clone();
        caches.open(CACHE).then((c) => c.put(req, copy));
      }
      return res;
    }))
  );
});
