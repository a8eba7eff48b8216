"""API v1 through HTTP: every endpoint, errors, ETag/304, compression, region isolation."""

from __future__ import annotations

import gzip
import json
import re
from datetime import datetime, timedelta
from typing import Any

import brotli
import pytest
from django.core.cache import cache
from django.test import Client
from django_scopes import scopes_disabled

from wegweiser.api.cache import forget_seqs
from wegweiser.guide import services
from wegweiser.guide.models import Event, Imprint, Language, NewsItem, Offer, Page, Place, TargetGroup
from wegweiser.guide.schedule import today_start

pytestmark = pytest.mark.django_db
API = "/api/v1/regions/kreis-offenbach"
PUBLISHED = "published"


def _fresh() -> None:
    """Forget the per-process change counters, as SEQ_TTL seconds would."""
    forget_seqs()


@pytest.fixture
def content(region: Any, other_region: Any) -> dict[str, Any]:
    cache.clear()
    _fresh()
    de, en = Language.objects.get(code="de"), Language.objects.get(code="en")
    with scopes_disabled():
        services.region_language_add(actor=None, region=region, language=de, is_source=True)
        services.region_language_add(actor=None, region=region, language=en)
        services.region_language_add(actor=None, region=other_region, language=de, is_source=True)
        top = services.item_create(actor=None, region=region, model=Page, title="Ankommen", status=PUBLISHED)
        child = services.item_create(
            actor=None, region=region, model=Page, title="Wohnen", body="<p>Text</p>", status=PUBLISHED, parent=top
        )
        services.text_save(actor=None, item=child, language=en, title="Housing", body="<p>Text</p>")
        draft = services.item_create(actor=None, region=region, model=Page, title="Entwurf", parent=top, position=1)
        place = services.item_create(
            actor=None, region=region, model=Place, title="Rathaus", status=PUBLISHED, town="Langen", latitude="50.1"
        )
        offer = services.item_create(
            actor=None,
            region=region,
            model=Offer,
            title="Deutschkurs",
            status=PUBLISHED,
            offer_kind="language_course",
            location=place,
            m2m={"target_groups": [TargetGroup.objects.order_by("code").first()]},
        )
        services.item_create(
            actor=None, region=region, model=Offer, title="Beratung", status=PUBLISHED, offer_kind="counselling"
        )
        start = today_start() + timedelta(days=2, hours=18)
        event = services.item_create(
            actor=None,
            region=region,
            model=Event,
            title="Sprachcafé",
            status=PUBLISHED,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            recurrence_rule="FREQ=WEEKLY;COUNT=3",
        )
        news = services.item_create(
            actor=None, region=region, model=NewsItem, title="Neu", status=PUBLISHED, published_at=start
        )
        imprint = services.item_create(actor=None, region=region, model=Imprint, title="Impressum", status=PUBLISHED)
        foreign = services.item_create(actor=None, region=other_region, model=Page, title="Fremd", status=PUBLISHED)
    return {
        "top": top,
        "child": child,
        "draft": draft,
        "place": place,
        "offer": offer,
        "event": event,
        "news": news,
        "imprint": imprint,
        "foreign": foreign,
        "en": en,
        "start": start,
    }


def _json(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].split(";")[0] == "application/json"
    return json.loads(response.content)


def test_regions_and_languages(client: Client, content: dict[str, Any]) -> None:
    assert _json(client, "/api/v1/regions") == [
        {"slug": "kreis-offenbach", "name": "Kreis Offenbach", "kind": "landkreis"},
        {"slug": "offenbach-am-main", "name": "Offenbach am Main", "kind": "kreisfreie_stadt"},
    ]
    assert [(lang["code"], lang["is_source"], lang["dir"]) for lang in _json(client, f"{API}/languages")] == [
        ("de", True, "ltr"),
        ("en", False, "ltr"),
    ]


