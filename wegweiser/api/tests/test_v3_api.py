"""/api/v3/ behaviour beyond the field contract: parents, news, on_map, caching (ETag,
304, compression), CORS, bad input, feedback and region isolation."""

from __future__ import annotations

import gzip
import json
from typing import Any

import brotli
import pytest
from django.core.cache import caches
from django_scopes import scopes_disabled

from wegweiser.api.cache import forget_seqs
from wegweiser.api.tests.integreat_fixture import integreat_load
from wegweiser.guide import services
from wegweiser.guide.models import Feedback, Language, Page, Place

BEHOERDEN = "/augsburg/de/behörden-und-beratung/behörden/ausländerbehörde/"


@pytest.fixture
def integreat(hessen: None) -> dict[str, Any]:
    caches["default"].clear()
    forget_seqs()
    return integreat_load()


def test_parents_lists_the_ancestors_top_first(integreat: Any, client: Any) -> None:
    response = client.get("/api/v3/augsburg/de/parents/", {"url": BEHOERDEN})
    assert response.status_code == 200
    assert [p["path"] for p in response.json()] == [
        "/augsburg/de/behörden-und-beratung/",
        "/augsburg/de/behörden-und-beratung/behörden/",
    ]


def test_page_by_url_accepts_a_full_url(integreat: Any, client: Any) -> None:
    response = client.get("/api/v3/augsburg/de/page/", {"url": f"https://example.org{BEHOERDEN}"})
    assert response.status_code == 200
    assert response.json()["title"] == "Ausländerbehörde"


