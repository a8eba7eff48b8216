"""Locations, location categories, events, imprint, news and offers in Integreat's shape.

As in Integreat, locations appear in a language only where they have a text in it, while
events and the imprint fall back to the German text.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import translation

from wegweiser.api.v3.common import BERLIN, Json, item_paths, link, modified
from wegweiser.core.html import html_to_text
from wegweiser.guide.models import ContentItem, Event, NewsItem, Place, Translation
from wegweiser.guide.public_selectors import Guide, imprint_get, offer_list, published, shown_list
from wegweiser.guide.schedule import Occurrence, event_occurrences, event_rule
from wegweiser.public import links

# Integreat's category icons and colours for Wegweiser's fixed place categories.
CATEGORY_ICONS: dict[str, tuple[str, str]] = {
    Place.Category.OFFICE: ("office", "#1DC6C6"),
    Place.Category.COUNSELLING: ("service", "#07DC03"),
    Place.Category.EDUCATION: ("education", "#F0A30A"),
    Place.Category.HEALTH: ("health", "#E51400"),
    Place.Category.LEISURE: ("leisure", "#2E98FB"),
    Place.Category.WORK: ("work", "#6A00FF"),
    Place.Category.RELIGION: ("culture", "#A20025"),
    Place.Category.OTHER: ("other", "#647687"),
}
COUNTRY = "Deutschland"
EVENT_WINDOW_DAYS = 31  # Integreat lists a recurring event's dates up to 31 days ahead
UPCOMING_DAYS = 3650
EMPTY_LOCATION: Json = dict.fromkeys(
    ["id", "name", "address", "town", "state", "postcode", "region", "country", "latitude", "longitude"]
)


def _texts(guide: Guide, items: list[Any]) -> dict[tuple[int, int], Translation]:
    return {
        (t.item_id, t.language_id): t
        for t in Translation.objects.filter(
            region=guide.region, item_id__in=[i.pk for i in items], language__in=[lang.pk for lang in guide.languages]
        )
    }


def _paths(guide: Guide, items: list[Any]) -> dict[str, dict[int, str]]:
    return {lang.code: item_paths(guide.region, lang, items) for lang in guide.languages}


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _text_fields(text: Translation) -> Json:
    return {
        "title": text.title,
        **modified(text.updated_at),
        "excerpt": html_to_text(text.body) or text.summary,
        "content": text.body,
    }


# Locations ----------------------------------------------------------------------------------


def category_dict(category: str) -> Json:
    icon, colour = CATEGORY_ICONS.get(category, CATEGORY_ICONS[Place.Category.OTHER])
    return {
        "id": list(Place.Category.values).index(category) + 1,
        "name": str(Place.Category(category).label),
        "color": colour,
        "icon": icon,
        "icon_url": links.absolute(f"{settings.STATIC_URL}wegweiser/poi-category-icons/{icon}.svg"),
        "icon_color": f"{icon}_{colour}",
    }


def _ui_language(guide: Guide) -> str:
    """Category names come from Wegweiser's UI translations (German where there is none)."""
    codes = {code for code, _name in settings.LANGUAGES}
    return guide.language.code if guide.language.code in codes else settings.LANGUAGE_CODE


def location_categories_payload(guide: Guide) -> list[Json]:
    with translation.override(_ui_language(guide)):
        return [category_dict(category) for category in Place.Category.values]


def location_dict(place: Place, name: str) -> Json:
    return {
        "id": place.pk,
        "name": name,
        "address": place.street or None,
        "town": place.town or None,
        "state": None,
        "postcode": place.postcode or None,
        "region": None,
        "country": COUNTRY,
        "latitude": _number(place.latitude),
        "longitude": _number(place.longitude),
    }


def _opening_hours(place: Place) -> list[Json] | None:
    """The week as stored, or None where there is none (as Integreat: also when every day
    is marked closed)."""
    hours = place.opening_hours
    if not isinstance(hours, list) or len(hours) != 7:
        return None
    if all(isinstance(day, dict) and day.get("closed") and not day.get("timeSlots") for day in hours):
        return None
    return [
        {
            "allDay": bool(day.get("allDay")),
            "closed": bool(day.get("closed")),
            "appointmentOnly": bool(day.get("appointmentOnly")),
            "timeSlots": [
                {"end": slot.get("end"), "start": slot.get("start"), "timezone": "Europe/Berlin"}
                for slot in day.get("timeSlots") or []
                if isinstance(slot, dict)
            ],
        }
        if isinstance(day, dict)
        else {"allDay": False, "closed": True, "appointmentOnly": False, "timeSlots": []}
        for day in hours
    ]


