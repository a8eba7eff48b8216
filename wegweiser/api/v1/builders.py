"""The JSON payloads of API v1, built from the public selectors (published content only).

Each builder returns plain JSON-able data in the shape of ``schemas``; the endpoints store
it precomputed through ``wegweiser.api.cache``. A fixed number of queries per list.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import translation

from wegweiser.guide.models import ContentItem, Event, EventCategory, Language, NewsItem, Offer, Place
from wegweiser.guide.public_selectors import (
    Guide,
    PublicPage,
    Shown,
    event_category_list,
    event_occurrence_list,
    guide_region_slugs,
    guide_search,
    imprint_get,
    news_list,
    offer_filter_options,
    offer_list,
    page_tree,
    place_list,
    published,
)
from wegweiser.guide.schedule import opening_hours
from wegweiser.public import links
from wegweiser.public.guide.base import ui_language
from wegweiser.public.offline import guide_seq, offline_listing, once_published
from wegweiser.tenancy.models import Region


def _text(shown: Shown[Any]) -> dict[str, Any]:
    text = shown.text
    return {
        "id": shown.item.pk,
        "slug": text.slug,
        "title": text.title,
        "summary": text.summary,
        "body": text.body,
        "fields": text.fields,
        "is_fallback": shown.is_fallback,
        "is_machine_translated": shown.is_machine,
        "updated_at": text.updated_at,
        "change_seq": shown.item.change_seq,
    }


def language_payload(language: Language, *, is_source: bool = False) -> dict[str, Any]:
    return {
        "code": language.code,
        "bcp47_tag": language.bcp47_tag or language.code,
        "native_name": language.native_name,
        "english_name": language.english_name,
        "dir": language.dir,
        "is_source": is_source,
    }


def region_list_payload() -> list[dict[str, Any]]:
    slugs = guide_region_slugs()
    return [
        {"slug": r.slug, "name": r.name, "kind": r.kind} for r in Region.objects.filter(slug__in=slugs).order_by("name")
    ]


def language_list_payload(*, source: Language, languages: list[Language]) -> list[dict[str, Any]]:
    return [language_payload(lang, is_source=lang.pk == source.pk) for lang in languages]


# Pages -------------------------------------------------------------------------------------


def _page(guide: Guide, node: PublicPage) -> dict[str, Any]:
    return {
        **_text(node.shown),
        "parent_id": node.parent.shown.item.pk if node.parent else None,
        "position": node.shown.item.position,
        "path": "/".join(node.path),
        "url": links.page_url(guide.region, guide.language, node.path),
    }


def _node(guide: Guide, node: PublicPage) -> dict[str, Any]:
    return {
        "id": node.shown.item.pk,
        "title": node.shown.text.title,
        "slug": node.shown.slug,
        "path": "/".join(node.path),
        "children": [_node(guide, child) for child in node.children],
    }


def page_tree_payload(guide: Guide) -> list[dict[str, Any]]:
    return [_node(guide, root) for root in page_tree(guide).roots]


def page_list_payload(guide: Guide) -> list[dict[str, Any]]:
    """Every visible page, flat, parents before children."""
    tree = page_tree(guide)
    result: list[dict[str, Any]] = []
    stack = list(reversed(tree.roots))
    while stack:
        node = stack.pop()
        result.append(_page(guide, node))
        stack.extend(reversed(node.children))
    return result


def page_payload(guide: Guide, page_id: int) -> dict[str, Any] | None:
    node = page_tree(guide).by_id.get(page_id)
    if node is None:
        return None
    return {
        **_page(guide, node),
        "children": [_node(guide, child) for child in node.children],
        "ancestors": [{"id": a.shown.item.pk, "title": a.shown.text.title} for a in node.ancestors],
    }


# Offers and places --------------------------------------------------------------------------


def _coordinate(value: Any) -> float | None:
    return None if value is None else float(value)


def _place(guide: Guide, shown: Shown[Place]) -> dict[str, Any]:
    place = shown.item
    week = opening_hours(place)
    return {
        **_text(shown),
        "url": links.slug_url(guide.region, guide.language, place.kind, shown.slug),
        "category": place.category,
        "street": place.street,
        "postcode": place.postcode,
        "town": place.town,
        "commune": place.commune.ags if place.commune else None,
        "latitude": _coordinate(place.latitude),
        "longitude": _coordinate(place.longitude),
        "is_barrier_free": place.is_barrier_free,
        "phone": place.phone,
        "email": place.email,
        "website": place.website,
        "is_temporarily_closed": place.is_temporarily_closed,
        "opening_hours": None
        if week is None
        else [
            {
                "weekday": day.weekday,
                "is_closed": day.is_closed,
                "is_all_day": day.is_all_day,
                "is_appointment_only": day.is_appointment_only,
                "slots": [{"start": s.start, "end": s.end} for s in day.slots],
            }
            for day in week
        ],
    }


def place_list_payload(guide: Guide) -> list[dict[str, Any]]:
    return [_place(guide, shown) for shown in place_list(guide)]


def _weekly(offer: Offer) -> list[dict[str, Any]]:
    rows = offer.weekly_schedule if isinstance(offer.weekly_schedule, list) else []
    return [
        {"weekday": row["weekday"], "start": str(row.get("start", "")), "end": str(row.get("end", ""))}
        for row in rows
        if isinstance(row, dict) and row.get("weekday") in range(7)
    ]


def _codes(through: Any, owner: str, field: str, ids: list[int]) -> dict[int, list[str]]:
    """``{owner_id: [code, …]}`` from a many-to-many table, in one query."""
    result: dict[int, list[str]] = {pk: [] for pk in ids}
    rows = through.objects.filter(**{f"{owner}_id__in": ids}).order_by(field).values_list(f"{owner}_id", field)
    for pk, code in rows:
        result[pk].append(code)
    return result


def offer_list_payload(guide: Guide, **filters: Any) -> list[dict[str, Any]]:
    shown = offer_list(guide, **filters)
    ids = [s.item.pk for s in shown]
    groups = _codes(Offer.target_groups.through, "offer", "targetgroup__code", ids)
    spoken = _codes(Offer.languages_spoken.through, "offer", "language__code", ids)
    places = set(published(region=guide.region, model=Place).values_list("pk", flat=True))
    return [
        {
            **_text(s),
            "url": links.slug_url(guide.region, guide.language, s.item.kind, s.slug),
            "offer_kind": s.item.offer_kind,
            "target_groups": groups[s.item.pk],
            "languages_spoken": spoken[s.item.pk],
            "is_free": s.item.is_free,
            "commune": s.item.commune.ags if s.item.commune else None,
            "provider": s.item.provider,
            "place_id": s.item.location_id if s.item.location_id in places else None,
            "contact_email": s.item.contact_email,
            "contact_phone": s.item.contact_phone,
            "website": s.item.website,
            "starts_on": s.item.starts_on,
            "ends_on": s.item.ends_on,
            "weekly_schedule": _weekly(s.item),
        }
        for s in shown
    ]


def offer_filters_payload(guide: Guide) -> dict[str, Any]:
    """Names in the guide's UI language for this content language (German, English, …)."""
    with translation.override(ui_language(guide.language.code)):
        options = offer_filter_options(region=guide.region)
    return {
        "communes": [{"ags": c.ags, "name": c.name} for c in options.communes],
        "offer_kinds": [{"code": code, "name": name} for code, name in options.offer_kinds],
        "target_groups": [
            {"code": g.code, "name": g.german_name, "english_name": g.english_name} for g in options.target_groups
        ],
        "languages": [{"code": lang.code, "name": lang.native_name} for lang in options.languages],
    }


