// Keeps the gate page opening with no signal: the last copy of each gate page and the files it
// uses (script, styles) are kept, the network is tried first. Only GET requests of gate pages
// and static files are handled; every other request (the scans, the upload, the day's list,
// the rest of the site) goes to the network untouched.
"use strict";
var CACHE = "kunjungan-gate-v1";
var TIMEOUT_MS = 4000;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("kunjungan-gate-") === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function isGatePage(url) { return /\/kunjungan\/[^/]+\/gerbang$/.test(url.pathname); }
function isStatic(url) { return url.pathname.indexOf("/static/") !== -1; }

function networkFirst(request, key) {
  return caches.open(CACHE).then(function (cache) {
    var timer;
    var timeout = new Promise(function (resolve, reject) { timer = setTimeout(function () { reject(new Error("timeout")); }, TIMEOUT_MS); });
    return Promise.race([fetch(request), timeout]).then(function (response) {
      clearTimeout(timer);
      if (response.ok && !response.redirected) { cache.put(key, response.clone()); }
      return response;
    }).catch(function () {
      clearTimeout(timer);
      return cache.match(key).then(function (found) { return found || Response.error(); });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && isGatePage(url)) {
    // One copy per gate page whatever its query string.
    event.respondWith(networkFirst(request, url.origin + url.pathname));
  } else if (isStatic(url)) {
    event.respondWith(networkFirst(request, request.url));
  }
});
