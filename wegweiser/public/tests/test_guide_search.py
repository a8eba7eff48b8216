"""Search through HTTP: compounds, inflection and typos find pages, offers, places and
events; results link to them; the index is cached per region, language and change number."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wegweiser.guide import services
from wegweiser.guide.models import GuideState, Page
from wegweiser.public.tests.guide_content import lang

pytestmark = pytest.mark.django_db

KO = "/kreis-offenbach"
WOMEN = quote("deutschkurse-für-frauen")


def results(client, path: str, query: str) -> list[tuple[str, str]]:
    response = client.get(f"{KO}{path}search/", {"q": query})
    assert response.status_code == 200
    return re.findall(r'<h3><a href="([^"]+)" lang="[^"]+" dir="[^"]+">([^<]+)</a></h3>', response.content.decode())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Sprachkurs", [(f"{KO}/de/erste-schritte/sprachkurse/", "Sprachkurse")]),
        ("Deutschkurs", [(f"{KO}/de/erste-schritte/sprachkurse/{WOMEN}/", "Deutschkurse für Frauen")]),
        ("Deutschkurs Frauen", [(f"{KO}/de/erste-schritte/sprachkurse/{WOMEN}/", "Deutschkurse für Frauen")]),
        ("Deutschkurz", [(f"{KO}/de/erste-schritte/sprachkurse/{WOMEN}/", "Deutschkurse für Frauen")]),  # a typo
        ("Sprachkurz", [(f"{KO}/de/erste-schritte/sprachkurse/", "Sprachkurse")]),  # a typo
        (
            "Integrationskurs",
            [
                (f"{KO}/de/offers/integrationskurs-rodgau/", "Integrationskurs Rodgau"),
                (f"{KO}/de/erste-schritte/sprachkurse/", "Sprachkurse"),
            ],
        ),
        (
            "Rathaus",
            [  # in a title first, then in a text
                (f"{KO}/de/places/rathaus-dietzenbach/", "Rathaus Dietzenbach"),
                (f"{KO}/de/erste-schritte/", "Erste Schritte"),
            ],
        ),
        ("Sprachcafe", [(f"{KO}/de/events/sprachcaf%C3%A9/", "Sprachcafé")]),
        ("Entwurfsseite", []),  # drafts are not found
        ("Geheimer Entwurf", []),
        ("Neue Sprechzeiten", []),  # news are not searched
    ],
)
def test_search_finds_published_items(client, content, query, expected):
    assert results(client, "/de/", query) == expected


def test_search_in_arabic_finds_arabic_and_untranslated_texts(client, content):
    found = results(client, "/ar/", "الخطوات")
    assert found == [(f"{KO}/ar/{quote('الخطوات-الأولى')}/", "الخطوات الأولى")]
    response = client.get(f"{KO}/ar/search/", {"q": "Sprachkurs"})
    assert '<a href="/kreis-offenbach/ar/' + quote("الخطوات-الأولى") + '/sprachkurse/" lang="de-DE" dir="ltr">' in (
        response.content.decode()
    )


def test_empty_and_overlong_queries(client, content):
    response = client.get(f"{KO}/en/search/", {"q": "   "})
    assert response.status_code == 200
    assert 'data-testid="result-count"' not in response.content.decode()
    response = client.get(f"{KO}/en/search/", {"q": "x" * 5000})
    assert response.status_code == 200
    assert 'value="' + "x" * 200 + '"' in response.content.decode()


def test_result_count_and_kind(client, content):
    page = client.get(f"{KO}/en/search/", {"q": "Dietzenbach Rathaus"}).content.decode()
    assert re.search(r'data-testid="result-count">([^<]+)<', page).group(1) == "1 result"
    assert '<p class="meta">Place</p>' in page


def test_index_is_cached_until_the_region_changes(client, content):
    assert results(client, "/de/", "Stadtteilmütter") == []
    with CaptureQueriesContext(connection) as queries:
        results(client, "/de/", "Sprachkurs")
    cached_count = len(queries)
    with CaptureQueriesContext(connection) as queries:
        results(client, "/de/", "Gesundheit")
    assert len(queries) == cached_count  # no re-indexing: the same few queries
    services.item_create(actor=None, region=content.region, model=Page, title="Stadtteilmütter", status="published")
    assert results(client, "/de/", "Stadtteilmutter") == [(f"{KO}/de/stadtteilm%C3%BCtter/", "Stadtteilmütter")]
    seq = GuideState.objects.get(region=content.region).seq
    assert cache.get(f"public-search:{content.region.pk}:de:{seq}") is not None
    assert cache.get(f"public-search:{content.region.pk}:en:{seq}") is None


def test_search_never_shows_other_regions(client, content, other_region):
    services.region_language_add(actor=None, region=other_region, language=lang("de"), is_source=True)
    services.item_create(actor=None, region=other_region, model=Page, title="Sprachkurse Stadt", status="published")
    assert results(client, "/de/", "Sprachkurse") == [(f"{KO}/de/erste-schritte/sprachkurse/", "Sprachkurse")]