# Events, news, imprint ---------------------------------------------------------------------


def _category(category: EventCategory, code: str) -> dict[str, Any]:
    return {"slug": category.slug, "name": category.name_in(code)}


def event_category_list_payload(guide: Guide) -> list[dict[str, Any]]:
    return [_category(c, guide.language.code) for c in event_category_list(region=guide.region)]


def event_list_payload(
    guide: Guide, *, start: datetime, end: datetime, category: EventCategory | None = None
) -> list[dict[str, Any]]:
    """Events with at least one occurrence in ``[start, end)``, each with those occurrences."""
    pairs = event_occurrence_list(guide, start=start, end=end, category=category)
    ids = list(dict.fromkeys(shown.item.pk for _o, shown in pairs))
    categories = _codes(Event.categories.through, "event", "eventcategory__slug", ids)
    places = set(published(region=guide.region, model=Place).values_list("pk", flat=True))
    result: dict[int, dict[str, Any]] = {}
    for occurrence, shown in pairs:
        event = shown.item
        if event.pk not in result:
            result[event.pk] = {
                **_text(shown),
                "url": links.slug_url(guide.region, guide.language, event.kind, shown.slug),
                "starts_at": event.starts_at,
                "ends_at": event.ends_at,
                "is_all_day": event.is_all_day,
                "recurrence_rule": event.recurrence_rule,
                "place_id": event.location_id if event.location_id in places else None,
                "online_url": event.online_url,
                "categories": categories[event.pk],
                "occurrences": [],
            }
        result[event.pk]["occurrences"].append({"starts_at": occurrence.starts_at, "ends_at": occurrence.ends_at})
    return list(result.values())


