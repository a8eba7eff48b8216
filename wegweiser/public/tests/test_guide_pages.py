"""The public guide through HTTP: language choice, page tree, translations and fallbacks,
404s, and that only published content of the region shows."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from pytest_django.asserts import assertInHTML

from wegweiser.guide import services
from wegweiser.guide.models import Page

pytestmark = pytest.mark.django_db

KO = "/kreis-offenbach"
AR_START = quote("الخطوات-الأولى")
WOMEN = quote("deutschkurse-für-frauen")


def html(response) -> str:
    return response.content.decode()


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", html(response)).group(0)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("ar-SY,ar;q=0.9,de;q=0.5", f"{KO}/ar/"),
        ("fr-FR,en;q=0.5", f"{KO}/en/"),
        ("uk-UA", f"{KO}/uk/"),
        ("ja", f"{KO}/de/"),
        ("", f"{KO}/de/"),
    ],
)
def test_region_redirects_to_the_visitors_best_language(client, content, accept, expected):
    response = client.get(f"{KO}/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected
    assert "Accept-Language" in response["Vary"]


def test_unknown_region_answers_404(client, content):
    assert client.get("/nirgendwo/", HTTP_ACCEPT_LANGUAGE="en").status_code == 404
    response = client.get("/nirgendwo/en/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 404
    assertInHTML("<h1>Page not found</h1>", html(response))


def test_home_links_each_region_that_has_a_guide(client, content):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert re.findall(r'<a href="([^"]+)" data-testid="guide-link">', html(response)) == [f"{KO}/"]


def test_start_page_shows_topics_news_and_next_events(client, content):
    response = client.get(f"{KO}/de/")
    assert response.status_code == 200
    page = html(response)
    topics = re.findall(r'<h3><a href="([^"]+)"[^>]*>([^<]+)</a></h3>', page)
    assert topics[:2] == [(f"{KO}/de/erste-schritte/", "Erste Schritte"), (f"{KO}/de/gesundheit/", "Gesundheit")]
    assertInHTML(f'<li><a href="{KO}/de/erste-schritte/sprachkurse/">Sprachkurse</a></li>', page)
    assert "Entwurfsseite" not in page
    assert "Archivseite" not in page
    assertInHTML(f'<a href="{KO}/de/news/neue-sprechzeiten/">Neue Sprechzeiten</a>', page)
    assertInHTML(f'<a href="{KO}/de/events/fest-der-kulturen/">Fest der Kulturen</a>', page)
    assert "Geheimes Treffen" not in page


def test_page_tree_navigation_with_breadcrumbs_and_child_pages(client, content):
    response = client.get(f"{KO}/en/first-steps/language-courses/")
    assert response.status_code == 200
    page = html(response)
    assertInHTML(
        f"""<nav class="crumbs" aria-label="Breadcrumbs"><ol>
        <li><a href="{KO}/en/">Start</a></li>
        <li><a href="{KO}/en/first-steps/">First steps</a></li>
        <li><span aria-current="page">Language courses</span></li></ol></nav>""",
        page,
    )
    children = re.findall(r'<li class="card"><h3><a href="([^"]+)" lang="([^"]+)">([^<]+)</a>', page)
    assert children == [(f"{KO}/en/first-steps/language-courses/{WOMEN}/", "de-DE", "Deutschkurse für Frauen")]
    deepest = client.get(f"{KO}/de/erste-schritte/sprachkurse/{WOMEN}/")
    assert deepest.status_code == 200
    assertInHTML("<h1>Deutschkurse für Frauen</h1>", html(deepest))
    assert 'aria-labelledby="subpages"' not in html(deepest)


@pytest.mark.parametrize(
    "path",
    [
        "/en/entwurfsseite/",  # draft
        "/en/archivseite/",  # archived
        "/en/sprachkurse/",  # a child page is not at the top
        "/en/first-steps/gesundheit/",  # nor below another page
        "/en/offers/geheimer-entwurf/",  # draft offer
        "/en/events/geheimes-treffen/",  # draft event
        "/en/places/nirgends/",
        "/en/news/nichts/",
        "/fr/",  # a language the region does not offer
        "/xx/",  # no language at all
    ],
)
def test_unpublished_or_unknown_answers_404(client, content, path):
    response = client.get(KO + path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assertInHTML("<h1>Page not found</h1>", html(response))


def test_a_page_below_a_draft_page_is_hidden(client, content):
    services.item_set_status(actor=None, item=content.start, status="draft")
    assert client.get(f"{KO}/de/erste-schritte/sprachkurse/").status_code == 404


def test_404_speaks_the_requested_language(client, content):
    response = client.get(f"{KO}/ar/nicht-da/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 404
    assert html_tag(response) == '<html lang="ar" dir="rtl">'
    assertInHTML("<h1>الصفحة غير موجودة</h1>", html(response))


def test_arabic_page_is_right_to_left(client, content):
    response = client.get(f"{KO}/ar/{AR_START}/")
    assert response.status_code == 200
    assert response["Content-Language"] == "ar"
    assert html_tag(response) == '<html lang="ar" dir="rtl">'
    page = html(response)
    assert '<div class="content" lang="ar" dir="rtl">' in page
    assertInHTML("<h1>الخطوات الأولى</h1>", page)
    assert 'data-testid="not-translated"' not in page


def test_untranslated_text_is_shown_in_german_and_marked(client, content):
    response = client.get(f"{KO}/ar/{AR_START}/sprachkurse/")
    assert response.status_code == 200
    page = html(response)
    assert html_tag(response) == '<html lang="ar" dir="rtl">'
    assert '<div class="content" lang="de-DE" dir="ltr">' in page
    assertInHTML("<h1>Sprachkurse</h1>", page)
    assert page.count('data-testid="not-translated"') == 1
    assert 'data-testid="machine-translated"' not in page


def test_machine_translation_is_labelled(client, content):
    response = client.get(f"{KO}/en/first-steps/language-courses/")
    assert response.status_code == 200
    page = html(response)
    assertInHTML(
        '<p class="notice info" data-testid="machine-translated">'
        "This text was translated by a machine and may contain mistakes.</p>",
        page,
    )
    assert '<div class="content" lang="en-GB" dir="ltr">' in page
    assert 'data-testid="not-translated"' not in page


def test_language_chooser_links_the_same_page_or_the_languages_start(client, content):
    page = html(client.get(f"{KO}/de/erste-schritte/"))
    chooser = re.findall(r'<li><a href="([^"]+)" lang="([^"]+)" hreflang="([^"]+)" dir="(ltr|rtl)"', page)
    assert chooser == [
        (f"{KO}/de/erste-schritte/", "de-DE", "de-DE", "ltr"),
        (f"{KO}/en/first-steps/", "en-GB", "en-GB", "ltr"),
        (f"{KO}/ar/{AR_START}/", "ar", "ar", "rtl"),
        (f"{KO}/uk/", "uk-UA", "uk-UA", "ltr"),
        (f"{KO}/tr/", "tr-TR", "tr-TR", "ltr"),
        (f"{KO}/fa/", "fa-IR", "fa-IR", "rtl"),
        (f"{KO}/ru/", "ru-RU", "ru-RU", "ltr"),
    ]
    assert f'<link rel="alternate" hreflang="ar" href="{KO}/ar/{AR_START}/">' in page


def test_source_slug_redirects_to_the_translated_one(client, content):
    response = client.get(f"{KO}/ar/erste-schritte/")
    assert response.status_code == 302
    assert response["Location"] == f"{KO}/ar/{AR_START}/"


def test_ui_follows_the_content_language(client, content):
    turkish = html(client.get(f"{KO}/tr/", HTTP_ACCEPT_LANGUAGE="de"))
    assertInHTML(f'<li><a href="{KO}/tr/offers/">Teklifler</a></li>', turkish)
    russian = client.get(f"{KO}/ru/", HTTP_ACCEPT_LANGUAGE="de")
    assert html_tag(russian) == '<html lang="ru-RU" dir="ltr">'
    # No Russian catalogue: the chrome is English and says so.
    assert '<header class="g-header" lang="en" dir="ltr">' in html(russian)
    assertInHTML(f'<li><a href="{KO}/ru/offers/">Offers</a></li>', html(russian))


def test_news_and_imprint(client, content):
    news = client.get(f"{KO}/en/news/", HTTP_ACCEPT_LANGUAGE="en")
    assertInHTML(f'<a href="{KO}/en/news/neue-sprechzeiten/" lang="de-DE">Neue Sprechzeiten</a>', html(news))
    detail = client.get(f"{KO}/en/news/neue-sprechzeiten/")
    assertInHTML("<h1>Neue Sprechzeiten</h1>", html(detail))
    imprint = client.get(f"{KO}/de/imprint/")
    assert imprint.status_code == 200
    assertInHTML("<p>Kreis Offenbach, Werner-Hilpert-Straße 1</p>", html(imprint))


def test_other_regions_content_never_shows(client, content, other_region):
    from wegweiser.public.tests.guide_content import lang

    services.region_language_add(actor=None, region=other_region, language=lang("de"), is_source=True)
    services.item_create(actor=None, region=other_region, model=Page, title="Stadtseite", status="published")
    assert client.get(f"{KO}/de/stadtseite/").status_code == 404
    assert client.get("/offenbach-am-main/de/erste-schritte/").status_code == 404
    assert client.get("/offenbach-am-main/de/stadtseite/").status_code == 200
    assert "Stadtseite" not in html(client.get(f"{KO}/de/"))


@pytest.mark.parametrize(
    "path",
    [f"{KO}/de/%00/", f"{KO}/de%00/", f"{KO}/de/offers/%00/", "/%00/", f"{KO}/de/{'a' * 300}/{'b' * 300}/"],
)
def test_odd_urls_answer_404_not_500(client, content, path):
    assert client.get(path, HTTP_ACCEPT_LANGUAGE="en").status_code == 404
