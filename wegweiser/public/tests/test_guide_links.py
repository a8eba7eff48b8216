"""Public URLs of items in a language, for the offline guide, PDFs, QR codes and the API."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from wegweiser.public import links

pytestmark = pytest.mark.django_db

KO = "/kreis-offenbach"


def test_page_urls_follow_the_slug_path_in_each_language(content):
    women = content.women_courses
    assert (
        links.item_url(item=women, language="de")
        == f"{KO}/de/erste-schritte/sprachkurse/{quote('deutschkurse-für-frauen')}/"
    )
    assert links.item_url(item=women, language="en") == (
        f"{KO}/en/first-steps/language-courses/{quote('deutschkurse-für-frauen')}/"
    )
    assert links.item_url(item=content.language_courses, language="ar") == (
        f"{KO}/ar/{quote('الخطوات-الأولى')}/sprachkurse/"
    )


def test_other_kinds_and_absolute_urls(content, settings):
    settings.SITE_URL = "https://wegweiser.example"
    assert links.item_url(item=content.offer_course, language="de") == f"{KO}/de/offers/integrationskurs-rodgau/"
    assert links.item_url(item=content.town_hall, language="tr") == f"{KO}/tr/places/rathaus-dietzenbach/"
    assert links.item_url(item=content.news, language="en", absolute_url=True) == (
        f"https://wegweiser.example{KO}/en/news/neue-sprechzeiten/"
    )
    assert links.item_url(item=content.imprint, language="uk") == f"{KO}/uk/imprint/"
    assert links.item_url(item=content.festival, language="ar") == f"{KO}/ar/events/fest-der-kulturen/"


def test_bulk_and_per_language(content, django_assert_max_num_queries):
    items = [content.start, content.language_courses, content.women_courses, content.offer_course]
    with django_assert_max_num_queries(3):
        urls = links.item_urls(region=content.region, language="ar", items=items)
    assert urls == {
        content.start.pk: f"{KO}/ar/{quote('الخطوات-الأولى')}/",
        content.language_courses.pk: f"{KO}/ar/{quote('الخطوات-الأولى')}/sprachkurse/",
        content.women_courses.pk: f"{KO}/ar/{quote('الخطوات-الأولى')}/sprachkurse/{quote('deutschkurse-für-frauen')}/",
        content.offer_course.pk: f"{KO}/ar/offers/{quote('دورة-الاندماج-في-رودغاو')}/",
    }
    assert links.item_url_by_language(item=content.start, languages=["de", "en"]) == {
        "de": f"{KO}/de/erste-schritte/",
        "en": f"{KO}/en/first-steps/",
    }
    assert links.region_url(content.region) == f"{KO}/"
    assert links.guide_url(content.region, "fa", "offer_list") == f"{KO}/fa/offers/"


def test_every_link_answers(client, content):
    for item in [content.women_courses, content.offer_course, content.town_hall, content.festival, content.news]:
        for code in ["de", "ar", "ru"]:
            url = links.item_url(item=item, language=code)
            assert client.get(url).status_code == 200, url