def _news(guide: Guide, shown: Shown[NewsItem]) -> dict[str, Any]:
    return {
        **_text(shown),
        "url": links.slug_url(guide.region, guide.language, shown.item.kind, shown.slug),
        "published_at": shown.item.published_at,
    }


def news_list_payload(guide: Guide) -> list[dict[str, Any]]:
    return [_news(guide, shown) for shown in news_list(guide)]


def imprint_payload(guide: Guide) -> dict[str, Any] | None:
    shown = imprint_get(guide)
    if shown is None:
        return None
    return {**_text(shown), "url": links.guide_url(guide.region, guide.language, "imprint")}


def search_payload(guide: Guide, query: str) -> list[dict[str, Any]]:
    result = []
    for hit in guide_search(guide, query):
        if hit.kind == ContentItem.Kind.PAGE:
            url = links.page_url(guide.region, guide.language, hit.slugs)
        else:
            url = links.slug_url(guide.region, guide.language, hit.kind, hit.slugs[0])
        result.append(
            {
                "kind": hit.kind,
                "id": hit.item_id,
                "title": hit.title,
                "summary": hit.summary,
                "url": url,
                "is_fallback": hit.is_fallback,
            }
        )
    return result


# The bundle --------------------------------------------------------------------------------


def bundle_payload(guide: Guide, *, start: datetime, end: datetime) -> dict[str, Any]:
    """Everything of the guide in one language: the full bundle."""
    return {
        "seq": guide_seq(region=guide.region),
        "full": True,
        "since": None,
        "pages": page_list_payload(guide),
        "offers": offer_list_payload(guide),
        "places": place_list_payload(guide),
        "events": event_list_payload(guide, start=start, end=end),
        "news": news_list_payload(guide),
        "imprint": imprint_payload(guide),
        "deleted": [],
    }


def bundle_delta(guide: Guide, full: dict[str, Any], *, since: int) -> dict[str, Any]:
    """What changed after ``since`` and what is gone, by ``offline_listing``'s rules: a page
    counts as changed when it or an ancestor changed; an item no longer shown (draft,
    archived, below a hidden page) is deleted. ``full`` is the full bundle now."""
    listing = offline_listing(guide)
    changed = {e.item_id for e in listing.entries if e.seq > since}
    gone = {e.item_id for e in listing.hidden if e.seq > since}
    # Only what a client can have seen: a draft's existence is nobody's business.
    seen = listing.published | once_published(guide.region, gone - listing.published)
    kinds = dict(ContentItem.objects.filter(region=guide.region, pk__in=gone & seen).values_list("pk", "kind"))
    imprint = full["imprint"]
    lists = {name: [i for i in full[name] if i["id"] in changed] for name in BUNDLE_LISTS}
    return {
        "seq": full["seq"],
        "full": False,
        "since": since,
        **lists,
        "imprint": imprint if imprint is not None and imprint["id"] in changed else None,
        "deleted": [{"kind": kinds[pk], "id": pk} for pk in sorted(kinds)],
    }


BUNDLE_LISTS = ("pages", "offers", "places", "events", "news")