def test_page_tree_and_page(client: Client, content: dict[str, Any]) -> None:
    top, child = content["top"].pk, content["child"].pk
    assert _json(client, f"{API}/en/pages") == [
        {
            "id": top,
            "title": "Ankommen",
            "slug": "ankommen",
            "path": "ankommen",
            "children": [
                {"id": child, "title": "Housing", "slug": "housing", "path": "ankommen/housing", "children": []}
            ],
        }
    ]
    page = _json(client, f"{API}/en/pages/{child}")
    assert (page["title"], page["is_fallback"], page["parent_id"], page["url"]) == (
        "Housing",
        False,
        top,
        "/kreis-offenbach/en/ankommen/housing/",
    )
    assert page["ancestors"] == [{"id": top, "title": "Ankommen"}]
    assert _json(client, f"{API}/en/pages/{top}")["is_fallback"] is True


def test_unknown_and_foreign_things_answer_json_404(client: Client, content: dict[str, Any]) -> None:
    assert _json(client, "/api/v1/regions/nirgendwo/de/pages", 404) == {"detail": "There is no region “nirgendwo”."}
    assert _json(client, f"{API}/fr/pages", 404) == {"detail": "Region “kreis-offenbach” has no language “fr”."}
    for page in (content["draft"], content["foreign"]):
        assert _json(client, f"{API}/de/pages/{page.pk}", 404) == {"detail": "There is no such page."}
    assert _json(client, f"{API}/de/pages/abc", 422) == {
        "detail": "page_id: Input should be a valid integer, unable to parse string as an integer"
    }


def test_offers_with_filters(client: Client, content: dict[str, Any]) -> None:
    offers = _json(client, f"{API}/de/offers")
    assert [o["title"] for o in offers] == ["Beratung", "Deutschkurs"]
    assert offers[1]["place_id"] == content["place"].pk
    assert offers[1]["target_groups"] == [TargetGroup.objects.order_by("code").first().code]  # type: ignore[union-attr]
    assert [o["title"] for o in _json(client, f"{API}/de/offers?kind=counselling")] == ["Beratung"]
    assert _json(client, f"{API}/de/offers?kind=apprenticeship", 422) == {
        "detail": "“apprenticeship” is not a value of the filter “kind” here."
    }
    assert _json(client, f"{API}/en/offer-filters")["offer_kinds"] == [
        {"code": "language_course", "name": "Language course"},
        {"code": "counselling", "name": "Counselling"},
    ]
    places = _json(client, f"{API}/de/places")
    assert [(p["title"], p["town"], p["latitude"], p["opening_hours"]) for p in places] == [
        ("Rathaus", "Langen", 50.1, None)
    ]


def test_events_in_a_window(client: Client, content: dict[str, Any]) -> None:
    events = _json(client, f"{API}/de/events")
    start = content["start"]
    assert [(e["title"], len(e["occurrences"])) for e in events] == [("Sprachcafé", 3)]
    assert datetime.fromisoformat(events[0]["occurrences"][1]["starts_at"]) == start + timedelta(days=7)
    first = (start + timedelta(days=8)).date()
    narrow = _json(client, f"{API}/de/events?from={first}&to={first + timedelta(days=6)}")
    assert [len(e["occurrences"]) for e in narrow] == [1]
    assert _json(client, f"{API}/de/events?from=2026-01-01&to=2027-01-03", 422) == {
        "detail": "The window from “from” to “to” may span at most 366 days."
    }
    assert _json(client, f"{API}/de/events?from=2026-02-01&to=2026-01-01", 422) == {
        "detail": "“to” must not be before “from”."
    }
    assert _json(client, f"{API}/de/events?from=tomorrow", 422)["detail"].startswith(
        "from: Input should be a valid date"
    )
    assert _json(client, f"{API}/de/event-categories") == []


def test_news_imprint_search(client: Client, content: dict[str, Any]) -> None:
    assert [n["title"] for n in _json(client, f"{API}/de/news")] == ["Neu"]
    assert _json(client, f"{API}/de/imprint")["title"] == "Impressum"
    assert _json(client, f"{API}/de/search?q=wohnen") == [
        {
            "kind": "page",
            "id": content["child"].pk,
            "title": "Wohnen",
            "summary": "",
            "url": "/kreis-offenbach/de/ankommen/wohnen/",
            "is_fallback": False,
        }
    ]
    assert _json(client, f"{API}/de/search", 422) == {"detail": "q: Field required"}
    assert _json(client, "/api/v1/regions/offenbach-am-main/de/imprint", 404) == {
        "detail": "This region has no imprint yet."
    }


