"""The operations of API v1. Thin: resolve region and language, validate parameters, and
serve the builder's payload precomputed through ``wegweiser.api.cache`` (strong ETag, 304,
gzip and brotli)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from wegweiser.api.cache import build, cached, guide_lookup, region_lookup, respond
from wegweiser.api.v1 import builders, schemas
from wegweiser.guide import services
from wegweiser.guide.models import ContentItem
from wegweiser.guide.public_selectors import (
    Guide,
    event_category_list,
    guide_languages,
    offer_filter_options,
    published,
    shown_get,
)
from wegweiser.guide.schedule import BERLIN, today_start
from wegweiser.public.guide.feedback import feedback_over_limit
from wegweiser.tenancy.models import Region

router = Router()

EVENT_DAYS = 90  # the default window: today and the next 90 days
EVENT_MAX_DAYS = 366
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
MAX_SEQ = 2**62
GUIDE = "/regions/{region}/{language}"
ERRORS: dict[int, Any] = {404: schemas.Error, 422: schemas.Error}


def _get(schema: Any) -> dict[int, Any]:
    return {200: schema, 304: None, **ERRORS}


def _region(slug: str) -> Region:
    region = region_lookup(slug)  # remembered per process: no query per request
    if region is None:
        raise HttpError(404, f"There is no region “{slug}”.")
    return region


@contextmanager
def _guide(region_slug: str, language_code: str) -> Iterator[Guide]:
    """The region's guide in the language, inside the region's scope; 404 when unknown."""
    region = _region(region_slug)
    with scope(region=region):
        guide = guide_lookup(region, language_code)
        if guide is None:
            raise HttpError(404, f"Region “{region_slug}” has no language “{language_code}”.")
        yield guide


def _serve(request: HttpRequest, guide: Guide, key: str, make: Callable[[], Any]) -> HttpResponse:
    built = cached(f"v1:{guide.language.code}:{key}", guide.region.pk, make)
    return respond(request, built, cors=True)


# Regions and languages -----------------------------------------------------------------------


@router.get("/regions", response=_get(list[schemas.Region]), summary="Regions with a public guide")
def region_list(request: HttpRequest) -> HttpResponse:
    return respond(request, build(builders.region_list_payload()), cors=True)


@router.get("/regions/{region}/languages", response=_get(list[schemas.Language]), summary="A region's languages")
def language_list(request: HttpRequest, region: str) -> HttpResponse:
    found = _region(region)
    with scope(region=found):
        source, languages = guide_languages(region=found)
        if source is None:
            raise HttpError(404, f"Region “{region}” has no public guide.")
        built = cached(
            "v1:languages", found.pk, lambda: builders.language_list_payload(source=source, languages=languages)
        )
    return respond(request, built, cors=True)


# Pages -----------------------------------------------------------------------------------------


@router.get(f"{GUIDE}/pages", response=_get(list[schemas.PageNode]), summary="The page tree")
def page_tree(request: HttpRequest, region: str, language: str) -> HttpResponse:
    with _guide(region, language) as guide:
        return _serve(request, guide, "pages", lambda: builders.page_tree_payload(guide))


@router.get(f"{GUIDE}/pages/{{page_id}}", response=_get(schemas.PageDetail), summary="One page")
def page_detail(request: HttpRequest, region: str, language: str, page_id: int) -> HttpResponse:
    with _guide(region, language) as guide:
        if not 0 < page_id <= MAX_SEQ:
            raise HttpError(404, "There is no such page.")

        def make() -> Any:
            return builders.page_payload(guide, page_id)

        built = cached(f"v1:{guide.language.code}:page:{page_id}", guide.region.pk, make)
        if built.raw == b"null":
            raise HttpError(404, "There is no such page.")
        return respond(request, built, cors=True)


# Offers and places -------------------------------------------------------------------------------


class OfferQuery(Schema):
    commune: str = Field("", max_length=20, description="A commune's official key (AGS).")
    kind: str = Field("", max_length=40, description="An offer kind, e.g. language_course.")
    target_group: str = Field("", max_length=60)
    language_spoken: str = Field("", max_length=10, description="A language code.")


@router.get(f"{GUIDE}/offers", response=_get(list[schemas.Offer]), summary="Offers, optionally filtered")
def offer_list(request: HttpRequest, region: str, language: str, filters: Query[OfferQuery]) -> HttpResponse:
    with _guide(region, language) as guide:
        options = offer_filter_options(region=guide.region)
        chosen: dict[str, Any] = {"offer_kind": filters.kind}
        allowed: list[tuple[str, str, dict[str, Any]]] = [
            ("commune", filters.commune, {c.ags: c for c in options.communes}),
            ("target_group", filters.target_group, {g.code: g for g in options.target_groups}),
            ("language_spoken", filters.language_spoken, {lang.code: lang for lang in options.languages}),
            ("kind", filters.kind, dict(options.offer_kinds)),
        ]
        for name, value, values in allowed:
            if value and value not in values:
                raise HttpError(422, f"“{value}” is not a value of the filter “{name}” here.")
            if name != "kind":
                chosen[name] = values.get(value)
        key = f"offers:{filters.commune}:{filters.kind}:{filters.target_group}:{filters.language_spoken}"
        return _serve(request, guide, key, lambda: builders.offer_list_payload(guide, **chosen))


@router.get(f"{GUIDE}/offer-filters", response=_get(schemas.OfferFilters), summary="The offers' filter values")
def offer_filters(request: HttpRequest, region: str, language: str) -> HttpResponse:
    with _guide(region, language) as guide:
        return _serve(request, guide, "offer-filters", lambda: builders.offer_filters_payload(guide))


@router.get(f"{GUIDE}/places", response=_get(list[schemas.Place]), summary="Places")
def place_list(request: HttpRequest, region: str, language: str) -> HttpResponse:
    with _guide(region, language) as guide:
        return _serve(request, guide, "places", lambda: builders.place_list_payload(guide))


# Events, news, imprint, search --------------------------------------------------------------------


class Window(Schema):
    start: date | None = Field(None, alias="from", description="First day (default: today, Europe/Berlin).")
    end: date | None = Field(None, alias="to", description="Last day (default: 90 days later; at most 366 days).")


def _window(window: Window) -> tuple[datetime, datetime]:
    """``[from 00:00, the day after to 00:00)`` in Europe/Berlin."""
    first = window.start or today_start().date()
    last = window.end or first + timedelta(days=EVENT_DAYS)
    for value in (first, last):
        if not EARLIEST <= value <= LATEST:
            raise HttpError(422, f"Dates must lie between {EARLIEST} and {LATEST}.")
    if last < first:
        raise HttpError(422, "“to” must not be before “from”.")
    if (last - first).days > EVENT_MAX_DAYS:
        raise HttpError(422, f"The window from “from” to “to” may span at most {EVENT_MAX_DAYS} days.")
    start = datetime.combine(first, time(0, 0), tzinfo=BERLIN)
    return start, datetime.combine(last + timedelta(days=1), time(0, 0), tzinfo=BERLIN)


class EventQuery(Window):
    category: str = Field("", max_length=60, description="An event category's slug.")


@router.get(f"{GUIDE}/events", response=_get(list[schemas.Event]), summary="Events in a date window")
def event_list(request: HttpRequest, region: str, language: str, query: Query[EventQuery]) -> HttpResponse:
    with _guide(region, language) as guide:
        start, end = _window(query)
        category = None
        if query.category:
            category = event_category_list(region=guide.region).filter(slug=query.category).first()
            if category is None:
                raise HttpError(422, f"There is no event category “{query.category}”.")
        key = f"events:{start.date()}:{end.date()}:{query.category}"
        return _serve(
            request, guide, key, lambda: builders.event_list_payload(guide, start=start, end=end, category=category)
        )


@router.get(f"{GUIDE}/event-categories", response=_get(list[schemas.EventCategory]), summary="Event categories")
def event_category_index(request: HttpRequest, region: str, language: str) -> HttpResponse:
    with _guide(region, language) as guide:
        return _serve(request, guide, "event-categories", lambda: builders.event_category_list_payload(guide))


@router.get(f"{GUIDE}/news", response=_get(list[schemas.News]), summary="News, newest first")
def news_list(request: HttpRequest, region: str, language: str) -> HttpResponse:
    with _guide(region, language) as guide:
        return _serve(request, guide, "news", lambda: builders.news_list_payload(guide))


@router.get(f"{GUIDE}/imprint", response=_get(schemas.Text), summary="The imprint")
def imprint(request: HttpRequest, region: str, language: str) -> HttpResponse:
    with _guide(region, language) as guide:
        built = cached(f"v1:{guide.language.code}:imprint", guide.region.pk, lambda: builders.imprint_payload(guide))
        if built.raw == b"null":
            raise HttpError(404, "This region has no imprint yet.")
        return respond(request, built, cors=True)


class SearchQuery(Schema):
    q: str = Field(min_length=1, max_length=200, description="Words to search for.")


@router.get(f"{GUIDE}/search", response=_get(list[schemas.SearchHit]), summary="Search")
def search(request: HttpRequest, region: str, language: str, query: Query[SearchQuery]) -> HttpResponse:
    with _guide(region, language) as guide:
        # Not stored: the queries are endless; the search index itself is precomputed.
        return respond(request, build(builders.search_payload(guide, query.q)), cors=True)


# The bundle -----------------------------------------------------------------------------------------


class BundleQuery(Window):
    since: int | None = Field(None, ge=0, le=MAX_SEQ, description="The ``seq`` of the client's last bundle.")


@router.get(f"{GUIDE}/bundle", response=_get(schemas.Bundle), summary="Everything, or what changed since")
def bundle(request: HttpRequest, region: str, language: str, query: Query[BundleQuery]) -> HttpResponse:
    with _guide(region, language) as guide:
        start, end = _window(query)
        window = f"{start.date()}:{end.date()}"

        def make_full() -> Any:
            return builders.bundle_payload(guide, start=start, end=end)

        full = cached(f"v1:{guide.language.code}:bundle:{window}", guide.region.pk, make_full)
        since = query.since
        if since is None:
            return respond(request, full, cors=True)

        def make_delta() -> Any:
            payload = json.loads(full.raw)
            # A number from the future comes from another database (restored, reset): all anew.
            return payload if since > payload["seq"] else builders.bundle_delta(guide, payload, since=since)

        return _serve(request, guide, f"bundle:{window}:since:{since}", make_delta)


# Feedback --------------------------------------------------------------------------------------------


@router.post(
    f"{GUIDE}/feedback",
    response={201: schemas.FeedbackOut, 400: schemas.Error, 404: schemas.Error, 422: schemas.Error, 429: schemas.Error},
    summary="“Was this helpful?”",
)
def feedback(request: HttpRequest, region: str, language: str, data: schemas.FeedbackIn) -> Status[Any]:
    with _guide(region, language) as guide:
        if feedback_over_limit(request):
            raise HttpError(429, "Too much feedback from this address in a short time. Please try again in an hour.")
        item = published(region=guide.region, model=ContentItem).filter(pk=data.item_id).first()
        shown = shown_get(guide, item.concrete() if item else None)
        if shown is None:
            raise HttpError(404, "There is no such item.")
        try:
            saved = services.feedback_submit(
                region=guide.region,
                item=shown.item,
                language=guide.language,
                is_helpful=data.is_helpful,
                comment=data.comment,
            )
        except ValidationError as exc:
            raise HttpError(400, " ".join(exc.messages)) from exc
        return Status(201, {"item_id": shown.item.pk, "is_helpful": saved.is_helpful, "comment": saved.comment})
