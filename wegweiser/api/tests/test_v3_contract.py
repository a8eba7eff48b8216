"""Contract tests: each /api/v3/ answer on Integreat's test content compared with Integreat
CMS's expected output, field by field.

Every expected key must be there with the same JSON type at every level. Values must be
equal for content and meaning; these differ legitimately and are compared by type only
(see docs/api.md, "v3 (Integreat-compatible)"):

- ``id`` (database ids; Integreat's page ids are its translation ids, ours are ours),
  ``recurrence_id`` (our event id), ``hash``, ``bcp47_tag`` (ours: plain ``ar``);
- ``modified_gmt``/``last_updated`` (the import's time): only their format is checked;
- ``thumbnail``, ``embedded_offers``, ``organization``, ``post`` (Wegweiser has none:
  null, "" or [] where Integreat may have a value), ``category.id``/``category.name``
  (Wegweiser's fixed category list, names from its UI translations), ``icon_url``;
- region facts Wegweiser does not keep: ``plz``, ``latitude``/``longitude`` (null),
  ``bounding_box`` (Hessen's), ``aliases`` ({}), ``extras``/``pois``/``push_notifications``/
  ``tunews``/``external_news`` (what the region actually offers, or false).

Normalised before comparing: URLs modulo host; paths with our segments (``places`` for
Integreat's ``locations``, ``imprint`` for ``disclaimer``); ``content`` after our HTML
allow-list (``clean_html``); ``excerpt`` modulo whitespace (Integreat strips tags without
spaces); coordinates to 6 decimals. Keys we add for the 2026 client (``ADDED``) may be extra.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches

from wegweiser.api.cache import forget_seqs
from wegweiser.api.tests.integreat_fixture import DATA, expected, integreat_load
from wegweiser.core.html import clean_html

ADDED = {
    "is_chat_enabled",
    "zammad_privacy_policy",
    "contacts",
    "timezone",
    "meeting_url",
    "location_path",
    "only_weekdays",
}
TYPE_ONLY = {
    "id",
    "recurrence_id",
    "hash",
    "bcp47_tag",
    "thumbnail",
    "embedded_offers",
    "icon_url",
    "category.id",
    "category.name",
}
EMPTY_OK = {"organization", "post"}
REGION_TYPE_ONLY = {"plz", "bounding_box", "aliases", "extras", "pois", "push_notifications", "tunews", "external_news"}
REGION_EMPTY_OK = {"latitude", "longitude"}
GMT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$")
LOCAL = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?[+-]\d\d:\d\d$")
INTEGREAT_HOST = "http://localhost:8000"
NOT_AVAILABLE = [
    row["fields"]["message_content_not_available"].rstrip(":")
    for row in json.loads((DATA / "test_data_content_subset.json").read_text())
    if row["model"] == "cms.language"
]


def _is_placeholder(text: str) -> bool:
    """Integreat fills an empty text with "This page does not exist in the selected language";
    Wegweiser leaves it empty (documented difference)."""
    return any(message.replace(" ", "") in text.replace(" ", "") for message in NOT_AVAILABLE)


def _path(value: str) -> str:
    return value.replace("/locations/", "/places/").replace("/disclaimer/", "/imprint/")


def _may_add(container: str, key: str, value: Any) -> bool:
    """Keys we add for the 2026 client; and a link to a language without a text (German
    fallback, id null), which Integreat gives only in regions with fallback translations."""
    fallback_link = container == "available_languages" and isinstance(value, dict) and value.get("id") is None
    return key in ADDED or fallback_link


def _kind(value: Any) -> str:
    return "number" if isinstance(value, int | float) and not isinstance(value, bool) else type(value).__name__


def compare(
    want: Any,
    got: Any,
    where: str = "",
    *,
    type_only: frozenset[str] = frozenset(),
    empty_ok: frozenset[str] = frozenset(),
) -> list[str]:
    """Differences between Integreat's ``want`` and our ``got`` (empty: they agree)."""
    key = where.rsplit(".", 1)[-1]
    parent_key = ".".join(re.sub(r"\[\d+\]", "", where).rsplit(".", 2)[-2:])
    if key in empty_ok and got in (None, "", [], {}):
        return []
    if key in type_only or parent_key in type_only:
        ok = _kind(want) == _kind(got) or want is None or (got is None and key in {"id", "recurrence_id"})
        return [] if ok else [f"{where}: type {_kind(got)} != {_kind(want)}"]
    if key == "modified_gmt":
        return [] if GMT.match(got) else [f"{where}: format {got!r}"]
    if key == "last_updated":
        return [] if LOCAL.match(got) else [f"{where}: format {got!r}"]
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return [f"{where}: {_kind(got)} != dict"]
        problems = [f"{where}.{k}: missing" for k in want if k not in got]
        problems += [f"{where}.{k}: unexpected" for k in got if k not in want and not _may_add(key, k, got[k])]
        for k in want:
            if k in got:
                problems += compare(want[k], got[k], f"{where}.{k}", type_only=type_only, empty_ok=empty_ok)
        return problems
    if isinstance(want, list):
        if not isinstance(got, list) or len(want) != len(got):
            return [f"{where}: {got!r:.200} != {want!r:.200}"]
        problems = []
        for i, (w, g) in enumerate(zip(want, got, strict=True)):
            problems += compare(w, g, f"{where}[{i}]", type_only=type_only, empty_ok=empty_ok)
        return problems
    if _kind(want) != _kind(got):
        return [f"{where}: {got!r:.80} ({_kind(got)}) != {want!r:.80} ({_kind(want)})"]
    if key in {"url", "path", "location_url"} and isinstance(want, str):
        want, got = _path(want.removeprefix(INTEGREAT_HOST)), got.removeprefix(settings.SITE_URL)
    elif key in {"content", "excerpt"} and got == "" and _is_placeholder(want):
        return []
    elif key == "content":
        want = clean_html(want)
    elif key == "excerpt":
        want, got = re.sub(r"\s+", "", want), re.sub(r"\s+", "", got)
    elif isinstance(want, float):
        want, got = round(want, 6), round(got, 6)
    return [] if want == got else [f"{where}: {got!r:.120} != {want!r:.120}"]


