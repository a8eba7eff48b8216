"""Shared pieces of the v3 output: timestamps, languages, regions, JSON errors and CORS."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.http import JsonResponse

from wegweiser.guide.models import ContentItem, Language
from wegweiser.public import links
from wegweiser.tenancy.models import Region

BERLIN = ZoneInfo("Europe/Berlin")
# Hessen's bounding box (west-south, east-north), where a region has no own one.
HESSEN_BOUNDING_BOX = [[7.7724, 49.3952], [10.2364, 51.6577]]
# Words in front of a region's name that Integreat calls its prefix.
PREFIXES = ("Landkreis", "Kreis", "Stadt", "Wissenschaftsstadt", "Universitätsstadt")
Json = dict[str, Any]


def timestamp(value: datetime) -> str:
    """Like Django's JSON encoder (Integreat's format): milliseconds, ``Z`` for UTC."""
    text = value.isoformat()
    if value.microsecond:
        text = text[:23] + text[26:]
    if text.endswith("+00:00"):
        text = text[:-6] + "Z"
    return text


def modified(value: datetime) -> Json:
    """Integreat's pair: ``modified_gmt`` in UTC and ``last_updated`` in local time."""
    return {
        "modified_gmt": timestamp(value.astimezone(UTC)),
        "last_updated": timestamp(value.astimezone(BERLIN)),
    }


def language_dict(language: Language) -> Json:
    return {
        "id": language.pk,
        "code": language.code,
        "bcp47_tag": language.bcp47_tag,
        "native_name": language.native_name,
        "dir": "RIGHT_TO_LEFT" if language.is_rtl else "LEFT_TO_RIGHT",
    }


def region_dict(region: Region, languages: list[Language], *, has: dict[str, bool]) -> Json:
    """A region as Integreat's ``regions/`` lists it. Wegweiser keeps no coordinates,
    postcode or aliases for a region: those are null or empty."""
    name = region.name
    prefix = next((word for word in PREFIXES if name.startswith(f"{word} ")), "")
    return {
        "id": region.pk,
        "name": name,
        "path": region.slug,
        "live": True,
        "prefix": prefix,
        "name_without_prefix": name.removeprefix(prefix).strip() if prefix else name,
        "plz": "",
        "extras": has.get("offers", False),
        "events": has.get("events", False),
        "pois": has.get("places", False),
        "push_notifications": False,
        "longitude": None,
        "latitude": None,
        "bounding_box": HESSEN_BOUNDING_BOX,
        "aliases": {},
        "tunews": False,
        "external_news": False,
        "languages": [language_dict(language) for language in languages],
        "is_chat_enabled": False,
        "zammad_privacy_policy": "",
    }


def link(path: str | None, item_id: int | None) -> Json:
    """``{id, url, path}``: how Integreat points at another item (absolute URL, site path)."""
    return {"id": item_id, "url": links.absolute(path) if path else None, "path": path}


def item_paths(region: Region, language: Language, items: Sequence[ContentItem]) -> dict[int, str]:
    """``{item_id: path}`` with the slugs readable (Integreat sends them unencoded)."""
    if not items:
        return {}
    return {pk: unquote(path) for pk, path in links.item_urls(region=region, language=language, items=items).items()}


def normalise_path(value: str) -> str:
    """A page's URL or path as a client sends it, reduced to ``/a/b/c/`` (decoded)."""
    path = unquote(urlsplit(value.strip()).path).strip("/")
    return f"/{path}/" if path else "/"


def error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, headers={"Access-Control-Allow-Origin": "*"})
