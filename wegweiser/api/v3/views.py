"""The v3 endpoints: plain Django views (the output format is Integreat's, not a schema of
ours). Each GET resolves region and language, then serves a precomputed response."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_scopes import scope

from wegweiser.api.cache import cached, guide_lookup, region_lookup, respond
from wegweiser.api.v3 import content, pages
from wegweiser.api.v3.common import error, language_dict, normalise_path, region_dict
from wegweiser.guide.models import Event, GuideState, Offer, Place
from wegweiser.guide.public_selectors import Guide, guide_languages, guide_region_slugs, published
from wegweiser.tenancy.models import Region

REGION_NOT_FOUND = "No region matches the given query."
LANGUAGE_NOT_FOUND = "No language matches the given query."
PAGE_NOT_FOUND = "No Page matches the given url or id."
URL_NOT_FOUND = "No matching page translation found for url."
READ_METHODS = {"GET", "HEAD"}
GuideView = Callable[..., HttpResponse]


def preflight(methods: str) -> HttpResponse:
    return HttpResponse(
        status=204,
        headers={
            "Access-Control-Allow-Origin": "*",
            "Access-Control-Allow-Methods": methods,
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "86400",
        },
    )


def _method_check(request: HttpRequest, allowed: set[str]) -> HttpResponse | None:
    if request.method == "OPTIONS":
        return preflight(", ".join(sorted(allowed | {"OPTIONS"})))
    if request.method not in allowed:
        response = error("Method not allowed.", 405)
        response["Allow"] = ", ".join(sorted(allowed))
        return response
    return None


def _region(region_slug: str) -> Region | None:
    return region_lookup(region_slug)  # remembered per process: no query per request


def guide_view(view: GuideView, methods: set[str] = READ_METHODS) -> GuideView:
    """Resolve ``<region>/<language>``: JSON 404 for an unknown region or language; the
    view runs inside the region's scope with the ``Guide``."""

    @wraps(view)
    def wrapper(request: HttpRequest, region_slug: str, language_code: str, **kwargs: Any) -> HttpResponse:
        refused = _method_check(request, methods)
        if refused is not None:
            return refused
        region = _region(region_slug)
        if region is None:
            return error(REGION_NOT_FOUND, 404)
        with scope(region=region):
            guide = guide_lookup(region, language_code)
            if guide is None:
                return error(LANGUAGE_NOT_FOUND, 404)
            return view(request, guide, **kwargs)

    return wrapper


def _serve(request: HttpRequest, guide: Guide, key: str, make: Callable[[], Any]) -> HttpResponse:
    built = cached(f"v3:{guide.language.code}:{key}", guide.region.pk, make)
    return respond(request, built, cors=True)


