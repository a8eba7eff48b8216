"""The offline guide: the web app manifest and service worker at the site root, and per
region and language what to save (``offline/``, a path segment no page may take)."""

from django.urls import URLPattern, path

from wegweiser.public import offline

GUIDE = "<slug:region_slug>/<slug:language_code>/offline/"

urlpatterns: list[URLPattern] = [
    path("manifest.webmanifest", offline.webmanifest_view, name="webmanifest"),
    path("sw.js", offline.service_worker_view, name="service_worker"),
    path(GUIDE, offline.offline_page_view, name="offline"),
    path(f"{GUIDE}app.webmanifest", offline.region_webmanifest_view, name="offline_webmanifest"),
    path(f"{GUIDE}manifest.json", offline.offline_manifest_view, name="offline_manifest"),
    path(f"{GUIDE}search.json", offline.offline_search_view, name="offline_search"),
]
