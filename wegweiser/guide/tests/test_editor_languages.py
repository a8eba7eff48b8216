"""The region's languages: the coordinator lists them and adds one."""

import re

import pytest
from django_scopes import scope

from wegweiser.guide import services
from wegweiser.guide.models import Page, RegionLanguage

pytestmark = pytest.mark.django_db


def url(region):
    return f"/app/{region.slug}/guide/languages/"


def codes(region):
    with scope(region=region):
        return list(RegionLanguage.objects.filter(region=region).values_list("language__code", "is_source"))


def test_coordinator_sees_the_languages_with_their_up_to_date_counts(client, member, guide_region, lang):
    page = services.item_create(actor=None, region=guide_region, model=Page, title="Sprachkurse")
    services.text_save(actor=None, item=page, language=lang("ar"), title="دورات اللغة")
    client.force_login(member("coordinator", region=guide_region))
    html = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    table = html.split('data-testid="languages"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'data-language="([\w-]+)">\s*<th scope="row">([^<]+)</th>.*?<td class="num">(\d+)</td>', table, re.S
    )
    assert rows == [
        ("de", "German", "1"),
        ("en", "English", "0"),
        ("ar", "Arabic", "1"),
        ("uk", "Ukrainian", "0"),
        ("tr", "Turkish", "0"),
        ("fa", "Farsi", "0"),
    ]
    assert '<span lang="ar" dir="rtl">العربية</span>' in table
    options = re.findall(r'<option value="\d+">([^<]+)</option>', html)
    assert "Russian – Русский" in options
    assert "Arabic – العربية" not in options


def test_coordinator_adds_a_language(client, member, guide_region, lang):
    client.force_login(member("coordinator", region=guide_region))
    response = client.post(url(guide_region), {"language": lang("ru").pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == ["Russian added."]
    assert codes(guide_region)[-1] == ("ru", False)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("ar", "Choose a language that is not offered yet."),
        (99999, "Choose a language that is not offered yet."),
        ("abc", "Choose a language that is not offered yet."),
        ("", "This field is required."),
    ],
)
def test_adding_a_language_twice_or_an_unknown_one_is_refused(client, member, guide_region, lang, value, error):
    client.force_login(member("coordinator", region=guide_region))
    before = codes(guide_region)
    value = lang("ar").pk if value == "ar" else value
    response = client.post(url(guide_region), {"language": value}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert re.findall(r'<ul class="errorlist"[^>]*><li>(.*?)</li>', response.content.decode()) == [error]
    assert codes(guide_region) == before


def test_the_first_language_of_a_new_region_becomes_the_source(client, member, region, lang):
    client.force_login(member("coordinator", region=region))
    html = client.get(url(region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The first language you add is the source language" in html
    client.post(url(region), {"language": lang("de").pk})
    client.post(url(region), {"language": lang("en").pk})
    assert codes(region) == [("de", True), ("en", False)]


def test_a_region_without_languages_is_told_what_to_do(client, member, region):
    client.force_login(member("editor", region=region))
    response = client.get(f"/app/{region.slug}/guide/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "This region has no languages yet." in response.content.decode()
    assert "New page" not in response.content.decode()