@pytest.fixture
def integreat(hessen: None) -> dict[str, Any]:
    caches["default"].clear()
    forget_seqs()
    return integreat_load()


def _get(client: Any, url: str) -> Any:
    response = client.get(f"/api/v3/{url}")
    assert response.status_code == 200, (url, response.content[:300])
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


CASES = [
    ("augsburg/languages/", "augsburg_languages.json"),
    ("nurnberg/languages/", "nurnberg_languages.json"),
    ("augsburg/de/pages/", "augsburg_de_pages.json"),
    ("augsburg/ar/pages/", "augsburg_ar_pages.json"),
    ("augsburg/de/children/", "augsburg_de_children.json"),
    ("augsburg/de/children/?depth=2", "augsburg_de_children_depth_2.json"),
    (
        "augsburg/de/children/?depth=3&url=/augsburg/de/behörden-und-beratung/behörden/",
        "augsburg_de_children_archived_descendants.json",
    ),
    ("augsburg/de/page/?id={page_1}", "augsburg_de_page_1.json"),
    ("augsburg/de/locations/", "augsburg_de_locations.json"),
    ("augsburg/en/locations/", "augsburg_en_locations.json"),
    ("augsburg/ar/locations/", "augsburg_ar_locations.json"),
    ("nurnberg/de/locations/", "nurnberg_de_locations.json"),
    ("nurnberg/en/locations/", "nurnberg_en_locations.json"),
    ("nurnberg/ar/locations/", "nurnberg_ar_locations.json"),
    ("augsburg/de/events/", "augsburg_de_events.json"),
    ("augsburg/en/events/", "augsburg_en_events.json"),
    ("augsburg/ar/events/", "augsburg_ar_events.json"),
    ("augsburg/de/events/?combine_recurring=True", "augsburg_de_events_combine_recurring.json"),
    ("nurnberg/de/events/", "nurnberg_de_events.json"),
    ("nurnberg/en/events/", "nurnberg_en_events.json"),
    ("augsburg/de/imprint/", "augsburg_de_imprint.json"),
    ("augsburg/en/imprint/", "augsburg_en_imprint.json"),
    ("augsburg/de/disclaimer/", "augsburg_de_imprint.json"),
    ("nurnberg/de/imprint/", "nurnberg_de_imprint.json"),
    ("nurnberg/en/imprint/", "nurnberg_en_imprint.json"),
    ("augsburg/de/offers/", "augsburg-offers.json"),
    ("augsburg/de/extras/", "augsburg-offers.json"),
]


@pytest.mark.parametrize(("url", "fixture"), CASES)
def test_v3_answer_matches_integreat(integreat: Any, client: Any, url: str, fixture: str) -> None:
    from django_scopes import scopes_disabled

    from wegweiser.guide.models import Page

    with scopes_disabled():
        page_1 = Page.objects.get(region=integreat["augsburg"], external_id="integreat:page:1").pk
    got = _get(client, url.format(page_1=page_1))
    assert compare(expected(fixture), got, type_only=frozenset(TYPE_ONLY), empty_ok=frozenset(EMPTY_OK)) == []


@pytest.mark.parametrize("slug", ["augsburg", "nurnberg"])
def test_v3_region_matches_integreat(integreat: Any, client: Any, slug: str) -> None:
    got = _get(client, f"regions/{slug}/")
    listed = {region["path"]: region for region in _get(client, "regions/")}
    assert sorted(listed) == ["augsburg", "nurnberg"]
    assert listed[slug] == got
    assert got["is_chat_enabled"] is False
    assert got["zammad_privacy_policy"] == ""
    problems = compare(
        expected(f"regions_{slug}.json"),
        got,
        type_only=frozenset(TYPE_ONLY | REGION_TYPE_ONLY),
        empty_ok=frozenset(EMPTY_OK | REGION_EMPTY_OK),
    )
    assert problems == []


def test_v3_location_categories_have_integreats_shape(integreat: Any, client: Any) -> None:
    want = expected("augsburg_de_location_categories.json")
    got = _get(client, "augsburg/de/location-categories/")
    assert len(got) == 8
    for category in got:
        assert (
            compare(want[0], category, type_only=frozenset({"id", "name", "color", "icon", "icon_url", "icon_color"}))
            == []
        )
    ours = {(c["icon"], c["color"]) for c in got}
    assert {("service", "#07DC03"), ("office", "#1DC6C6")} <= ours
    assert [c["name"] for c in _get(client, "augsburg/en/location-categories/")][:2] == [
        "Office or authority",
        "Counselling",
    ]


@pytest.mark.parametrize("what", ["pages", "events", "locations", "imprint"])
def test_v3_unknown_language_answers_like_integreat(integreat: Any, client: Any, what: str) -> None:
    response = client.get(f"/api/v3/augsburg/non-existing/{what}/")
    assert response.status_code == 404
    assert response.json() == expected(f"augsburg_non-existing_{what}.json")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_v3_archived_page_by_url_answers_like_integreat(integreat: Any, client: Any) -> None:
    url = "/augsburg/de/behörden-und-beratung/behörden/archiviertes-amt/"
    response = client.get("/api/v3/augsburg/de/page/", {"url": url})
    assert response.status_code == 404
    assert response.json() == expected("augsburg_de_page_archived.json")