@pytest.mark.parametrize("url", ["/api/v3/augsburg/de/news/", "/api/v3/augsburg/de/news", "/api/v3/augsburg/de/fcm/"])
def test_news_with_and_without_slash(integreat: Any, client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    news = response.json()
    assert [(n["title"], n["message"], n["timestamp"], n["channel"]) for n in news] == [
        ("Test DE", "Test DE Inhalt", "2022-03-05T10:32:33.118Z", "news")
    ]
    assert list(news[0]["available_languages"]) == ["en"]


def test_locations_on_map_leaves_out_places_without_coordinates(integreat: Any, client: Any) -> None:
    region = integreat["augsburg"]
    place = services.item_create(actor=None, region=region, model=Place, title="Ohne Koordinaten", status="published")
    assert place.latitude is None
    all_titles = [p["title"] for p in client.get("/api/v3/augsburg/de/locations/").json()]
    on_map = [p["title"] for p in client.get("/api/v3/augsburg/de/locations/?on_map=1").json()]
    assert all_titles == ["Test-Ort", "Ohne Koordinaten"]
    assert on_map == ["Test-Ort"]


def test_events_fall_back_to_german_where_untranslated(integreat: Any, client: Any) -> None:
    events = client.get("/api/v3/nurnberg/ar/events/").json()
    assert [e["event"]["start_date"] for e in events] == [
        "2031-01-01",
        "2031-01-03",
        "2031-01-15",
        "2031-01-17",
        "2031-01-29",
        "2031-01-31",
    ]
    assert {e["title"] for e in events} == {"Test-Veranstaltung"}


def test_etag_304_compression_and_cors(integreat: Any, client: Any) -> None:
    url = "/api/v3/augsburg/de/pages/"
    plain = client.get(url)
    etag = plain["ETag"]
    assert plain["Access-Control-Allow-Origin"] == "*"
    assert etag.startswith('"')
    assert len(etag) == 34
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    gz = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    br = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert gz["Content-Encoding"] == "gzip"
    assert br["Content-Encoding"] == "br"
    assert gzip.decompress(gz.content) == plain.content
    assert brotli.decompress(br.content) == plain.content


def test_an_editors_change_shows_at_once(integreat: Any, client: Any) -> None:
    url = "/api/v3/augsburg/de/page/"
    with scopes_disabled():
        page = Page.objects.get(region=integreat["augsburg"], external_id="integreat:page:1")
    before = client.get(url, {"id": page.pk})
    services.text_save(
        actor=None, item=page, language=Language.objects.get(code="de"), title="Willkommen", body="<p>Neu</p>"
    )
    forget_seqs()
    after = client.get(url, {"id": page.pk}, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["content"] == "<p>Neu</p>"
    assert after["ETag"] != before["ETag"]


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/v3/augsburg/de/children/?depth=abc", 400, "The depth must be a whole number of 1 or more."),
        ("/api/v3/augsburg/de/children/?depth=0", 400, "The depth must be a whole number of 1 or more."),
        ("/api/v3/augsburg/de/page/?id=abc", 400, "The id must be a positive whole number."),
        ("/api/v3/augsburg/de/page/", 400, "Give the page's id or url."),
        ("/api/v3/augsburg/de/page/?id=999999999", 404, "No Page matches the given url or id."),
        ("/api/v3/nowhere/de/pages/", 404, "No region matches the given query."),
        ("/api/v3/regions/nowhere/", 404, "No region matches the given query."),
        ("/api/v3/nowhere/languages/", 404, "No region matches the given query."),
    ],
)
def test_bad_input_answers_json_errors(integreat: Any, client: Any, url: str, status: int, message: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.json() == {"error": message}


def test_other_regions_pages_never_show(integreat: Any, client: Any) -> None:
    with scopes_disabled():
        nurnberg_page = Page.objects.filter(region=integreat["nurnberg"]).first()
    paths = [p["path"] for p in client.get("/api/v3/augsburg/de/pages/").json()]
    assert all(path.startswith("/augsburg/de/") for path in paths)
    if nurnberg_page is not None:
        response = client.get("/api/v3/augsburg/de/page/", {"id": nurnberg_page.pk})
        assert response.status_code == 404
    for what in ["locations", "events"]:
        items = client.get(f"/api/v3/augsburg/de/{what}/").json()
        assert all(item["path"].startswith("/augsburg/de/") for item in items)


# Feedback --------------------------------------------------------------------------------------


def _feedback() -> list[tuple[str, bool, str]]:
    with scopes_disabled():
        return [(f.region.slug, f.is_helpful, f.comment) for f in Feedback.objects.order_by("pk")]


def test_feedback_as_json_and_as_form(integreat: Any, client: Any) -> None:
    url = "/api/v3/augsburg/de/feedback/page/"
    as_json = client.post(
        url, json.dumps({"rating": "up", "comment": "Gut", "permalink": BEHOERDEN}), content_type="application/json"
    )
    as_form = client.post("/api/v3/augsburg/de/feedback/search/", {"rating": "down", "query": "Kita"})
    assert (as_json.status_code, as_json.json()) == (201, {"success": "Feedback successfully submitted"})
    assert as_form.status_code == 201
    assert as_json["Access-Control-Allow-Origin"] == "*"
    assert _feedback() == [("augsburg", True, "Gut"), ("augsburg", False, "Kita")]
    with scopes_disabled():
        assert Feedback.objects.order_by("pk").first().item.external_id == "integreat:page:16"


@pytest.mark.parametrize(
    ("kind", "data", "status", "message"),
    [
        ("page", {"rating": "meh"}, 400, 'The rating must be "up" or "down".'),
        ("region", {"rating": "up", "comment": "x" * 1001}, 400, "The comment may have at most 1000 characters."),
        (
            "page",
            {"rating": "up", "permalink": "/augsburg/de/gibt-es-nicht/"},
            400,
            "No content matches the given permalink.",
        ),
        ("nonsense", {"rating": "up"}, 404, "Unknown feedback type."),
    ],
)
def test_feedback_rejects_bad_input(
    integreat: Any, client: Any, kind: str, data: dict[str, str], status: int, message: str
) -> None:
    response = client.post(f"/api/v3/augsburg/de/feedback/{kind}/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert response.json() == {"error": message}
    assert _feedback() == []


def test_feedback_is_rate_limited_per_client(integreat: Any, client: Any) -> None:
    url = "/api/v3/augsburg/de/feedback/region/"
    statuses = [client.post(url, {"rating": "up"}).status_code for _ in range(11)]
    assert statuses == [201] * 10 + [429]
    assert len(_feedback()) == 10


def test_feedback_preflight_and_methods(integreat: Any, client: Any) -> None:
    url = "/api/v3/augsburg/de/feedback/region/"
    preflight = client.options(url)
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "OPTIONS, POST"
    assert client.get(url).status_code == 405
    assert client.post("/api/v3/augsburg/de/pages/").status_code == 405
    assert client.post("/api/v3/augsburg/xx/feedback/region/", {"rating": "up"}).json() == {
        "error": "No language matches the given query."
    }