def _flag(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


# Regions and languages ------------------------------------------------------------------------


def _region_payload(region: Region) -> dict[str, Any]:
    _source, languages = guide_languages(region=region)
    has = {
        "offers": published(region=region, model=Offer).exists(),
        "events": published(region=region, model=Event).exists(),
        "places": published(region=region, model=Place).exists(),
    }
    return region_dict(region, languages, has=has)


def regions_view(request: HttpRequest) -> HttpResponse:
    """Every region whose public guide is open."""
    refused = _method_check(request, READ_METHODS)
    if refused is not None:
        return refused
    # The list spans regions: its key changes with any region's content or the regions table.
    state = GuideState.objects.aggregate(total=Sum("seq"))["total"] or 0
    changed = Region.objects.aggregate(last=Max("updated_at"))["last"]
    stamp = changed.timestamp() if changed else 0

    def make() -> list[dict[str, Any]]:
        result = []
        for region in Region.objects.filter(slug__in=guide_region_slugs()).order_by("name"):
            with scope(region=region):
                result.append(_region_payload(region))
        return result

    return respond(request, cached(f"v3:regions:{state}:{stamp}", 0, make), cors=True)


def region_view(request: HttpRequest, region_slug: str) -> HttpResponse:
    refused = _method_check(request, READ_METHODS)
    if refused is not None:
        return refused
    region = _region(region_slug)
    if region is None or region.slug not in guide_region_slugs():
        return error(REGION_NOT_FOUND, 404)
    with scope(region=region):
        built = cached("v3:region", region.pk, lambda: _region_payload(region))
    return respond(request, built, cors=True)


def languages_view(request: HttpRequest, region_slug: str) -> HttpResponse:
    refused = _method_check(request, READ_METHODS)
    if refused is not None:
        return refused
    region = _region(region_slug)
    if region is None:
        return error(REGION_NOT_FOUND, 404)
    with scope(region=region):
        source, languages = guide_languages(region=region)
        if source is None:
            return error(REGION_NOT_FOUND, 404)
        built = cached("v3:languages", region.pk, lambda: [language_dict(lang) for lang in languages])
    return respond(request, built, cors=True)


# Pages ----------------------------------------------------------------------------------------


def _page_id(request: HttpRequest, index: pages.PageIndex) -> tuple[int | None, HttpResponse | None]:
    """The page a request names by ``?id=`` (Wegweiser's page id) or ``?url=``."""
    raw_id, url = request.GET.get("id", "").strip(), request.GET.get("url", "").strip()
    if raw_id:
        if not (raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 18):
            return None, error("The id must be a positive whole number.", 400)
        if int(raw_id) not in index.entries:
            return None, error(PAGE_NOT_FOUND, 404)
        return int(raw_id), None
    if url:
        page_id = index.by_path.get(normalise_path(url))
        if page_id is None:
            return None, error(URL_NOT_FOUND, 404)
        return page_id, None
    return None, None


@guide_view
def pages_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    return _serve(request, guide, "pages", lambda: pages.pages_payload(pages.page_index(guide)))


@guide_view
def page_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    index = pages.page_index(guide)
    page_id, problem = _page_id(request, index)
    if problem is not None:
        return problem
    if page_id is None:
        return error("Give the page's id or url.", 400)
    return _serve(request, guide, f"page:{page_id}", lambda: index.entries[page_id])


@guide_view
def children_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    raw_depth = request.GET.get("depth", "1").strip() or "1"
    if not (raw_depth.isascii() and raw_depth.isdigit() and 0 < len(raw_depth) <= 3 and int(raw_depth) > 0):
        return error("The depth must be a whole number of 1 or more.", 400)
    depth = min(int(raw_depth), pages.MAX_DEPTH)
    index = pages.page_index(guide)
    page_id, problem = _page_id(request, index)
    if problem is not None:
        return problem
    return _serve(
        request, guide, f"children:{page_id or 0}:{depth}", lambda: pages.children_payload(index, page_id, depth)
    )


@guide_view
def parents_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    index = pages.page_index(guide)
    page_id, problem = _page_id(request, index)
    if problem is not None:
        return problem
    if page_id is None:
        return error("Give the page's id or url.", 400)
    return _serve(request, guide, f"parents:{page_id}", lambda: pages.parents_payload(index, page_id))


# Other content ----------------------------------------------------------------------------------


@guide_view
def locations_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    on_map = _flag(request, "on_map")
    return _serve(request, guide, f"locations:{on_map:d}", lambda: content.locations_payload(guide, on_map=on_map))


@guide_view
def location_categories_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    return _serve(request, guide, "location-categories", lambda: content.location_categories_payload(guide))


@guide_view
def events_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    combine = _flag(request, "combine_recurring")
    today = timezone.localdate()
    return _serve(
        request,
        guide,
        f"events:{combine:d}:{today.isoformat()}",
        lambda: content.events_payload(guide, today=today, combine_recurring=combine),
    )


@guide_view
def imprint_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    return _serve(request, guide, "imprint", lambda: content.imprint_payload(guide))


@guide_view
def news_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    return _serve(request, guide, "news", lambda: content.news_payload(guide))


@guide_view
def offers_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    return _serve(request, guide, "offers", lambda: content.offers_payload(guide))
