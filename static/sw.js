// fideliza's service worker: after the first visit the site works offline, and a new
// deployment replaces the old one cleanly.
//
// Trunk copies this file to dist/ unhashed; its post_build hook (scripts/sw-manifest.sh)
// writes in the build's id and the list of files it produced, so every build's service
// worker differs byte-wise from the last one and the browser installs it.
//
// - install: precache every file of this build in a cache named after the build id,
//   taking the hashed files from the HTTP cache when the page has just downloaded them
//   (their names change with their contents, so a cached copy is the right one): a
//   first visit downloads the site once, not twice, which on a classroom's shared
//   connection is half the traffic. Files named the same in every build are
//   revalidated with the server (a 304 when unchanged).
// - activate: delete the caches of other builds, take control of open pages (the page
//   reloads itself onto the new version when a service worker replaces another).
// - fetch: pages (navigations) network first, falling back to the cached index.html;
//   hashed assets cache first. worker.js and worker_bg.wasm keep their names from one
//   build to the next, so the page asks for them with the worker's id in the query
//   (worker.js?v=ID, which the post_build hook also writes into index.html and into the
//   list below): cache first too, but only for that exact id, so a new page under the
//   last build's service worker gets the new worker from the network.
'use strict';

const BUILD = '__FIDELIZA_BUILD__';
const FILES = [] /* __FIDELIZA_FILES__ */;
const CACHE = 'fideliza-' + BUILD;
const PREFIX = 'fideliza-';
// Files named the same in every build, with no id in the query.
const UNHASHED = new Set(['index.html']);

const scope = new URL(self.registration.scope);
const here = (name) => new URL(name, scope).href;
// By address without the query: the worker's files are listed with theirs.
const precached = new Map(FILES.map((name) => [here(name.split('?')[0]), name]));

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // 'no-cache' asks the server whether the HTTP cache's copy of a file named the
      // same in every build is still current: it may hold the last build's.
      .then((cache) =>
        cache.addAll(FILES.map((name) => new Request(here(name), { cache: UNHASHED.has(name) ? 'no-cache' : 'default' }))),
      )
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function fromCache(request, ignoreSearch = true) {
  const cache = await caches.open(CACHE);
  return cache.match(request, { ignoreSearch });
}

async function networkFirst(request, fallback) {
  try {
    // A file named the same in every build is asked of the server, not of the HTTP
    // cache: GitHub Pages lets a browser keep a file for 10 minutes without asking, so
    // after a deployment the cache could hand back the last build's. An unchanged file
    // costs a 304. (A navigation keeps its own mode: it cannot be set.)
    return await fetch(request.mode === 'navigate' ? request : new Request(request, { cache: 'no-cache' }));
  } catch (err) {
    const cached = await fromCache(fallback);
    if (cached) return cached;
    throw err;
  }
}

async function cacheFirst(request, ignoreSearch) {
  return (await fromCache(request, ignoreSearch)) ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, here('index.html')));
    return;
  }
  url.search = '';
  url.hash = '';
  const name = precached.get(url.href);
  if (name === undefined) return;
  // A hashed name's query means nothing; the worker's id must match exactly.
  const versioned = name.includes('?');
  event.respondWith(UNHASHED.has(name) ? networkFirst(request, request) : cacheFirst(request, !versioned));
});
