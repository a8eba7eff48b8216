"""The offline guide (PWA): a visitor saves a region's guide in one language and reads and
searches it without a network; later visits fetch only what changed since.

- ``/manifest.webmanifest`` and ``/<region>/<lang>/offline/app.webmanifest``: the web app manifest;
- ``/sw.js``: the service worker, served from the site root so that its scope is the whole site;
- ``/<region>/<lang>/offline/manifest.json``: where the content comes from (the API v1 bundle,
  whose ``since`` gives only what changed and what is gone), the guide's list pages with the
  kinds of item they show, and the styles, scripts and icons every saved page needs;
- ``/<region>/<lang>/offline/search.json``: the texts for the offline search, which runs
  ``wegweiser.guide.search`` ported to JavaScript (``public/offline.js``);
- ``/<region>/<lang>/offline/``: the page the service worker answers with when a page was
  not saved, and the offline search's results page.

``offline_listing`` decides what counts as changed and as gone for the bundle's delta. A
page's URL is its slug path through its ancestors; so a page counts as changed when it or one
of its ancestors changed (moved, renamed, unpublished).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from wegweiser.audit.selectors import audit_entry_list
from wegweiser.guide.models import ContentItem, GuideState, Page
from wegweiser.guide.public_selectors import Guide, search_index_get
from wegweiser.guide.search import Document
from wegweiser.public import links
from wegweiser.public.guide.base import guide_render, guide_view, lang_tag
from wegweiser.tenancy.models import Region

THEME_COLOUR = "#0b5cab"
# The guide's fixed pages that list items, by the kind they list.
LISTS: dict[str, str] = {
    ContentItem.Kind.OFFER: "offer_list",
    ContentItem.Kind.PLACE: "place_list",
    ContentItem.Kind.EVENT: "event_list",
    ContentItem.Kind.NEWS: "news_list",
}
# Staff and account areas: the service worker leaves them alone.
SW_BYPASS = ["/app/", "/admin/", "/accounts/", "/invitation/", "/i18n/"]


# ---------------------------------------------------------------------------- reads


@dataclass(frozen=True)
class OfflineEntry:
    """An item's public URL and when it last changed (``seq``), counting, for a page, the
    changes of its ancestors (``chain``: the item and its ancestors)."""

    item_id: int
    url: str
    seq: int
    chain: tuple[int, ...] = ()


@dataclass(frozen=True)
class OfflineListing:
    seq: int  # the region's change counter now
    entries: list[OfflineEntry]  # what a visitor sees now, one entry per URL
    hidden: list[OfflineEntry]  # items not shown (draft, archived, below a hidden page)
    published: frozenset[int]  # ids of the published items


def guide_seq(*, region: Region) -> int:
    return GuideState.objects.filter(region=region).values_list("seq", flat=True).first() or 0


def _chain(pk: int, parents: dict[int, int | None]) -> list[int]:
    """The page and its ancestors."""
    chain = [pk]
    while (parent := parents.get(chain[-1])) is not None and parent not in chain:
        chain.append(parent)
    return chain


def offline_listing(guide: Guide) -> OfflineListing:
    """Every item's URL: a fixed number of queries, whatever the guide's size. A page counts
    as changed when it or an ancestor changed, since its URL and visibility depend on them."""
    region, language = guide.region, guide.language
    items = list(ContentItem.objects.filter(region=region).only("pk", "kind", "status", "change_seq").order_by("pk"))
    by_id = {item.pk: item for item in items}
    parents: dict[int, int | None] = dict(Page.objects.filter(region=region).values_list("pk", "parent_id"))
    urls = links.item_urls(region=region, language=language, items=items)
    published = ContentItem.Status.PUBLISHED
    entries: dict[str, OfflineEntry] = {}  # by URL: one imprint, however many rows
    hidden: list[OfflineEntry] = []
    for item in items:
        chain = _chain(item.pk, parents) if item.kind == ContentItem.Kind.PAGE else [item.pk]
        seq = max(by_id[pk].change_seq for pk in chain if pk in by_id)
        entry = OfflineEntry(item_id=item.pk, url=urls[item.pk], seq=seq, chain=tuple(chain))
        if all(by_id[pk].status == published for pk in chain if pk in by_id):
            if entry.url not in entries or entries[entry.url].seq < seq:
                entries[entry.url] = entry
        else:
            hidden.append(entry)
    return OfflineListing(
        seq=guide_seq(region=region),
        entries=list(entries.values()),
        hidden=hidden,
        published=frozenset(item.pk for item in items if item.status == published),
    )


def once_published(region: Region, ids: Iterable[int]) -> set[int]:
    """Of the items ``ids`` (not published now), those that were published before."""
    rows = (
        audit_entry_list(region=region)
        .filter(action__endswith=".status_changed", target_id__in=[str(pk) for pk in ids])
        .values_list("target_id", "changes")
    )
    return {int(target) for target, changes in rows if changes.get("status", {}).get("before") == "published"}


def offline_manifest(guide: Guide) -> dict[str, Any]:
    """What a client saves besides the items of the bundle: the list pages, each with the
    kinds of item whose change renews it (``None``: any change), and the assets."""
    region, language = guide.region, guide.language
    args = [region.slug, language.code]
    pages: list[dict[str, Any]] = [
        {"url": links.guide_url(region, language), "kinds": None},
        *({"url": links.guide_url(region, language, name), "kinds": [kind]} for kind, name in LISTS.items()),
        {"url": reverse("public:offline_search", args=args), "kinds": None},
    ]
    return {
        "region": region.slug,
        "language": language.code,
        "bundle": reverse("api-v1:bundle", kwargs={"region": region.slug, "language": language.code}),
        "pages": pages,
        "assets": offline_assets(guide),
    }


@functools.cache
def _public_static_names() -> tuple[str, ...]:
    """The public app's styles, scripts and icons (the files do not change while running)."""
    names = {"wegweiser/icon.svg"}  # the guide's favicon
    for finder in finders.get_finders():
        for path, _storage in finder.list([]):
            path = path.replace("\\", "/")
            if path.startswith("public/") and path.endswith((".css", ".js", ".svg")):
                names.add(path)
    return tuple(sorted(names))