def locations_payload(guide: Guide, *, on_map: bool = False) -> list[Json]:
    places = published(region=guide.region, model=Place).order_by("pk")
    if on_map:
        places = places.filter(latitude__isnull=False, longitude__isnull=False)
    items = list(places)
    texts = _texts(guide, items)
    paths = _paths(guide, items)
    # Integreat names a location's place by its German title in every language.
    source_titles = {pk: t.title for (pk, language_id), t in texts.items() if language_id == guide.source.pk}
    code, result = guide.language.code, []
    with translation.override(_ui_language(guide)):
        for place in items:
            text = texts.get((place.pk, guide.language.pk))
            if text is None:
                continue
            result.append(
                {
                    "id": text.pk,
                    "url": links.absolute(paths[code][place.pk]),
                    "path": paths[code][place.pk],
                    **_text_fields(text),
                    "meta_description": text.summary,
                    "appointment_url": None,
                    "available_languages": _available(guide, place, texts, paths),
                    "icon": None,
                    "thumbnail": None,
                    "website": place.website or None,
                    "email": place.email or None,
                    "phone_number": place.phone or None,
                    "category": category_dict(place.category),
                    "temporarily_closed": place.is_temporarily_closed,
                    "opening_hours": _opening_hours(place),
                    "location": location_dict(place, source_titles.get(place.pk, text.title)),
                    "hash": None,
                    "organization": None,
                    "barrier_free": place.is_barrier_free,
                    "contacts": [],
                }
            )
    return result


def _available(
    guide: Guide,
    item: ContentItem,
    texts: dict[tuple[int, int], Translation],
    paths: dict[str, dict[int, str]],
    suffix: str = "",
    with_ids: bool = True,
) -> Json:
    """Every other language of the guide: the item's URL there (its German slug where it has
    no text in that language, as Integreat does for locations and events)."""
    result: Json = {}
    for other in guide.languages:
        if other.pk == guide.language.pk:
            continue
        own = texts.get((item.pk, other.pk))
        path = _with_suffix(paths[other.code][item.pk], suffix)
        result[other.code] = link(path, own.pk if own and with_ids else None)
    return result


def _with_suffix(path: str, suffix: str) -> str:
    return f"{path.rstrip('/')}{suffix}/" if suffix else path


# Events ---------------------------------------------------------------------------------------


def _local(value: datetime) -> datetime:
    return value.astimezone(BERLIN)


def _event_times(starts_at: datetime, ends_at: datetime, event: Event, *, event_id: int | None) -> Json:
    start, end = _local(starts_at), _local(ends_at)
    return {
        "id": event_id,
        "start": start.isoformat(timespec="seconds"),
        "start_date": start.date().isoformat(),
        "start_time": start.time().isoformat(timespec="seconds"),
        "end": end.isoformat(timespec="seconds"),
        "end_date": end.date().isoformat(),
        "end_time": end.time().isoformat(timespec="seconds"),
        "all_day": event.is_all_day,
        "recurrence_id": event.pk if event_rule(event) else None,
        "timezone": "Europe/Berlin",
        "only_weekdays": False,
    }


def recurrence_text(event: Event) -> str | None:
    """Integreat's form: the first start in UTC, then the rule."""
    if event_rule(event) is None:
        return None
    rule = event.recurrence_rule.strip()
    rule = rule[6:] if rule.upper().startswith("RRULE:") else rule
    return f"DTSTART:{event.starts_at.astimezone(UTC):%Y%m%dT%H%M%S}\nRRULE:{rule}"


