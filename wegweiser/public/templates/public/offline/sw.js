{% load i18n %}/* Wegweiser's service worker. Network first: a visitor online always gets the current
   page. Offline, a saved page comes from the caches that public/offline.js fills per region
   and language; a page that was not saved gets the guide's offline page. */
"use strict";
const BYPASS = {{ bypass_json|safe }};
{% language "de" %}{% translate "You are offline" as de_title %}{% translate "This page has not been saved for offline use." as de_text %}{% endlanguage %}{% language "en" %}{% translate "You are offline" as en_title %}{% translate "This page has not been saved for offline use." as en_text %}{% endlanguage %}const FALLBACK = "<!doctype html><html lang=\"de\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Offline · Wegweiser</title><main><h1>{{ de_title|escapejs }}</h1><p>{{ de_text|escapejs }}</p><h2 lang=\"en\">{{ en_title|escapejs }}</h2><p lang=\"en\">{{ en_text|escapejs }}</p></main></html>";
const MATCH = { ignoreVary: true };

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (BYPASS.some((prefix) => url.pathname.startsWith(prefix))) return;
  event.respondWith(fetch(request).catch(() => fromCache(request, url)));
});

async function fromCache(request, url) {
  const saved = await caches.match(request, MATCH);
  if (saved) return saved;
  if (request.mode !== "navigate") return Response.error();
  // /<region>/<lang>/…: that guide's offline page, which also runs the offline search.
  const [, region, lang] = url.pathname.split("/");
  if (region && lang) {
    const page = await caches.match(`/${region}/${lang}/offline/`, MATCH);
    if (page) return page;
  }
  return new Response(FALLBACK, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}