def offline_assets(guide: Guide) -> list[str]:
    """What every saved page needs: styles, scripts, icons, and the offline page."""
    args = [guide.region.slug, guide.language.code]
    return [
        *(static(name) for name in _public_static_names()),
        reverse("public:offline_webmanifest", args=args),
        reverse("public:offline", args=args),
    ]


def offline_documents(guide: Guide) -> list[Document]:
    """The online search's documents (same titles and texts, same order), keyed by URL."""
    indexed, hits = search_index_get(guide)
    documents = []
    for entry in indexed:
        hit = hits[entry.document.key]
        if hit.kind == ContentItem.Kind.PAGE:
            url = links.page_url(guide.region, guide.language, hit.slugs)
        else:
            url = links.slug_url(guide.region, guide.language, hit.kind, hit.slugs[0])
        documents.append(Document(key=url, title=entry.document.title, text=entry.document.text))
    return documents


# ---------------------------------------------------------------------------- views


def _json(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-cache"
    return response


def _webmanifest(data: dict[str, Any]) -> HttpResponse:
    icons = [
        {"src": static("public/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        {"src": static("public/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("public/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
    ]
    body = {
        "short_name": "Wegweiser",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": icons,
        **data,
    }
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json")


def webmanifest_view(request: HttpRequest) -> HttpResponse:
    """The site's manifest (the region chooser is its start)."""
    return _webmanifest({"name": "Wegweiser", "start_url": "/", "id": "/", "lang": "de", "dir": "ltr"})


@guide_view
def region_webmanifest_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    """A region's guide in one language as an installable app."""
    start = links.guide_url(guide.region, guide.language)
    return _webmanifest(
        {
            "name": f"Wegweiser {guide.region.name}",
            "description": _("Guide for newcomers in %(region)s") % {"region": guide.region.name},
            "start_url": start,
            "id": start,
            "lang": lang_tag(guide.language),
            "dir": guide.language.dir,
        }
    )


@never_cache
def service_worker_view(request: HttpRequest) -> HttpResponse:
    context = {"bypass_json": json.dumps(SW_BYPASS)}
    response = render(request, "public/offline/sw.js", context, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@guide_view
def offline_manifest_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    return _json(offline_manifest(guide))


@guide_view
def offline_search_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    key = f"offline-search:{guide.region.pk}:{guide.language.code}:{guide_seq(region=guide.region)}"
    documents = cache.get(key)
    if documents is None:
        documents = [{"url": d.key, "title": d.title, "text": d.text} for d in offline_documents(guide)]
        cache.set(key, documents, 60 * 60 * 24)
    return _json(documents)


@guide_view
def offline_page_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    """Shown by the service worker for a page that was not saved, and for the offline search."""
    return guide_render(request, guide, "public/offline/offline.html")
