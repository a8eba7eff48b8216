"""The region's languages: the coordinator lists them, adds one, shows or hides one in the
public guide and moves it up or down in the language list."""

import re

import pytest
from django_scopes import scope, scopes_disabled

from wegweiser.audit.models import AuditEntry
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


def order(region):
    """(code, is_visible) in the order of the public language list."""
    with scope(region=region):
        return list(RegionLanguage.objects.filter(region=region).values_list("language__code", "is_visible"))


def change(client, region, code, action):
    return client.post(f"{url(region)}{code}/", {"action": action}, HTTP_ACCEPT_LANGUAGE="en")


def messages_of(response):
    """The messages this request added (earlier ones wait unread in the session)."""
    return [(m.level_tag, str(m)) for m in response.wsgi_request._messages._queued_messages]


def test_coordinator_hides_and_shows_a_language(client, member, guide_region):
    client.force_login(member("coordinator", region=guide_region))
    response = change(client, guide_region, "ar", "hide")
    assert response.status_code == 302
    assert response.url == url(guide_region)
    assert messages_of(response) == [("success", "Arabic is now hidden in the public guide.")]
    assert order(guide_region)[2] == ("ar", False)
    html = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = html.split('data-language="ar">', 1)[1].split("</tr>", 1)[0]
    assert '<td data-testid="visibility"><span class="st st-archived">hidden</span></td>' in row
    assert re.findall(r'value="(\w+)" class="secondary">', row) == ["show", "up", "down"]
    response = change(client, guide_region, "ar", "show")
    assert messages_of(response) == [("success", "Arabic is now shown in the public guide.")]
    assert order(guide_region)[2] == ("ar", True)


def test_showing_a_shown_language_changes_nothing(client, member, guide_region):
    client.force_login(member("coordinator", region=guide_region))
    response = change(client, guide_region, "en", "show")
    assert messages_of(response) == [("info", "Nothing has changed.")]
    assert order(guide_region)[1] == ("en", True)


def test_the_source_language_cannot_be_hidden_or_moved(client, member, guide_region):
    client.force_login(member("coordinator", region=guide_region))
    before = order(guide_region)
    html = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = html.split('data-language="de">', 1)[1].split("</tr>", 1)[0]
    assert "<button" not in row
    assert "always shown, always first" in row
    response = change(client, guide_region, "de", "hide")
    assert messages_of(response) == [("error", "The source language is always shown.")]
    response = change(client, guide_region, "de", "down")
    assert messages_of(response) == [("error", "The source language always comes first.")]
    assert order(guide_region) == before


def test_coordinator_moves_languages_up_and_down(client, member, guide_region):
    client.force_login(member("coordinator", region=guide_region))
    response = change(client, guide_region, "uk", "up")
    assert messages_of(response) == [("success", "Ukrainian moved up.")]
    assert [code for code, _visible in order(guide_region)] == ["de", "en", "uk", "ar", "tr", "fa"]
    response = change(client, guide_region, "en", "down")
    assert messages_of(response) == [("success", "English moved down.")]
    assert [code for code, _visible in order(guide_region)] == ["de", "uk", "en", "ar", "tr", "fa"]
    html = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    table = html.split('data-testid="languages"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'data-language="([\w-]+)"', table) == ["de", "uk", "en", "ar", "tr", "fa"]
    first = table.split('data-language="uk">', 1)[1].split("</tr>", 1)[0]
    last = table.split('data-language="fa">', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'value="(\w+)" class="secondary">', first) == ["hide", "down"]
    assert re.findall(r'value="(\w+)" class="secondary">', last) == ["hide", "up"]
    assert '>Move up<span class="visually-hidden"> (Farsi)</span></button>' in last


def test_moving_past_either_end_changes_nothing(client, member, guide_region):
    client.force_login(member("coordinator", region=guide_region))
    before = order(guide_region)
    assert messages_of(change(client, guide_region, "en", "up")) == [("info", "Nothing has changed.")]
    assert messages_of(change(client, guide_region, "fa", "down")) == [("info", "Nothing has changed.")]
    assert order(guide_region) == before


def test_moving_renumbers_positions_that_were_out_of_step(client, member, guide_region):
    with scope(region=guide_region):
        RegionLanguage.objects.filter(region=guide_region).exclude(is_source=True).update(position=7)
    client.force_login(member("coordinator", region=guide_region))
    change(client, guide_region, "fa", "up")  # all at 7: the list is ordered by code
    with scope(region=guide_region):
        rows = RegionLanguage.objects.filter(region=guide_region).values_list("language__code", "position")
        assert list(rows) == [("de", 0), ("ar", 1), ("fa", 2), ("en", 3), ("tr", 4), ("uk", 5)]


@pytest.mark.parametrize(("code", "action", "status"), [("ar", "delete", 302), ("ar", "", 302), ("ru", "hide", 404)])
def test_bad_language_changes_are_refused(client, member, guide_region, code, action, status):
    client.force_login(member("coordinator", region=guide_region))
    before = order(guide_region)
    response = change(client, guide_region, code, action)
    assert response.status_code == status
    if status == 302:
        assert messages_of(response) == [("error", "Choose one of the actions offered.")]
    assert order(guide_region) == before


def test_a_language_of_another_region_is_404(client, member, guide_region, other_region, lang):
    services.region_language_add(actor=None, region=other_region, language=lang("de"), is_source=True)
    services.region_language_add(actor=None, region=other_region, language=lang("ru"))
    client.force_login(member("coordinator", region=guide_region))
    assert change(client, guide_region, "ru", "hide").status_code == 404
    assert order(other_region) == [("de", True), ("ru", True)]


def test_changes_are_audited(client, member, guide_region):
    client.force_login(member("coordinator", region=guide_region))
    change(client, guide_region, "ar", "hide")
    with scopes_disabled():
        entry = AuditEntry.objects.filter(action="guide.language.changed").get()
    assert entry.changes == {"is_visible": {"before": True, "after": False}}