def test_etag_304_and_compression(client: Client, content: dict[str, Any]) -> None:
    url = f"{API}/de/pages"
    plain = client.get(url)
    etag = plain["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert plain["Access-Control-Allow-Origin"] == "*"
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert (again.status_code, again.content) == (304, b"")
    assert gzip.decompress(client.get(url, HTTP_ACCEPT_ENCODING="gzip").content) == plain.content
    assert brotli.decompress(client.get(url, HTTP_ACCEPT_ENCODING="gzip, br").content) == plain.content


def test_a_change_is_visible_at_once(client: Client, content: dict[str, Any]) -> None:
    url = f"{API}/de/pages/{content['child'].pk}"
    etag = client.get(url)["ETag"]
    with scopes_disabled():
        services.text_save(actor=None, item=content["child"], language=Language.objects.get(code="de"), title="Wohnung")
    _fresh()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert json.loads(response.content)["title"] == "Wohnung"


def test_bundle_full_and_delta(client: Client, content: dict[str, Any]) -> None:
    full = _json(client, f"{API}/de/bundle")
    seq = full["seq"]
    assert (full["full"], full["since"], full["deleted"]) == (True, None, [])
    assert [p["title"] for p in full["pages"]] == ["Ankommen", "Wohnen"]
    assert [len(full[name]) for name in ("offers", "places", "events", "news")] == [2, 1, 1, 1]
    assert full["imprint"]["title"] == "Impressum"

    nothing = _json(client, f"{API}/de/bundle?since={seq}")
    assert {k: v for k, v in nothing.items() if k != "seq"} == {
        "full": False,
        "since": seq,
        "pages": [],
        "offers": [],
        "places": [],
        "events": [],
        "news": [],
        "imprint": None,
        "deleted": [],
    }
    assert nothing["seq"] == seq

    with scopes_disabled():
        services.text_save(actor=None, item=content["top"], language=Language.objects.get(code="de"), title="Ankunft")
        services.item_set_status(actor=None, item=content["news"], status="archived")  # type: ignore[arg-type]
    _fresh()
    delta = _json(client, f"{API}/de/bundle?since={seq}")
    assert delta["seq"] == seq + 2
    # The child's URL depends on its parent's slug: it changed too.
    assert [p["title"] for p in delta["pages"]] == ["Ankunft", "Wohnen"]
    assert (delta["offers"], delta["news"], delta["imprint"]) == ([], [], None)
    assert delta["deleted"] == [{"kind": "news", "id": content["news"].pk}]

    reset = _json(client, f"{API}/de/bundle?since={seq + 100}")
    assert (reset["full"], len(reset["pages"])) == (True, 2)
    assert _json(client, f"{API}/de/bundle?since=-1", 422)["detail"].startswith("since: Input should be greater")


def test_feedback(client: Client, content: dict[str, Any]) -> None:
    url = f"{API}/en/feedback"
    body = {"item_id": content["child"].pk, "is_helpful": False, "comment": "  Too short.  "}
    response = client.post(url, body, content_type="application/json")
    assert (response.status_code, json.loads(response.content)) == (
        201,
        {"item_id": content["child"].pk, "is_helpful": False, "comment": "Too short."},
    )
    with scopes_disabled():
        feedback = content["child"].feedback.get()
    assert (feedback.language.code, feedback.comment) == ("en", "Too short.")
    for item in (content["draft"], content["foreign"]):
        response = client.post(url, {**body, "item_id": item.pk}, content_type="application/json")
        assert (response.status_code, json.loads(response.content)) == (404, {"detail": "There is no such item."})
    response = client.post(url, {**body, "comment": "x" * 1001}, content_type="application/json")
    assert (response.status_code, json.loads(response.content)) == (
        422,
        {"detail": "comment: String should have at most 1000 characters"},
    )
    for _n in range(7):  # 3 counted so far; the limit is 10 an hour
        assert client.post(url, body, content_type="application/json").status_code == 201
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 429
    assert json.loads(response.content) == {
        "detail": "Too much feedback from this address in a short time. Please try again in an hour."
    }
