"""Event categories: the list with each language's name, creating one, and choosing it for an event."""

import re

import pytest
from django_scopes import scope, scopes_disabled

from wegweiser.guide import services
from wegweiser.guide.models import EventCategory

pytestmark = pytest.mark.django_db


def url(region, rest="event-categories/"):
    return f"/app/{region.slug}/guide/{rest}"


def categories(region):
    with scope(region=region):
        return list(EventCategory.objects.filter(region=region).values_list("slug", "german_name", "names"))


def test_editor_creates_a_category_with_names_in_some_languages(client, editor, guide_region):
    client.force_login(editor)
    html = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No event categories yet." in html
    labels = re.findall(r'<label for="id_[\w-]+">([^<]+)</label>', html)
    assert labels == [
        "Name in German:",
        "Name in English:",
        "Name in Arabic:",
        "Name in Ukrainian:",
        "Name in Turkish:",
        "Name in Farsi:",
    ]
    assert '<input type="text" name="name__ar" lang="ar" dir="rtl" maxlength="80" id="id_name__ar">' in html
    response = client.post(
        url(guide_region),
        {"german_name": " Sprachcafé ", "name__en": "Language café", "name__ar": "مقهى اللغة", "name__tr": " "},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert response.url == url(guide_region)
    assert [str(m) for m in response.wsgi_request._messages] == ["Category “Sprachcafé” created."]
    assert categories(guide_region) == [("sprachcafe", "Sprachcafé", {"en": "Language café", "ar": "مقهى اللغة"})]

    html = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    table = html.split('data-testid="categories"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<th scope="col">([^<]+)</th>', table) == [
        "German",
        "English",
        "Arabic",
        "Ukrainian",
        "Turkish",
        "Farsi",
    ]
    row = table.split('data-category="sprachcafe">', 1)[1].split("</tr>", 1)[0]
    assert '<th scope="row" lang="de">Sprachcafé</th>' in row
    assert '<span lang="en-GB" dir="ltr">Language café</span>' in row
    assert '<span lang="ar" dir="rtl">مقهى اللغة</span>' in row
    assert row.count("(not translated)") == 3


def test_the_event_form_offers_the_new_category_and_saves_it(client, editor, guide_region, lang):
    client.force_login(editor)
    client.post(url(guide_region), {"german_name": "Begegnung"})
    with scopes_disabled():
        category = EventCategory.objects.get(region=guide_region)
    html = client.get(url(guide_region, "new/event/"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.findall(r'name="categories" value="(\d+)"[^>]*>\s*Begegnung</label>', html) == [str(category.pk)]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"german_name": ""}, "This field is required."),
        ({"german_name": "   "}, "This field is required."),
        ({"german_name": "x" * 81}, "Ensure this value has at most 80 characters (it has 81)."),
        ({"german_name": "Kurse", "name__en": "y" * 81}, "Ensure this value has at most 80 characters (it has 81)."),
        ({"german_name": "sprachcafé"}, "This category exists already."),
    ],
)
def test_bad_input_is_reported_and_nothing_saved(client, editor, guide_region, data, error):
    services.event_category_create(actor=None, region=guide_region, german_name="Sprachcafé")
    before = categories(guide_region)
    client.force_login(editor)
    response = client.post(url(guide_region), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert re.findall(r'<ul class="errorlist"[^>]*><li>(.*?)</li>', response.content.decode()) == [error]
    assert categories(guide_region) == before


def test_another_regions_categories_are_never_shown_or_offered(client, editor, guide_region, other_region):
    services.event_category_create(actor=None, region=other_region, german_name="Fremdkategorie")
    client.force_login(editor)
    assert "Fremdkategorie" not in client.get(url(guide_region)).content.decode()
    assert "Fremdkategorie" not in client.get(url(guide_region, "new/event/")).content.decode()


def test_the_guide_nav_links_the_categories_for_editors_only(client, member, guide_region):
    link = f'<a href="{url(guide_region)}">Event categories</a>'
    client.force_login(member("editor", region=guide_region))
    assert link in client.get(url(guide_region, ""), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    current = f'<a href="{url(guide_region)}" aria-current="page">Event categories</a>'
    assert current in client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.force_login(member("read_only", region=guide_region))
    assert "Event categories" not in client.get(url(guide_region, ""), HTTP_ACCEPT_LANGUAGE="en").content.decode()