def events_payload(guide: Guide, *, today: date, combine_recurring: bool = False) -> list[Json]:
    """Upcoming events; a recurring one once per date within 31 days (``$date`` in its
    path), or once in all with ``combine_recurring``."""
    events = list(published(region=guide.region, model=Event).select_related("location").order_by("starts_at", "pk"))
    texts = _texts(guide, events)
    paths = _paths(guide, events)
    places = [e.location for e in events if e.location is not None]
    # Integreat names an event's place by its German title in every language.
    shown_places = {
        s.item.pk: s
        for s in shown_list(dataclasses.replace(guide, language=guide.source), places)
        if s.item.status == ContentItem.Status.PUBLISHED
    }
    place_paths = item_paths(guide.region, guide.language, places)
    midnight = datetime.combine(today, time(0, 0), tzinfo=BERLIN)
    rows: list[tuple[datetime, int, Json]] = []
    for event in events:
        text = texts.get((event.pk, guide.language.pk)) or texts.get((event.pk, guide.source.pk))
        if text is None:
            continue
        upcoming = event_occurrences(event, start=midnight, end=midnight + timedelta(days=UPCOMING_DAYS), limit=1)
        if not upcoming:
            continue
        place = shown_places.get(event.location_id) if event.location_id else None
        common: Json = {
            "title": text.title,
            **modified(text.updated_at),
            "excerpt": html_to_text(text.body) or text.summary,
            "content": text.body,
            "thumbnail": None,
            "location": location_dict(place.item, place.text.title) if place else dict(EMPTY_LOCATION),
            "location_url": links.absolute(place_paths[place.item.pk]) if place else None,
            "location_path": place_paths[place.item.pk] if place else None,
            "meeting_url": event.online_url or None,
            "hash": None,
            "recurrence_rule": recurrence_text(event),
        }
        occurrences: list[Occurrence | None]
        if combine_recurring or event_rule(event) is None:
            occurrences = [None]
        else:
            first = max(midnight, datetime.combine(_local(event.starts_at).date(), time(0, 0), tzinfo=BERLIN))
            occurrences = list(event_occurrences(event, start=first, end=first + timedelta(days=EVENT_WINDOW_DAYS + 1)))
        for occurrence in occurrences:
            suffix = f"${occurrence.starts_at.date().isoformat()}" if occurrence else ""
            path = _with_suffix(paths[guide.language.code][event.pk], suffix)
            starts_at, ends_at = (
                (occurrence.starts_at, occurrence.ends_at) if occurrence else (event.starts_at, event.ends_at)
            )
            own = texts.get((event.pk, guide.language.pk))
            entry = {
                "id": own.pk if own and not occurrence else None,
                "url": links.absolute(path),
                "path": path,
                **common,
                "available_languages": _available(guide, event, texts, paths, suffix, with_ids=not occurrence),
                "event": _event_times(starts_at, ends_at, event, event_id=None if occurrence else event.pk),
            }
            rows.append((starts_at, event.pk, entry))
    rows.sort(key=lambda row: (row[0], row[1]))
    return [entry for _start, _pk, entry in rows]


# Imprint, news, offers ------------------------------------------------------------------------


def imprint_payload(guide: Guide) -> Json | list[Json]:
    """The imprint, or ``[]`` when the region has none (as Integreat answers)."""
    shown = imprint_get(guide)
    if shown is None:
        return []
    paths = _paths(guide, [shown.item])
    path = paths[guide.language.code][shown.item.pk]
    return {
        "id": shown.text.pk,
        "url": links.absolute(path),
        "path": path,
        **_text_fields(shown.text),
        "parent": None,
        "available_languages": {
            other.code: link(paths[other.code][shown.item.pk], None)
            for other in guide.languages
            if other.pk != guide.language.pk
        },
        "thumbnail": None,
        "hash": None,
    }


def news_payload(guide: Guide) -> list[Json]:
    """Local news in the shape of Integreat's push-news feed (``fcm/``)."""
    items = list(published(region=guide.region, model=NewsItem).order_by("-published_at", "-pk"))
    texts = _texts(guide, items)
    result = []
    for shown in shown_list(guide, items):
        stamp = shown.item.published_at or shown.text.updated_at
        result.append(
            {
                "id": shown.text.pk,
                "title": shown.text.title,
                "message": html_to_text(shown.text.body) or shown.text.summary,
                "timestamp": modified(stamp)["modified_gmt"],
                "channel": "news",
                "available_languages": {
                    other.code: {"id": texts[(shown.item.pk, other.pk)].pk}
                    for other in guide.languages
                    if other.pk != guide.language.pk and (shown.item.pk, other.pk) in texts
                },
            }
        )
    return result


def offers_payload(guide: Guide) -> list[Json]:
    """The directory's offers as Integreat's "extras": name, alias, link."""
    return [
        {
            "name": shown.text.title,
            "alias": shown.slug,
            "url": shown.item.website,
            "post": None,
            "thumbnail": "",
        }
        for shown in offer_list(guide)
    ]
