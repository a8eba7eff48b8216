"""The precomputed responses: strong, stable ETags, 304, br/gzip negotiation, and a
service write showing in the next response (after at most SEQ_TTL seconds)."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import brotli
import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django_scopes import scope

from wegweiser.api import cache as api_cache
from wegweiser.guide import services
from wegweiser.guide.models import ContentItem, Language, Page

pytestmark = pytest.mark.django_db

PAYLOAD = {"title": "Sprachkurse für Frauen", "ids": [3, 1, 2], "body": "<p>Ärztin – مرحبا</p>"}


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    cache.clear()
    api_cache.forget_seqs()
    yield
    cache.clear()
    api_cache.forget_seqs()


@pytest.fixture
def guide_region(region: Any) -> Any:
    """Kreis Offenbach with German as its source language."""
    german = Language.objects.get(code="de")
    services.region_language_add(actor=None, region=region, language=german, is_source=True)
    return region


def counting(payload: Callable[[], Any]) -> tuple[Callable[[], Any], list[int]]:
    calls: list[int] = []

    def make() -> Any:
        calls.append(1)
        return payload()

    return make, calls


def titles(region: Any) -> Callable[[], Any]:
    def make() -> Any:
        with scope(region=region):
            return sorted(t.title for page in Page.objects.filter(region=region) for t in page.translations.all())

    return make


def page(region: Any, title: str) -> Page:
    return services.item_create(actor=None, region=region, model=Page, title=title, status=ContentItem.Status.PUBLISHED)


def get(**headers: str) -> Any:
    return RequestFactory().get("/api/v3/kreis-offenbach/de/pages/", headers=headers)


def test_build_has_a_strong_etag_from_the_bytes() -> None:
    built = api_cache.build(PAYLOAD)

    raw = json.dumps(PAYLOAD, ensure_ascii=False, separators=(",", ":")).encode()
    assert built.raw == raw
    assert built.etag == f'"{hashlib.sha256(raw).hexdigest()[:32]}"'
    assert re.fullmatch(r'"[0-9a-f]{32}"', built.etag)
    assert gzip.decompress(built.gz) == raw
    assert brotli.decompress(built.br) == raw
    assert built.content_type == "application/json"
    assert built.size == len(raw) * 13 // 10


def test_etag_is_stable_and_changes_with_the_content() -> None:
    assert api_cache.build(PAYLOAD) == api_cache.build(dict(PAYLOAD))
    assert api_cache.build(PAYLOAD).gz == api_cache.build(PAYLOAD).gz  # no timestamp in the gzip header
    assert api_cache.build(PAYLOAD).etag != api_cache.build({**PAYLOAD, "ids": [3, 1]}).etag


def test_cached_builds_once_per_region_state(guide_region: Any) -> None:
    page(guide_region, "Ankommen")
    make, calls = counting(titles(guide_region))

    first = api_cache.cached("pages:de", guide_region.pk, make)
    again = api_cache.cached("pages:de", guide_region.pk, make)

    assert again is first
    assert json.loads(first.raw) == ["Ankommen"]
    assert calls == [1]


def test_other_keys_and_regions_build_their_own(guide_region: Any, other_region: Any) -> None:
    make, calls = counting(lambda: PAYLOAD)

    api_cache.cached("pages:de", guide_region.pk, make)
    api_cache.cached("pages:en", guide_region.pk, make)
    api_cache.cached("pages:de", other_region.pk, make)

    assert calls == [1, 1, 1]


def test_service_write_shows_after_seq_ttl(guide_region: Any) -> None:
    page(guide_region, "Ankommen")
    before = api_cache.cached("pages:de", guide_region.pk, titles(guide_region))

    page(guide_region, "Wohnen")
    time.sleep(api_cache.SEQ_TTL)  # what a process may lag behind; under the one second promised
    after = api_cache.cached("pages:de", guide_region.pk, titles(guide_region))

    assert api_cache.SEQ_TTL < 1
    assert json.loads(before.raw) == ["Ankommen"]
    assert json.loads(after.raw) == ["Ankommen", "Wohnen"]
    assert after.etag != before.etag


def test_service_write_shows_at_once_after_forget_seqs(guide_region: Any) -> None:
    item = page(guide_region, "Ankommen")
    before = api_cache.cached("pages:de", guide_region.pk, titles(guide_region))

    german = Language.objects.get(code="de")
    services.text_save(actor=None, item=item, language=german, title="Wohnen")
    api_cache.forget_seqs()
    after = api_cache.cached("pages:de", guide_region.pk, titles(guide_region))

    assert json.loads(before.raw) == ["Ankommen"]
    assert json.loads(after.raw) == ["Wohnen"]


def test_write_in_another_region_keeps_the_response(
    guide_region: Any, other_region: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api_cache, "SEQ_TTL", 0)  # every call reads the counters afresh
    german = Language.objects.get(code="de")
    services.region_language_add(actor=None, region=other_region, language=german, is_source=True)
    make, calls = counting(lambda: PAYLOAD)
    api_cache.cached("pages:de", guide_region.pk, make)

    page(other_region, "Anderswo")
    api_cache.cached("pages:de", guide_region.pk, make)
    page(guide_region, "Hier")
    api_cache.cached("pages:de", guide_region.pk, make)

    assert calls == [1, 1]


def test_cleared_django_cache_drops_the_process_copies(guide_region: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api_cache, "SEQ_TTL", 0)
    make, calls = counting(lambda: PAYLOAD)
    api_cache.cached("pages:de", guide_region.pk, make)
    api_cache.cached("pages:de", guide_region.pk, make)

    cache.clear()
    api_cache.cached("pages:de", guide_region.pk, make)

    assert calls == [1, 1]


def test_process_copies_are_bounded_in_bytes(guide_region: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    size = api_cache.build(PAYLOAD).size
    monkeypatch.setattr(api_cache, "LOCAL_MAX_BYTES", 2 * size)
    make, calls = counting(lambda: PAYLOAD)

    for key in ["a", "b", "a", "c", "a", "b"]:  # "b" is the least recently used when "c" comes
        api_cache.cached(key, guide_region.pk, make)

    assert len(calls) == 4  # a, b, c, then b again


def test_if_none_match_answers_304_without_body() -> None:
    built = api_cache.build(PAYLOAD)

    for header in [built.etag, f"W/{built.etag}", f'"other", {built.etag}', "*"]:
        response = api_cache.respond(get(if_none_match=header), built, cors=True)
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == built.etag
        assert response["Access-Control-Allow-Origin"] == "*"


def test_other_etag_gets_the_full_response() -> None:
    built = api_cache.build(PAYLOAD)

    response = api_cache.respond(get(if_none_match='"0123456789abcdef0123456789abcdef"'), built)

    assert response.status_code == 200
    assert response.content == built.raw
    assert response["ETag"] == built.etag
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert response["Vary"] == "Accept-Encoding"
    assert response.has_header("Access-Control-Allow-Origin") is False


def test_error_status_is_never_304() -> None:
    built = api_cache.build({"detail": "Not found"})

    response = api_cache.respond(get(if_none_match=built.etag), built, status=404)

    assert response.status_code == 404
    assert response.content == built.raw


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        ("gzip, deflate, br", "br"),
        ("br;q=1.0, gzip;q=0.8", "br"),
        ("gzip", "gzip"),
        ("gzip, br;q=0", "gzip"),
        ("*", "br"),
        ("identity", None),
        ("", None),
        ("gzip;q=0", None),
    ],
)
def test_encoding_negotiation(accept: str, coding: str | None) -> None:
    built = api_cache.build(PAYLOAD)

    response = api_cache.respond(get(accept_encoding=accept), built)

    assert response.status_code == 200
    assert response.get("Content-Encoding") == coding
    expected = {"br": built.br, "gzip": built.gz, None: built.raw}[coding]
    assert response.content == expected
    assert response["ETag"] == built.etag


def test_region_lookup_needs_no_query_when_known(region: Any, django_assert_num_queries: Any) -> None:
    assert api_cache.region_lookup("kreis-offenbach") == region

    with django_assert_num_queries(0):
        found = api_cache.region_lookup("kreis-offenbach")
    assert found == region
    assert api_cache.region_lookup("no-such-region") is None


def test_guide_lookup_follows_the_region_languages(
    guide_region: Any, django_assert_num_queries: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert api_cache.guide_lookup(guide_region, "en") is None  # not offered yet
    german = api_cache.guide_lookup(guide_region, "de")
    assert german is not None
    assert german.language.code == "de"
    with django_assert_num_queries(0):
        assert api_cache.guide_lookup(guide_region, "de") is german

    services.region_language_add(actor=None, region=guide_region, language=Language.objects.get(code="en"))
    monkeypatch.setattr(api_cache, "SEQ_TTL", 0)
    english = api_cache.guide_lookup(guide_region, "en")

    assert english is not None
    assert english.language.code == "en"
    assert [language.code for language in english.languages] == ["de", "en"]
